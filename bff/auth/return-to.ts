/**
 * Where to send a person after login: a path on our own origin, never elsewhere (open redirects).
 * The value is resolved with the WHATWG URL parser against our origin, and the *result* is checked,
 * because that is what a browser will follow: parsing resolves dot-segments (`/./`, `/../`, `%2e`), so
 * `/.//evil.example` comes out as `//evil.example`, a network-path reference to another host. The
 * result must keep our origin and be a path that starts with exactly one slash; otherwise `/`.
 */
export function safeReturnTo(value: unknown, publicOrigin: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  // Control characters and backslashes have no place in a path we produce; browsers "fix" them
  // in ways that can change the host, so refuse rather than normalise.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (!value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, publicOrigin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(publicOrigin).origin) return '/';
  const result = `${url.pathname}${url.search}${url.hash}`;
  if (!isPlainPath(result)) return '/';
  // Never send someone back into the login machinery itself.
  if (url.pathname.startsWith('/auth/')) return '/';
  return result;
}

/** One leading slash, then anything but a second slash or a backslash (which browsers treat alike). */
function isPlainPath(path: string): boolean {
  return path.startsWith('/') && path[1] !== '/' && path[1] !== '\\' && !/[\u0000-\u001f\u007f\\]/.test(path);
}
