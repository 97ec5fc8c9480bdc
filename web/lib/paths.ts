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

/** Only same-origin paths may be returned to; anything else falls back to the home screen. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
