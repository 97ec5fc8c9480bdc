import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../bff/config.ts';
import { ROUTES } from '../../bff/proxy/route-table.ts';
import { weakSecretReason } from '../../bff/secret-strength.ts';

const SECRET = 'a-session-secret-that-is-at-least-32-bytes-long';
const staging = {
  THUMBTACK_ENV: 'staging',
  THUMBTACK_CLIENT_ID: 'client',
  THUMBTACK_CLIENT_SECRET: 'secret',
  THUMBTACK_SCOPES: 'supply::businesses.list offline_access',
  SESSION_SECRETS: SECRET,
  PUBLIC_ORIGIN: 'https://console.example.com',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('runs in mock mode with no environment at all, on the supply demo by default', () => {
    const config = parseConfig({});
    expect(config.env).toBe('mock');
    expect(config.side).toBe('supply');
    expect(config.publicOrigin).toBe('http://localhost:3000');
    expect(config.redirectUri).toBe('http://localhost:3000/auth/callback');
    expect(config.thumbtack.authorizeUrl).toBe('http://localhost:3000/__thumbtack/auth/oauth2/auth');
    expect(config.thumbtack.apiBase).toBe('http://localhost:3000/__thumbtack/api/api');
    expect(config.sessionSecretsEphemeral).toBe(true);
    expect(config.scopes).toContain('supply::businesses.list');
    expect(Object.isFrozen(config.thumbtack)).toBe(true);
  });

  it('switches the demo to the demand side with one variable, with an app scope set', () => {
    const config = parseConfig({ MOCK_SIDE: 'demand' });
    expect(config.side).toBe('demand');
    expect(config.clientId).toBe('demo-demand-client');
    expect(config.appScopes).toContain('demand::keywords.read');
  });

  it('uses an external fake when FAKE_THUMBTACK_URL is set', () => {
    const config = parseConfig({ FAKE_THUMBTACK_URL: 'http://127.0.0.1:4010' });
    expect(config.thumbtack.tokenUrl).toBe('http://127.0.0.1:4010/__thumbtack/auth/oauth2/token');
    expect(config.mock?.fakeOrigin).toBe('http://127.0.0.1:4010');
  });

  it('names every missing key at once outside mock mode', () => {
    const problems = problemsOf({ THUMBTACK_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/THUMBTACK_CLIENT_ID/);
    expect(problems.join('\n')).toMatch(/THUMBTACK_CLIENT_SECRET/);
    expect(problems.join('\n')).toMatch(/THUMBTACK_SCOPES/);
    expect(problems.join('\n')).toMatch(/SESSION_SECRETS/);
    expect(problems.join('\n')).toMatch(/PUBLIC_ORIGIN: production needs an https/);
  });

  it('accepts a complete staging configuration with the real URL set', () => {
    const config = parseConfig(staging);
    expect(config.thumbtack.tokenUrl).toBe('https://staging-auth.thumbtack.com/oauth2/token');
    expect(config.thumbtack.apiBase).toBe('https://staging-api.thumbtack.com/api');
    expect(config.thumbtack.revokeUrl).toBeUndefined();
    expect(config.sessionSecrets).toEqual([SECRET]);
  });

  it('uses the production URL set', () => {
    const config = parseConfig({ ...staging, THUMBTACK_ENV: 'production' });
    expect(config.thumbtack.authorizeUrl).toBe('https://auth.thumbtack.com/oauth2/auth');
    expect(config.thumbtack.issuer).toBe('https://auth.thumbtack.com/');
  });

  it.each([
    [
      'mixed sides',
      { THUMBTACK_SCOPES: 'supply::businesses.list demand::users.read' },
      /mixes supply:: and demand::/,
    ],
    [
      'unknown scope',
      { THUMBTACK_SCOPES: 'supply::businesses.list messages' },
      /"messages" is not a Thumbtack scope/,
    ],
    ['no side', { THUMBTACK_SCOPES: 'openid offline_access' }, /names no supply:: or demand:: scope/],
    ['short secret', { SESSION_SECRETS: 'too-short' }, /secret #1 is shorter than 32 bytes/],
    ['short second secret', { SESSION_SECRETS: `${SECRET},short` }, /secret #2 is shorter/],
    ['bad env', { THUMBTACK_ENV: 'prod' }, /THUMBTACK_ENV/],
    ['bad port', { PORT: 'eighty' }, /PORT/],
    ['origin with a path', { PUBLIC_ORIGIN: 'https://console.example.com/app' }, /no path/],
    ['fake outside mock', { FAKE_THUMBTACK_URL: 'http://127.0.0.1:4010' }, /only in mock mode/],
    [
      'demand without a utm_source',
      { THUMBTACK_SCOPES: 'demand::users.read' },
      /THUMBTACK_UTM_SOURCE: required on the demand side/,
    ],
    ['a utm_source without cma-', { THUMBTACK_UTM_SOURCE: 'acme' }, /THUMBTACK_UTM_SOURCE/],
    ['app scopes on supply', { THUMBTACK_APP_SCOPES: 'demand::keywords.read' }, /only on the demand side/],
    [
      'idle over absolute',
      { SESSION_IDLE_TIMEOUT_SECONDS: '999999', SESSION_ABSOLUTE_LIFETIME_SECONDS: '3600' },
      /must not exceed/,
    ],
  ])('refuses %s', (_, override, message) => {
    expect(problemsOf({ ...staging, ...override }).join('\n')).toMatch(message);
  });

  it('refuses plain-http Thumbtack URLs and the fake control surface in production', () => {
    const problems = problemsOf({
      ...staging,
      THUMBTACK_ENV: 'production',
      THUMBTACK_TOKEN_URL: 'http://127.0.0.1:4010/__thumbtack/control/oauth2/token',
    });
    expect(problems.join('\n')).toMatch(/https only/);
    expect(problems.join('\n')).toMatch(/control surface cannot be used in production/);
  });

  it('takes a session key ring, newest first', () => {
    const config = parseConfig({ ...staging, SESSION_SECRETS: `${SECRET}-new, ${SECRET}-old` });
    expect(config.sessionSecrets).toEqual([`${SECRET}-new`, `${SECRET}-old`]);
  });

  it('reports format errors and missing keys in one pass, for every environment', () => {
    for (const env of ['staging', 'production']) {
      const problems = problemsOf({ THUMBTACK_ENV: env, PORT: 'abc', LOG_LEVEL: 'loud' });
      const keys = problems.map((p) => p.split(':')[0]);
      expect(keys).toEqual(
        expect.arrayContaining([
          'PORT',
          'LOG_LEVEL',
          'THUMBTACK_CLIENT_ID',
          'THUMBTACK_CLIENT_SECRET',
          'THUMBTACK_SCOPES',
          'SESSION_SECRETS',
        ]),
      );
    }
    const mock = problemsOf({ PORT: '0', SESSION_IDLE_TIMEOUT_SECONDS: 'x', MOCK_SIDE: 'both' });
    expect(mock.map((p) => p.split(':')[0]).sort()).toEqual([
      'MOCK_SIDE',
      'PORT',
      'SESSION_IDLE_TIMEOUT_SECONDS',
    ]);
    expect(mock.join('\n')).toContain('PORT: must be a whole number from 1 to 65535');
  });

  it('drains for a little longer than the slowest proxied call by default', () => {
    const longest = Math.max(...ROUTES.map((route) => route.timeoutMs));
    const { shutdownTimeoutMs } = parseConfig({}).server;
    expect(shutdownTimeoutMs).toBeGreaterThan(longest);
    expect(shutdownTimeoutMs).toBeLessThanOrEqual(longest + 10_000);
    expect(parseConfig({ SHUTDOWN_TIMEOUT_MS: '5000' }).server.shutdownTimeoutMs).toBe(5000);
  });

  it('takes the metrics and tracing settings, off by default', () => {
    expect(parseConfig({}).metrics).toEqual({ port: undefined, token: undefined });
    expect(parseConfig({}).tracing).toBeUndefined();
    const config = parseConfig({
      ...staging,
      METRICS_PORT: '9464',
      METRICS_TOKEN: 'Xk3p9Qw7Lm2Zr8Tb5Vn1Hc6Jd4Gf0Sa=',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/',
      TRACE_SAMPLE_RATIO: '0.25',
    });
    expect(config.metrics).toEqual({ port: 9464, token: 'Xk3p9Qw7Lm2Zr8Tb5Vn1Hc6Jd4Gf0Sa=' });
    expect(config.tracing).toEqual({
      endpoint: 'http://otel-collector:4318',
      serviceName: 'thumbtack-partner-console',
      sampleRatio: 0.25,
    });
  });

  it('refuses a metrics token that is short or guessable, a metrics port on the public port, a bad collector', () => {
    const problems = (env: Record<string, string>) => problemsOf({ ...staging, ...env }).join('\n');
    expect(problems({ METRICS_TOKEN: 'short' })).toMatch(/METRICS_TOKEN: shorter than 32 bytes/);
    expect(problems({ METRICS_TOKEN: 'a'.repeat(40) })).toMatch(/METRICS_TOKEN: looks guessable/);
    expect(problems({ PORT: '8080', METRICS_PORT: '8080' })).toMatch(/METRICS_PORT: must differ from PORT/);
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' })).toMatch(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
    expect(problems({ OTEL_SERVICE_NAME: 'has spaces in it' })).toMatch(/OTEL_SERVICE_NAME/);
  });

  it('refuses server timeouts that Node would refuse (headers longer than the whole request)', () => {
    expect(
      problemsOf({ SERVER_HEADERS_TIMEOUT_MS: '9000', SERVER_REQUEST_TIMEOUT_MS: '5000' }).join('\n'),
    ).toMatch(/SERVER_HEADERS_TIMEOUT_MS: must not exceed/);
  });

  it.each([
    ['32 identical characters', 'a'.repeat(32)],
    ['a short block repeated', 'abc123'.repeat(8)],
    ['a hex alphabet in order, twice', '0123456789abcdef0123456789abcdef'],
    ['the alphabet in order', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['two letters', 'abababababababbbbbbabababaaaabababab'],
  ])('refuses an obviously guessable session secret in staging and production: %s', (_, secret) => {
    for (const env of ['staging', 'production']) {
      const problems = problemsOf({ ...staging, THUMBTACK_ENV: env, SESSION_SECRETS: secret });
      expect(problems.join('\n')).toMatch(/SESSION_SECRETS: secret #1 .*openssl rand -base64 48/);
    }
  });

  it('accepts a weak secret in mock mode, where nothing real is sealed', () => {
    expect(parseConfig({ SESSION_SECRETS: 'a'.repeat(32) }).sessionSecrets).toEqual(['a'.repeat(32)]);
  });

  it('accepts every secret made the documented way (random bytes, base64 or hex)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.boolean(), (bytes, hex) => {
        const secret = hex ? Buffer.from(bytes).toString('hex') : Buffer.from(bytes).toString('base64');
        if (Buffer.byteLength(secret) < 32) return;
        expect(weakSecretReason(secret)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every secret made of a short block repeated, or of a small alphabet', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.integer({ min: 4, max: 20 }),
        (block, times) => {
          const secret = block.repeat(Math.max(times, Math.ceil(32 / block.length)));
          expect(weakSecretReason(secret)).toBeDefined();
        },
      ),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 32, maxLength: 44 }),
        (chars) => {
          expect(weakSecretReason(chars.join(''))).toBeDefined();
        },
      ),
      { numRuns: 1000 },
    );
  });
});
