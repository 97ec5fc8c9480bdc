// Demo pictures for mocked-network mode. The demo data names Thumbtack's image CDN, as real payloads
// do, but a console running with no network cannot load those. Given an `imageBase`, the fake rewrites
// CDN links in its API answers to that base and serves a small generated picture for each.

export const IMAGE_CDN_PREFIX = 'https://production-next-images-cdn.thumbtack.com/i';

/** One CDN link moved to the local base (for claims built outside the API, such as `picture`). */
export function localImage(url: string, imageBase: string | undefined): string {
  return imageBase && url.startsWith(IMAGE_CDN_PREFIX) ? imageBase + url.slice(IMAGE_CDN_PREFIX.length) : url;
}

/** Rewrites CDN links in a JSON response to the local base; other responses pass untouched. */
export async function withLocalImages(response: Response, imageBase: string | undefined): Promise<Response> {
  if (!imageBase || !(response.headers.get('content-type') ?? '').includes('json')) return response;
  const text = await response.text();
  return new Response(text.replaceAll(IMAGE_CDN_PREFIX, imageBase), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** A calm, deterministic picture per path: a coloured tile with a simple house mark. */
export function demoImage(request: Request): Response {
  const path = new URL(request.url).pathname;
  let hash = 0;
  for (const ch of path) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">
<rect width="160" height="160" fill="hsl(${hue} 45% 88%)"/>
<path d="M40 84 80 50l40 34v36H92V96H68v24H40z" fill="hsl(${hue} 40% 42%)"/>
</svg>`;
  return new Response(svg, {
    headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' },
  });
}
