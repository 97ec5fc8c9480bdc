import { createServer } from 'node:http';
import { KEYWORDS } from '../../mocks/thumbtack/catalogue.ts';

// The upstream every proxy in the proxy benchmark talks to: a stand-in for Thumbtack's API that costs
// next to nothing per request, so what is measured is the proxies. It answers GET /api/v4/businesses
// and GET /api/v4/keywords/search, sets a cookie on every answer as Thumbtack's CDN does (a proxy
// must strip it), and does not look at tokens.
//
//   STUB_PORT   port to listen on (127.0.0.1)

/**
 * Two businesses, as the fake lists Maya Ortiz's. The documented fields are only businessID, name and
 * imageURL (docs/thumbtack/api.md#businesses), which make about 400 bytes; the profile fields after
 * them stand for the "business details, service areas and images" the same page mentions, so the
 * page has the 1–2 KB a real one would. Their names are ours: the BFF relays the body as text once it
 * has checked it is JSON, so only its size matters here.
 */
const BUSINESSES = {
  data: [
    {
      businessID: '464906834977246164',
      name: 'Ortiz Handyman & Repair',
      imageURL:
        'https://production-next-images-cdn.thumbtack.com/i/571978423493675187/desktop/standard/fullscreen',
      introduction:
        'Licensed handyman serving Austin for 12 years. Drywall, doors, fixtures, TV mounting and furniture assembly, done right the first time.',
      categories: ['Handyman', 'TV Mounting', 'Furniture Assembly'],
      serviceArea: { city: 'Austin', state: 'TX', zipCodes: ['78701', '78702', '78703', '78704', '78705'] },
      images: [
        'https://production-next-images-cdn.thumbtack.com/i/571978423493675188/desktop/standard/fullscreen',
        'https://production-next-images-cdn.thumbtack.com/i/571978423493675189/desktop/standard/fullscreen',
      ],
    },
    {
      businessID: '474913853307917833',
      name: 'Evergreen Yard & Garden Co.',
      imageURL:
        'https://production-next-images-cdn.thumbtack.com/i/542530602978798071/desktop/standard/fullscreen',
      introduction: 'Native, water-wise gardens and reliable lawn care.',
      categories: ['Landscaping', 'Lawn Mowing and Trimming'],
      serviceArea: { city: 'Austin', state: 'TX', zipCodes: ['78704', '78745', '78748'] },
      images: [
        'https://production-next-images-cdn.thumbtack.com/i/542530602978798072/desktop/standard/fullscreen',
      ],
    },
  ],
  pagination: { limit: 20 },
};

/**
 * A full page of keywords (the fake's default limit, 10) from the fake's catalogue. The stub does not
 * search: whatever `searchQuery` says, the answer has the size of a page that found something.
 */
const KEYWORD_PAGE = { data: KEYWORDS.slice(0, 10).map((k) => ({ keywordID: k.keywordID, name: k.name })) };

const businesses = Buffer.from(JSON.stringify(BUSINESSES));
const keywords = Buffer.from(JSON.stringify(KEYWORD_PAGE));
const notFound = Buffer.from(
  JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'route not found' }),
);

let counter = 0;
const server = createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  const body =
    req.method === 'GET' && path === '/api/v4/businesses'
      ? businesses
      : req.method === 'GET' && path === '/api/v4/keywords/search'
        ? keywords
        : undefined;
  counter += 1;
  res.writeHead(body ? 200 : 404, {
    'Content-Type': 'application/json',
    'Content-Length': (body ?? notFound).length,
    // What Thumbtack's CDN adds to every answer; never for the browser.
    'Set-Cookie': `__cf_bm=${counter.toString(16).padStart(32, '0')}-1767225600-1.0.1.1; Path=/; HttpOnly`,
  });
  res.end(body ?? notFound);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.STUB_PORT ?? '0'), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(
    `upstream stub listening on http://127.0.0.1:${port} (businesses ${businesses.length} B, keywords ${keywords.length} B)`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
