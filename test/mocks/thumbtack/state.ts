import type { ClientRecord } from './clients.ts';
import { buildWorld, type World } from './demo-data.ts';
import { withFreshIds } from './prng.ts';
import { startOfUtcDay } from './time.ts';
import type { FakeStats, FaultRule, FaultRules, FaultSpec, WebhookDelivery } from './types.ts';

// Everything the fake remembers, in one place, so reset() is a single assignment and nothing hides in
// module scope (two fakes in one process never share state).

/** One authorization: a consent (authorization code) or a client-credentials grant. Tokens descend from it. */
export interface Grant {
  grantID: string;
  kind: 'user' | 'app';
  clientID: string;
  /** `sub` of its tokens: the Thumbtack user ID, or the client ID for client credentials (Hydra). */
  subject: string;
  userID: string | null;
  scopes: string[];
  nonce: string | null;
  authTime: number;
  revoked: boolean;
}

export interface AuthorizationCode {
  code: string;
  grantID: string;
  clientID: string;
  redirectUri: string;
  codeChallenge: string | null;
  scopes: string[];
  nonce: string | null;
  userID: string;
  expiresAt: number;
  usedAt: number | null;
}

export interface AccessTokenRecord {
  token: string;
  jti: string;
  grantID: string;
  clientID: string;
  userID: string | null;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  grantID: string;
  clientID: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** First use: rotation starts the 60-second reuse window from here. */
  usedAt: number | null;
  revoked: boolean;
  /** The access token issued in the same response: rotating this refresh token revokes it (fosite). */
  siblingAccessToken: string;
}

interface ActiveFault {
  /** Empty: the rule only delays. */
  statuses: readonly number[];
  latencyMs: number | undefined;
  /** 1 hits every request without drawing a number, as rules did before `rate` existed. */
  rate: number;
  remaining: number | null;
}

/** What one request gets from the faults of its area: a status picked, a delay, or both. */
export interface FaultHit {
  status?: number;
  latencyMs?: number;
}

export interface ActiveFaults {
  token: ActiveFault[];
  api: ActiveFault[];
  /** Uniform in [0, 1): decides `rate`s and picks from status lists. */
  random: () => number;
}

export interface FakeState {
  clients: Map<string, ClientRecord>;
  world: World;
  grants: Map<string, Grant>;
  codes: Map<string, AuthorizationCode>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  faults: ActiveFaults;
  stats: FakeStats;
  deliveries: WebhookDelivery[];
}

export interface Clock {
  now(): number;
  advance(ms: number): void;
  reset(): void;
}

export function createClock(source: () => number): Clock {
  let offset = 0;
  return {
    now: () => source() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of ms');
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

export function emptyStats(): FakeStats {
  return { token: { authorization_code: 0, refresh_token: 0, client_credentials: 0 }, api: 0 };
}

export function createState(clients: Map<string, ClientRecord>, anchorSource: number): FakeState {
  const world = buildWorld(startOfUtcDay(anchorSource));
  world.prng = withFreshIds(world.prng);
  return {
    clients,
    world,
    grants: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    faults: { token: [], api: [], random: Math.random },
    stats: emptyStats(),
    deliveries: [],
  };
}

export function setFaults(state: FakeState, spec: FaultSpec, random: () => number): void {
  // A rule that neither fails nor delays would only use up `times`: it is dropped, as before lists.
  const toActive = (rules: FaultRules | undefined): ActiveFault[] =>
    (rules === undefined ? [] : Array.isArray(rules) ? rules : [rules])
      .filter((rule: FaultRule) => rule.status !== undefined || rule.latencyMs !== undefined)
      .map((rule) => ({
        statuses: rule.status === undefined ? [] : Array.isArray(rule.status) ? rule.status : [rule.status],
        latencyMs: rule.latencyMs,
        rate: rule.rate ?? 1,
        remaining: rule.times ?? null,
      }));
  state.faults = { token: toActive(spec.token), api: toActive(spec.api), random };
}

/**
 * Decides the fault for one request of an area: the rules in order, the first that fires applies (a
 * rule with a `rate` fires for that share of the requests it is asked about). Only a rule that fires
 * uses up one of its `times`; a used-up rule leaves the list.
 */
export function takeFault(state: FakeState, area: 'token' | 'api'): FaultHit | null {
  const { random } = state.faults;
  const rules = state.faults[area];
  for (const [index, rule] of rules.entries()) {
    if (rule.rate < 1 && !(random() < rule.rate)) continue;
    if (rule.remaining !== null) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) rules.splice(index, 1);
    }
    const hit: FaultHit = {};
    if (rule.latencyMs !== undefined) hit.latencyMs = rule.latencyMs;
    if (rule.statuses.length > 0) {
      hit.status =
        rule.statuses.length === 1
          ? rule.statuses[0]
          : rule.statuses[Math.min(rule.statuses.length - 1, Math.floor(random() * rule.statuses.length))];
    }
    return hit;
  }
  return null;
}

/** Revokes a grant and everything issued from it (code reuse, refresh reuse, disconnect). */
export function revokeGrant(state: FakeState, grantID: string): void {
  const grant = state.grants.get(grantID);
  if (grant) grant.revoked = true;
  for (const token of state.accessTokens.values()) if (token.grantID === grantID) token.revoked = true;
  for (const token of state.refreshTokens.values()) if (token.grantID === grantID) token.revoked = true;
}
