import { createContext, useContext } from 'react';
import type { LiveUpdates } from '../api/live-updates';

/** The signed-in pro's live updates; null outside the supply workspace. */
export const LiveUpdatesContext = createContext<LiveUpdates | null>(null);

export function useLiveUpdates(): LiveUpdates | null {
  return useContext(LiveUpdatesContext);
}
