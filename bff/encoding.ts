/**
 * Bytes to text, the one place that does it: base64 for HTTP Basic credentials (RFC 7617), base64url
 * without padding for ids, hashes and key names that travel in cookies, URLs and Redis keys (RFC 4648 §5).
 * Web-standard only (btoa), so it runs on Node and workerd alike.
 */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
