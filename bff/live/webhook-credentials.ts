import { base64url } from '../encoding.ts';

/**
 * The HTTP Basic credentials Thumbtack presents when it delivers a business's webhook. They are
 * derived from one server secret and the business id, so nothing needs storing and every instance
 * (Node or edge) agrees: the user name says which business, the password is an HMAC only the holder
 * of WEBHOOK_SECRET can make. Checking uses Web Crypto's HMAC verify, which compares in constant time.
 */
const encoder = new TextEncoder();
const USERNAME_PREFIX = 'business-';
const CONTEXT = 'thumbtack-console webhook v1:';

export interface WebhookCredentials {
  username: string;
  password: string;
}

export class WebhookAuthority {
  private readonly key: Promise<CryptoKey>;

  constructor(secret: string) {
    this.key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  /** What the console registers with Thumbtack for this business's webhook. */
  async credentialsFor(businessID: string): Promise<WebhookCredentials> {
    const mac = await crypto.subtle.sign('HMAC', await this.key, encoder.encode(CONTEXT + businessID));
    return { username: USERNAME_PREFIX + businessID, password: base64url(new Uint8Array(mac)) };
  }

  /**
   * The business an `Authorization: Basic …` header proves, or undefined. The password is checked for
   * that business only, so one business's credentials never open another's deliveries.
   */
  async authenticate(header: string | undefined): Promise<string | undefined> {
    const presented = parseBasic(header);
    if (!presented?.username.startsWith(USERNAME_PREFIX)) return undefined;
    const businessID = presented.username.slice(USERNAME_PREFIX.length);
    if (!/^\d{1,19}$/.test(businessID)) return undefined;
    const mac = fromBase64url(presented.password);
    if (mac?.length !== 32) return undefined;
    const ok = await crypto.subtle.verify('HMAC', await this.key, mac, encoder.encode(CONTEXT + businessID));
    return ok ? businessID : undefined;
  }
}

/** RFC 7617: `Basic base64(user:pass)`; anything else is no credentials. */
function parseBasic(header: string | undefined): WebhookCredentials | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '');
  if (!match?.[1] || match[1].length > 512) return undefined;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function fromBase64url(value: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) return undefined;
  try {
    const binary = atob(
      value.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (value.length % 4)) % 4),
    );
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}
