// Every in-app URL is built here, so a route's path changes in one place and links never splice
// strings by hand. `path` is the router pattern; `href` builds a concrete link.

const enc = encodeURIComponent;

export const paths = {
  home: { path: '/', href: () => '/' },
  login: {
    path: '/login',
    href: (returnTo?: string) =>
      returnTo && returnTo !== '/' ? `/login?returnTo=${enc(returnTo)}` : '/login',
  },
  sessionExpired: {
    path: '/session-expired',
    href: (returnTo: string) => `/session-expired?returnTo=${enc(returnTo)}`,
  },
  account: { path: '/account', href: () => '/account' },

  // Supply (pro) workspace.
  business: { path: '/businesses/:businessId', href: (id: string) => `/businesses/${enc(id)}` },
  leads: { path: '/businesses/:businessId/leads', href: (id: string) => `/businesses/${enc(id)}/leads` },
  reviews: {
    path: '/businesses/:businessId/reviews',
    href: (id: string) => `/businesses/${enc(id)}/reviews`,
  },
  webhooks: {
    path: '/businesses/:businessId/webhooks',
    href: (id: string) => `/businesses/${enc(id)}/webhooks`,
  },
  phoneNumbers: {
    path: '/businesses/:businessId/phone-numbers',
    href: (id: string) => `/businesses/${enc(id)}/phone-numbers`,
  },
  lead: { path: '/leads/:negotiationId', href: (id: string) => `/leads/${enc(id)}` },

  // Demand (marketplace).
  findPros: {
    path: '/find',
    href: (query?: { q?: string; categoryID?: string; zip?: string }) => {
      const params = new URLSearchParams();
      if (query?.q) params.set('q', query.q);
      if (query?.categoryID) params.set('categoryID', query.categoryID);
      if (query?.zip) params.set('zip', query.zip);
      const search = params.toString();
      return search ? `/find?${search}` : '/find';
    },
  },
  proReviews: {
    path: '/pros/:businessId/reviews',
    href: (id: string, name?: string) => `/pros/${enc(id)}/reviews${name ? `?name=${enc(name)}` : ''}`,
  },
  requestForm: {
    path: '/categories/:categoryId/request',
    href: (categoryId: string, query: { searchID: string; businessIDs: string[]; zip: string }) => {
      const params = new URLSearchParams({ searchID: query.searchID, zip: query.zip });
      for (const id of query.businessIDs) params.append('businessID', id);
      return `/categories/${enc(categoryId)}/request?${params.toString()}`;
    },
  },
  messages: { path: '/messages', href: () => '/messages' },
  conversation: { path: '/messages/:negotiationId', href: (id: string) => `/messages/${enc(id)}` },
} as const;

/** The BFF's login start: a full-page navigation, never a fetch (Thumbtack's consent page follows). */
export function bffLoginHref(returnTo: string): string {
  return `/auth/login?returnTo=${enc(safeReturnTo(returnTo))}`;
}

// Longer than any path the console makes; the BFF refuses longer ones too.
const MAX_RETURN_TO = 2048;

/**
 * Where a sign-in may return to: a path on this origin, normalized, else '/'. Checked on the result,
 * not on the input: the value is resolved with the WHATWG URL parser, as the browser and the router
 * will resolve it, and the outcome must be this origin with a path that cannot be read as another
 * host (`/.//evil.example` and `/%2e//evil.example` both resolve to `//evil.example`).
 *
 * @param origin the page's origin; the current one unless a test names another.
 */
export function safeReturnTo(
  value: string | null | undefined,
  origin: string = window.location.origin,
): string {
  // The console only ever hands out paths; anything else did not come from it.
  if (!value || value.length > MAX_RETURN_TO || !value.startsWith('/')) return '/';
  // The URL parser silently drops tabs and newlines and reads a backslash as a slash: a value that
  // needs such repairs was not made by the console, so it is refused rather than repaired.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  // Never back into the BFF's login machinery.
  if (url.pathname.startsWith('/auth/')) return '/';
  return path;
}
