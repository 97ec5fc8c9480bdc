/**
 * Where to send a person after login: a path on our own origin, never elsewhere (open redirects).
 * The value is resolved with the WHATWG URL parser against our origin and the origins compared,
 * because string checks miss `/\evil.example`, `//evil.example`, encoded and control characters.
 */
export function safeReturnTo(value: unknown, publicOrigin: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  // Control characters and backslashes have no place in a path we produce; browsers "fix" them
  // in ways that can change the host, so refuse rather than normalise.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(value, publicOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(publicOrigin).origin) return '/';
  // Never send someone back into the login machinery itself.
  if (url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
