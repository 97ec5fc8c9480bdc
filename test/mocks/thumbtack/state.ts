import type { ClientRecord } from './clients.ts';
import { buildWorld, type World } from './demo-data.ts';
import { startOfUtcDay } from './time.ts';
import type { FakeStats, FaultRule, FaultSpec, WebhookDelivery } from './types.ts';

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

interface ActiveFault extends FaultRule {
  remaining: number | null;
}

export interface FakeState {
  clients: Map<string, ClientRecord>;
  world: World;
  grants: Map<string, Grant>;
  codes: Map<string, AuthorizationCode>;
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  faults: { token: ActiveFault | null; api: ActiveFault | null };
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
  return {
    clients,
    world: buildWorld(startOfUtcDay(anchorSource)),
    grants: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    faults: { token: null, api: null },
    stats: emptyStats(),
    deliveries: [],
  };
}

export function setFaults(state: FakeState, spec: FaultSpec): void {
  const toActive = (rule: FaultRule | undefined): ActiveFault | null =>
    rule && (rule.status !== undefined || rule.latencyMs !== undefined)
      ? { ...rule, remaining: rule.times ?? null }
      : null;
  state.faults = { token: toActive(spec.token), api: toActive(spec.api) };
}

/** Takes one hit of the fault for an area, if any is active; used-up faults clear themselves. */
export function takeFault(state: FakeState, area: 'token' | 'api'): FaultRule | null {
  const fault = state.faults[area];
  if (!fault) return null;
  if (fault.remaining !== null) {
    fault.remaining -= 1;
    if (fault.remaining <= 0) state.faults[area] = null;
  }
  return fault;
}

/** Revokes a grant and everything issued from it (code reuse, refresh reuse, disconnect). */
export function revokeGrant(state: FakeState, grantID: string): void {
  const grant = state.grants.get(grantID);
  if (grant) grant.revoked = true;
  for (const token of state.accessTokens.values()) if (token.grantID === grantID) token.revoked = true;
  for (const token of state.refreshTokens.values()) if (token.grantID === grantID) token.revoked = true;
}
