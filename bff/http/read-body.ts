import { invalidRequest } from '../errors.ts';

/**
 * A request's body as UTF-8 text, reading at most `limit` bytes whatever Content-Length claimed (a
 * chunked body declares none): undefined when the body is longer, so the caller answers 413 its own
 * way. A body cut off mid-way (the client went away, or Node's request timeout cut it) or not UTF-8 is
 * a 400 naming `what` ("request body", "delivery").
 */
export async function readBodyText(
  request: Request,
  limit: number,
  what: string,
): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw invalidRequest(`The ${what} did not arrive in full.`);
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk.value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const part of chunks) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw invalidRequest(`The ${what} is not valid UTF-8.`);
  }
}
