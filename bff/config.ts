import { z } from 'zod';
import { weakSecretReason } from './secret-strength.ts';
import { DEMO_CLIENT_CREDENTIALS } from './thumbtack/demo-clients.ts';
import {
  MOCK_PATHS,
  mockUrls,
  PRODUCTION_URLS,
  STAGING_URLS,
  type ThumbtackUrls,
} from './thumbtack/environments.ts';
import {
  DEMAND_APP_SCOPES,
  DEMO_APP_SCOPES,
  DEMO_USER_SCOPES,
  isKnownScope,
  parseScopeList,
  type Side,
  sideOfScope,
} from './thumbtack/scopes.ts';

export type ThumbtackEnv = 'mock' | 'staging' | 'production';

export interface Config {
  readonly env: ThumbtackEnv;
  readonly port: number;
  /**
   * Addresses the Node server listens on. Mock mode defaults to loopback only (both 127.0.0.1 and ::1,
   * so `localhost` works however it resolves): the demo and its control surface are not for a network.
   */
  readonly hosts: readonly string[];
  /** Node server: the drain deadline after SIGTERM, and how long a client may take to send a request. */
  readonly server: {
    readonly shutdownTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
  };
  /** Scheme, host and port the browser uses; also the only Origin accepted on unsafe requests. */
  readonly publicOrigin: string;
  readonly redirectUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes asked for at login (authorization code). */
  readonly scopes: readonly string[];
  /** Scopes of the application token (client credentials); empty on the supply side. */
  readonly appScopes: readonly string[];
  readonly side: Side;
  readonly thumbtack: ThumbtackUrls & { readonly disconnectPath: string };
  /** Raw secrets, newest first: the first seals, all open (see session/seal.ts). */
  readonly sessionSecrets: readonly string[];
  /** True when mock mode made up a key because SESSION_SECRETS was unset: sessions die on restart. */
  readonly sessionSecretsEphemeral: boolean;
  readonly session: { readonly absoluteLifetimeSeconds: number; readonly idleTimeoutSeconds: number };
  /** Where sessions live: the sealed cookie itself, or Redis (the cookie then holds only an id). */
  readonly sessionStore:
    | { readonly kind: 'cookie' }
    | { readonly kind: 'redis'; readonly url: string }
    | { readonly kind: 'durable-object' };
  readonly rateLimits: {
    readonly authPerMinute: number;
    readonly appPerMinute: number;
    readonly webhookPerMinute: number;
  };
  /**
   * The server secret the per-business webhook credentials derive from (docs/live-updates.md); unset,
   * live updates are off. Mock mode makes one up when it is unset.
   */
  readonly webhookSecret: string | undefined;
  /** The partner's assigned `utm_source` (`cma-…`), added by the proxy to marketplace calls. */
  readonly utmSource: string | undefined;
  /**
   * Upper bound on the timeout of every call to Thumbtack, in ms: proxied calls (each route has its
   * own, up to 15 s) and token requests (10 s).
   */
  readonly upstreamTimeoutCapMs: number | undefined;
  /** Header that carries the client IP, set only when a trusted proxy in front of us writes it. */
  readonly trustedProxyHeader: string | undefined;
  /** Mock mode only: which demo side, and an external fake's origin when one is used. */
  readonly mock: { readonly side: Side; readonly fakeOrigin: string | undefined } | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Node only. Prometheus metrics on a port of their own (`port`), and/or on the public port behind a
   * bearer token (`token`); neither set, no metrics are served. Never on the public origin unguarded.
   */
  readonly metrics: { readonly port: number | undefined; readonly token: string | undefined };
  /** Traces to an OTLP/HTTP collector when set (OTEL_EXPORTER_OTLP_ENDPOINT); off otherwise. */
  readonly tracing:
    | {
        readonly endpoint: string;
        readonly serviceName: string;
        /** The share of traces started here that are kept; a trusted proxy's decision is followed. */
        readonly sampleRatio: number;
      }
    | undefined;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const DEFAULTS = {
  port: 3000,
  /** A little over the longest proxied call (15 s) plus a token refresh's share; see test/bff/config.test.ts. */
  shutdownTimeoutMs: 20_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  absoluteLifetimeSeconds: 7 * 24 * 3600,
  idleTimeoutSeconds: 12 * 3600,
  authPerMinute: 30,
  appPerMinute: 120,
  webhookPerMinute: 600,
  disconnectPath: '/v4/users/disconnect',
} as const;

const MIN_SECRET_BYTES = 32;
const DEMO_UTM_SOURCE = 'cma-partner-console-demo';
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const positiveInt = (max: number) => {
  const error = `must be a whole number from 1 to ${max}`;
  return z.coerce.number({ error }).int({ error }).positive({ error }).max(max, { error });
};
const httpUrl = z.url({ protocol: /^https?$/ });

const EnvSchema = z.object({
  THUMBTACK_ENV: z.enum(['mock', 'staging', 'production']).default('mock'),
  PORT: positiveInt(65535).default(DEFAULTS.port),
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, 'must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt(600_000).default(DEFAULTS.shutdownTimeoutMs),
  SERVER_HEADERS_TIMEOUT_MS: positiveInt(600_000).default(DEFAULTS.headersTimeoutMs),
  SERVER_REQUEST_TIMEOUT_MS: positiveInt(600_000).default(DEFAULTS.requestTimeoutMs),
  PUBLIC_ORIGIN: httpUrl.optional(),
  THUMBTACK_CLIENT_ID: optionalText,
  THUMBTACK_CLIENT_SECRET: optionalText,
  THUMBTACK_SCOPES: optionalText,
  THUMBTACK_APP_SCOPES: optionalText,
  THUMBTACK_ISSUER: httpUrl.optional(),
  THUMBTACK_AUTHORIZE_URL: httpUrl.optional(),
  THUMBTACK_TOKEN_URL: httpUrl.optional(),
  THUMBTACK_REVOKE_URL: httpUrl.optional(),
  THUMBTACK_JWKS_URL: httpUrl.optional(),
  THUMBTACK_API_BASE: httpUrl.optional(),
  THUMBTACK_DISCONNECT_PATH: z
    .string()
    .regex(/^\/v4\/[a-z0-9/-]+$/, 'must be a path under /v4/')
    .default(DEFAULTS.disconnectPath),
  SESSION_SECRETS: optionalText,
  WEBHOOK_SECRET: optionalText,
  SESSION_ABSOLUTE_LIFETIME_SECONDS: positiveInt(90 * 24 * 3600).default(DEFAULTS.absoluteLifetimeSeconds),
  SESSION_IDLE_TIMEOUT_SECONDS: positiveInt(90 * 24 * 3600).default(DEFAULTS.idleTimeoutSeconds),
  SESSION_STORE: z.enum(['cookie', 'redis', 'durable-object']).default('cookie'),
  REDIS_URL: optionalText,
  AUTH_RATE_LIMIT: positiveInt(1_000_000).default(DEFAULTS.authPerMinute),
  APP_RATE_LIMIT: positiveInt(1_000_000).default(DEFAULTS.appPerMinute),
  WEBHOOK_RATE_LIMIT: positiveInt(1_000_000).default(DEFAULTS.webhookPerMinute),
  UPSTREAM_TIMEOUT_MS: positiveInt(120_000).optional(),
  THUMBTACK_UTM_SOURCE: z
    .string()
    .regex(/^cma-[A-Za-z0-9_-]{1,44}$/, 'must be the cma- source Thumbtack assigned to you')
    .optional(),
  TRUSTED_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name')
    .optional(),
  MOCK_SIDE: z.enum(['supply', 'demand']).default('supply'),
  FAKE_THUMBTACK_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  METRICS_PORT: positiveInt(65535).optional(),
  METRICS_TOKEN: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a short name (letters, digits, . _ -)')
    .default('thumbtack-partner-console'),
  TRACE_SAMPLE_RATIO: z.coerce
    .number({ error: 'must be a number between 0 and 1' })
    .gt(0, 'must be more than 0 (unset OTEL_EXPORTER_OTLP_ENDPOINT to turn tracing off)')
    .max(1, 'must be at most 1')
    .default(1),
});

/**
 * Reads the environment once and returns a frozen Config, or throws a ConfigError naming every bad key,
 * so a person fixes the whole .env in one go instead of one restart per mistake. Keys that fail their
 * own format are reported and replaced by their defaults for the checks that follow, so a bad PORT
 * does not hide a missing client id.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const e = parseEnvironment(env, problems);
  const isMock = e.THUMBTACK_ENV === 'mock';

  const publicOrigin = normalizeOrigin(e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`, problems);
  if (e.THUMBTACK_ENV === 'production' && !publicOrigin.startsWith('https://')) {
    problems.push('PUBLIC_ORIGIN: production needs an https:// origin (Secure cookies, HSTS)');
  }
  if (!isMock && e.FAKE_THUMBTACK_URL) {
    problems.push('FAKE_THUMBTACK_URL: the fake Thumbtack exists only in mock mode');
  }

  const mockSide: Side = e.MOCK_SIDE;
  const demo = DEMO_CLIENT_CREDENTIALS[mockSide];
  const clientId = e.THUMBTACK_CLIENT_ID ?? (isMock ? demo.id : undefined);
  const clientSecret = e.THUMBTACK_CLIENT_SECRET ?? (isMock ? demo.secret : undefined);
  if (!clientId) problems.push('THUMBTACK_CLIENT_ID: required outside mock mode');
  if (!clientSecret) problems.push('THUMBTACK_CLIENT_SECRET: required outside mock mode');

  const scopes = e.THUMBTACK_SCOPES
    ? parseScopeList(e.THUMBTACK_SCOPES)
    : isMock
      ? [...DEMO_USER_SCOPES[mockSide]]
      : [];
  if (!isMock && !e.THUMBTACK_SCOPES) problems.push('THUMBTACK_SCOPES: required outside mock mode');
  const side = checkScopes('THUMBTACK_SCOPES', scopes, problems);
  if (scopes.some((s) => (DEMAND_APP_SCOPES as readonly string[]).includes(s))) {
    problems.push('THUMBTACK_SCOPES: application scopes belong in THUMBTACK_APP_SCOPES');
  }

  const appScopes = e.THUMBTACK_APP_SCOPES
    ? parseScopeList(e.THUMBTACK_APP_SCOPES)
    : isMock && side === 'demand'
      ? [...DEMO_APP_SCOPES]
      : [];
  for (const scope of appScopes) {
    if (!(DEMAND_APP_SCOPES as readonly string[]).includes(scope)) {
      problems.push(`THUMBTACK_APP_SCOPES: "${scope}" is not a demand application scope`);
    }
  }
  const utmSource = e.THUMBTACK_UTM_SOURCE ?? (isMock ? DEMO_UTM_SOURCE : undefined);
  if (!utmSource && side === 'demand') {
    problems.push('THUMBTACK_UTM_SOURCE: required on the demand side (marketplace calls carry it)');
  }
  if (appScopes.length > 0 && side === 'supply') {
    problems.push('THUMBTACK_APP_SCOPES: application tokens exist only on the demand side');
  }

  const secrets = e.SESSION_SECRETS ? e.SESSION_SECRETS.split(',').map((s) => s.trim()) : [];
  secrets.forEach((secret, i) => {
    if (new TextEncoder().encode(secret).length < MIN_SECRET_BYTES) {
      problems.push(`SESSION_SECRETS: secret #${i + 1} is shorter than ${MIN_SECRET_BYTES} bytes`);
      return;
    }
    // The demo may run on anything; a real deployment seals real tokens with it.
    const weak = isMock ? undefined : weakSecretReason(secret);
    if (weak) {
      problems.push(`SESSION_SECRETS: secret #${i + 1} ${weak}; generate one with: openssl rand -base64 48`);
    }
  });
  const sessionSecretsEphemeral = secrets.length === 0 && isMock;
  if (secrets.length === 0 && !isMock) problems.push('SESSION_SECRETS: required outside mock mode');
  if (sessionSecretsEphemeral) secrets.push(randomSecret());

  let webhookSecret = e.WEBHOOK_SECRET;
  if (webhookSecret !== undefined) {
    if (new TextEncoder().encode(webhookSecret).length < MIN_SECRET_BYTES) {
      problems.push(`WEBHOOK_SECRET: shorter than ${MIN_SECRET_BYTES} bytes`);
    } else if (!isMock) {
      const weak = weakSecretReason(webhookSecret);
      if (weak) problems.push(`WEBHOOK_SECRET: ${weak}; generate one with: openssl rand -base64 48`);
    }
  } else if (isMock) {
    // The demo's webhooks come from the fake, which learns the credentials when the console subscribes.
    webhookSecret = randomSecret();
  }

  if (e.METRICS_TOKEN !== undefined) {
    if (new TextEncoder().encode(e.METRICS_TOKEN).length < MIN_SECRET_BYTES) {
      problems.push(`METRICS_TOKEN: shorter than ${MIN_SECRET_BYTES} bytes`);
    } else if (!isMock && weakSecretReason(e.METRICS_TOKEN)) {
      problems.push('METRICS_TOKEN: looks guessable; generate one with: openssl rand -base64 48');
    }
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT) {
    problems.push(
      'METRICS_PORT: must differ from PORT (use METRICS_TOKEN to serve metrics on the public port)',
    );
  }

  if (e.SERVER_HEADERS_TIMEOUT_MS > e.SERVER_REQUEST_TIMEOUT_MS) {
    problems.push('SERVER_HEADERS_TIMEOUT_MS: must not exceed SERVER_REQUEST_TIMEOUT_MS');
  }
  if (e.SESSION_IDLE_TIMEOUT_SECONDS > e.SESSION_ABSOLUTE_LIFETIME_SECONDS) {
    problems.push('SESSION_IDLE_TIMEOUT_SECONDS: must not exceed SESSION_ABSOLUTE_LIFETIME_SECONDS');
  }

  const sessionStore = checkSessionStore(e.SESSION_STORE, e.REDIS_URL, e.THUMBTACK_ENV, problems);

  const fakeOrigin = e.FAKE_THUMBTACK_URL ? normalizeOrigin(e.FAKE_THUMBTACK_URL, problems) : undefined;
  const base: ThumbtackUrls =
    e.THUMBTACK_ENV === 'production'
      ? PRODUCTION_URLS
      : e.THUMBTACK_ENV === 'staging'
        ? STAGING_URLS
        : mockUrls(fakeOrigin ?? publicOrigin);
  const urls = {
    issuer: e.THUMBTACK_ISSUER ?? base.issuer,
    authorizeUrl: e.THUMBTACK_AUTHORIZE_URL ?? base.authorizeUrl,
    tokenUrl: e.THUMBTACK_TOKEN_URL ?? base.tokenUrl,
    revokeUrl: e.THUMBTACK_REVOKE_URL ?? base.revokeUrl,
    jwksUrl: e.THUMBTACK_JWKS_URL ?? base.jwksUrl,
    apiBase: (e.THUMBTACK_API_BASE ?? base.apiBase).replace(/\/+$/, ''),
    disconnectPath: e.THUMBTACK_DISCONNECT_PATH,
  };
  if (e.THUMBTACK_ENV === 'production') {
    for (const [key, value] of Object.entries(urls)) {
      if (typeof value === 'string' && value.startsWith('http') && !value.startsWith('https://')) {
        problems.push(`${key}: production talks to Thumbtack over https only`);
      }
      if (typeof value === 'string' && value.includes(MOCK_PATHS.control)) {
        problems.push(`${key}: the fake's control surface cannot be used in production`);
      }
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    env: e.THUMBTACK_ENV,
    port: e.PORT,
    hosts: e.HOST ? [e.HOST] : isMock ? ['127.0.0.1', '::1'] : ['0.0.0.0'],
    server: {
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      headersTimeoutMs: e.SERVER_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.SERVER_REQUEST_TIMEOUT_MS,
    },
    publicOrigin,
    redirectUri: `${publicOrigin}/auth/callback`,
    clientId: clientId as string,
    clientSecret: clientSecret as string,
    scopes,
    appScopes,
    side: side ?? mockSide,
    thumbtack: urls,
    sessionSecrets: secrets,
    sessionSecretsEphemeral,
    session: {
      absoluteLifetimeSeconds: e.SESSION_ABSOLUTE_LIFETIME_SECONDS,
      idleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT_SECONDS,
    },
    sessionStore,
    rateLimits: {
      authPerMinute: e.AUTH_RATE_LIMIT,
      appPerMinute: e.APP_RATE_LIMIT,
      webhookPerMinute: e.WEBHOOK_RATE_LIMIT,
    },
    webhookSecret,
    upstreamTimeoutCapMs: e.UPSTREAM_TIMEOUT_MS,
    utmSource,
    trustedProxyHeader: e.TRUSTED_PROXY_HEADER?.toLowerCase(),
    mock: isMock ? { side: mockSide, fakeOrigin } : undefined,
    logLevel: e.LOG_LEVEL,
    metrics: { port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''),
          serviceName: e.OTEL_SERVICE_NAME,
          sampleRatio: e.TRACE_SAMPLE_RATIO,
        }
      : undefined,
  });
}

type Environment = z.infer<typeof EnvSchema>;

/**
 * Checks every key against its format. A key that fails is reported and left out, so its default
 * applies to the checks that follow (parseConfig still throws at the end).
 */
function parseEnvironment(env: Record<string, string | undefined>, problems: string[]): Environment {
  const first = EnvSchema.safeParse(env);
  if (first.success) return first.data;
  const bad = new Set<string>();
  for (const issue of first.error.issues) {
    const key = issue.path.map(String).join('.') || 'environment';
    problems.push(`${key}: ${issue.message}`);
    bad.add(String(issue.path[0]));
  }
  const rest = Object.fromEntries(Object.entries(env).filter(([key]) => !bad.has(key)));
  const second = EnvSchema.safeParse(rest);
  // Every key has a default or is optional, so without the bad keys the schema always passes.
  if (!second.success) throw new ConfigError(problems);
  return second.data;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * REDIS_URL is required with the Redis store; it must be redis:// or rediss://, and in production
 * rediss:// (TLS) unless Redis is on this machine, since sessions travel to it. Never echoed back:
 * it may carry a password.
 */
function checkSessionStore(
  kind: 'cookie' | 'redis' | 'durable-object',
  redisUrl: string | undefined,
  env: ThumbtackEnv,
  problems: string[],
): Config['sessionStore'] {
  if (kind === 'cookie' || kind === 'durable-object') return { kind };
  if (!redisUrl) {
    problems.push('REDIS_URL: required when SESSION_STORE=redis (e.g. rediss://user:password@host:6380)');
    return { kind, url: '' };
  }
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    problems.push('REDIS_URL: not a URL; expected redis://host:port or rediss://host:port');
    return { kind, url: '' };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    problems.push('REDIS_URL: must start with redis:// or rediss://');
  } else if (!url.hostname) {
    problems.push('REDIS_URL: names no host');
  } else if (env === 'production' && url.protocol !== 'rediss:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    problems.push('REDIS_URL: production needs rediss:// (TLS) unless Redis runs on this host (loopback)');
  }
  return { kind, url: redisUrl };
}

/** Every scope known, and all of one side: Thumbtack provisions a client for one side only. */
function checkScopes(key: string, scopes: string[], problems: string[]): Side | undefined {
  for (const scope of scopes) {
    if (!isKnownScope(scope)) problems.push(`${key}: "${scope}" is not a Thumbtack scope`);
  }
  const sides = new Set(scopes.map(sideOfScope).filter((s): s is Side => s !== undefined));
  if (sides.size > 1)
    problems.push(`${key}: mixes supply:: and demand:: scopes; a client is one or the other`);
  if (scopes.length > 0 && sides.size === 0) {
    problems.push(`${key}: names no supply:: or demand:: scope, so the console has nothing to show`);
  }
  return sides.size === 1 ? [...sides][0] : undefined;
}

function normalizeOrigin(value: string, problems: string[]): string {
  const url = new URL(value);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    problems.push(`origin "${value}": must be scheme://host[:port] with no path, query or credentials`);
  }
  return url.origin;
}

function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
