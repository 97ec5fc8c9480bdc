/**
 * Thumbtack's scope catalogue (docs/thumbtack/scopes.md#scope-catalogue). A configured scope outside it is a typo or a
 * legacy v2 scope, and startup refuses it rather than sending a request Thumbtack would reject.
 */
export const SUPPLY_SCOPES = [
  'supply::businesses.list',
  'supply::negotiations.read',
  'supply::negotiations.write',
  'supply::messages.read',
  'supply::messages.write',
  'supply::webhooks.read',
  'supply::webhooks.write',
  'supply::users.read',
  'supply::users.disconnect',
  'supply::businesses/associate-phone-numbers.read',
  'supply::businesses/associate-phone-numbers.write',
  'supply::associate-phone-numbers.read',
  'supply::associate-phone-numbers.write',
] as const;

/** Demand scopes a user grants through the authorization code flow. */
export const DEMAND_USER_SCOPES = [
  'demand::requests.write',
  'demand::users.read',
  'demand::users.write',
  'demand::users.disconnect',
  'demand::webhooks.read',
  'demand::webhooks.write',
  'demand::negotiations.read',
  'demand::messages.read',
  'demand::messages.write',
] as const;

/** Demand scopes an application token (client credentials) carries. */
export const DEMAND_APP_SCOPES = [
  'demand::categories.read',
  'demand::categories/request-form.read',
  'demand::keywords.read',
  'demand::businesses/search.read',
  'demand::businesses/reviews.read',
  'demand::businesses/media.read',
  'demand::orders.read',
  'demand::orders.write',
  'demand::orders/availability.read',
] as const;

export const STANDARD_SCOPES = ['offline_access', 'openid', 'profile', 'email', 'phone'] as const;

export type Side = 'supply' | 'demand';

const KNOWN = new Set<string>([
  ...SUPPLY_SCOPES,
  ...DEMAND_USER_SCOPES,
  ...DEMAND_APP_SCOPES,
  ...STANDARD_SCOPES,
]);

export function isKnownScope(scope: string): boolean {
  return KNOWN.has(scope);
}

export function sideOfScope(scope: string): Side | undefined {
  if (scope.startsWith('supply::')) return 'supply';
  if (scope.startsWith('demand::')) return 'demand';
  return undefined;
}

/** Parses a space-delimited scope string (RFC 6749 §3.3) into unique scopes, order kept. */
export function parseScopeList(value: string): string[] {
  return [...new Set(value.split(/\s+/).filter((s) => s.length > 0))];
}

/**
 * The scopes the mocked-network demo asks for, per side: everything the console uses (not the older
 * `supply::associate-phone-numbers.*` alias, nor `demand::users.write`, which nothing here needs).
 */
export const DEMO_USER_SCOPES: Record<Side, readonly string[]> = {
  supply: [
    ...SUPPLY_SCOPES.filter((s) => !s.startsWith('supply::associate-phone-numbers')),
    ...STANDARD_SCOPES,
  ],
  demand: [...DEMAND_USER_SCOPES.filter((s) => s !== 'demand::users.write'), ...STANDARD_SCOPES],
};

export const DEMO_APP_SCOPES: readonly string[] = [
  'demand::categories.read',
  'demand::categories/request-form.read',
  'demand::keywords.read',
  'demand::businesses/search.read',
  'demand::businesses/reviews.read',
];
