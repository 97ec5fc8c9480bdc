/**
 * The console's Durable Object classes, exported from the worker entry (bff/worker.ts) because
 * Cloudflare looks for them there. Bindings (wrangler.jsonc): SESSIONS -> SessionObject,
 * APP_TOKENS -> AppTokenObject, RATE_LIMITS -> RateLimitObject, LIVE -> LiveObject.
 */
export { AppTokenObject } from './app-token-object.ts';
export { LiveObject } from './live-object.ts';
export { RateLimitObject } from './rate-limit-object.ts';
export { SessionObject } from './session-object.ts';
