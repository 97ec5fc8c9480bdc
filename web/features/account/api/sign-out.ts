import { api } from '../../../lib/api-client';

// POST /auth/logout: the BFF revokes what it can and clears the session cookie (idempotent).
export function signOut(): Promise<void> {
  return api.post<void>('/auth/logout');
}

// POST /auth/disconnect: revokes the Thumbtack grant itself, then signs out.
export function disconnectThumbtack(): Promise<void> {
  return api.post<void>('/auth/disconnect');
}
