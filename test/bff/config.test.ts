import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../bff/config.ts';

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
});
