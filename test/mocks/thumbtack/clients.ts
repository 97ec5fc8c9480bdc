import type { Side } from './types.ts';

// Thumbtack provisions a client for one side only and per flow (docs/thumbtack/oauth.md#flows, docs/thumbtack/scopes.md#one-side-per-client). The
// OpenAPI file lists supply scopes under the authorization-code flow only and the client-credentials
// flow with demand catalogue scopes only, so the fake keeps one allowed set per (client, grant).

export const PARTNER_AUDIENCE = 'urn:partner-api';

export const STANDARD_SCOPES = ['offline_access', 'openid', 'profile', 'email', 'phone'] as const;

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

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface ClientRecord {
  id: string;
  secret: string;
  name: string;
  side: Side;
  grantTypes: readonly GrantType[];
  /** Scopes an authorization-code grant (and its refreshes) may carry. */
  userScopes: readonly string[];
  /** Scopes a client-credentials grant may carry; empty when the grant is not allowed. */
  appScopes: readonly string[];
  redirectUris: readonly string[];
}

export const DEMO_CLIENTS = {
  supply: { id: 'demo-supply-client', secret: 'demo-supply-secret-not-for-production' },
  demand: { id: 'demo-demand-client', secret: 'demo-demand-secret-not-for-production' },
} as const satisfies Record<Side, { id: string; secret: string }>;

export const DEFAULT_REDIRECT_URIS = [
  'http://localhost:3000/auth/callback',
  'http://127.0.0.1:3000/auth/callback',
  'http://localhost/auth/callback',
] as const;

export function createClientRegistry(extraRedirectUris: readonly string[]): Map<string, ClientRecord> {
  const redirectUris = [...new Set([...DEFAULT_REDIRECT_URIS, ...extraRedirectUris])];
  const supply: ClientRecord = {
    ...DEMO_CLIENTS.supply,
    name: 'Demo Supply Partner',
    side: 'supply',
    grantTypes: ['authorization_code', 'refresh_token'],
    userScopes: [...SUPPLY_SCOPES, ...STANDARD_SCOPES],
    appScopes: [],
    redirectUris,
  };
  const demand: ClientRecord = {
    ...DEMO_CLIENTS.demand,
    name: 'Demo Marketplace Partner',
    side: 'demand',
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    userScopes: [...DEMAND_USER_SCOPES, ...STANDARD_SCOPES],
    appScopes: [...DEMAND_APP_SCOPES],
    redirectUris,
  };
  return new Map([
    [supply.id, supply],
    [demand.id, demand],
  ]);
}

/** Plain-language descriptions for the consent page ("say which client asks for which scopes in words"). */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  offline_access: 'Stay connected when you are not using the app',
  openid: 'Confirm your Thumbtack identity',
  profile: 'See your name, profile picture and time zone',
  email: 'See your email address',
  phone: 'See your phone number',
  'supply::businesses.list': 'See the list of your businesses',
  'supply::negotiations.read': 'Read your leads',
  'supply::negotiations.write': 'Update the job status of your leads',
  'supply::messages.read': 'Read the messages in your leads',
  'supply::messages.write': 'Send messages to your customers',
  'supply::webhooks.read': 'See the notifications set up for your businesses',
  'supply::webhooks.write': 'Set up notifications for your businesses',
  'supply::users.read': 'See your Thumbtack account details',
  'supply::users.disconnect': 'Disconnect this app from your account',
  'supply::businesses/associate-phone-numbers.read': "See your team's phone numbers",
  'supply::businesses/associate-phone-numbers.write': "Manage your team's phone numbers",
  'supply::associate-phone-numbers.read': "See your team's phone numbers",
  'supply::associate-phone-numbers.write': "Manage your team's phone numbers",
  'demand::requests.write': 'Send project requests to pros for you',
  'demand::users.read': 'See your Thumbtack account details',
  'demand::users.write': 'Update your Thumbtack account details',
  'demand::users.disconnect': 'Disconnect this app from your account',
  'demand::webhooks.read': 'See the notifications set up for your account',
  'demand::webhooks.write': 'Set up notifications for your account',
  'demand::negotiations.read': 'Read your conversations with pros',
  'demand::messages.read': 'Read your messages with pros',
  'demand::messages.write': 'Send messages to pros for you',
};
