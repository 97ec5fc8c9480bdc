import type { Side } from './scopes.ts';

/**
 * The fake Thumbtack's two demo OAuth clients. These are public demo values for mocked-network mode
 * only; staging and production refuse to start without real credentials.
 */
export const DEMO_CLIENT_CREDENTIALS: Record<Side, { id: string; secret: string }> = {
  supply: { id: 'demo-supply-client', secret: 'demo-supply-secret-not-for-production' },
  demand: { id: 'demo-demand-client', secret: 'demo-demand-secret-not-for-production' },
};
