import type { SigningKeys } from './oauth/signing-keys.ts';
import type { Clock, FakeState } from './state.ts';

// What every handler needs, passed explicitly. `state` is swapped wholesale by reset().

export interface FakeContext {
  state: FakeState;
  clock: Clock;
  authBase: string;
  apiBase: string;
  controlBase: string;
  issuer: string;
  accessTokenTtlSeconds: number;
  keys: () => Promise<SigningKeys>;
  deliver: (url: string, init: RequestInit) => Promise<Response>;
  /** Webhook URLs may also be http://localhost, 127.0.0.1 or [::1] (mocked-network mode only). */
  allowLocalhostWebhooks: boolean;
  /** Local base for demo pictures (mocked-network mode); see demo-images.ts. */
  imageBase?: string;
  /** A settable random source for fault rates and status lists (tests); see control.ts for the default. */
  faultRandom?: () => number;
  /** Webhook deliveries still in flight (fired by API calls, which do not wait for them). */
  pending: Set<Promise<void>>;
}
