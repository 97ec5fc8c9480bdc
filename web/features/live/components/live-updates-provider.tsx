import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useRevalidator } from 'react-router';
import { LiveUpdates } from '../api/live-updates';
import { LiveUpdatesContext } from './live-context';

/**
 * Live updates for the supply workspace (business pages and leads): one per signed-in pro (the
 * caller keys it by the person). It learns which businesses have live updates on, holds the one stream
 * while any does, and reloads the current screen's data after every (re)connect and on `reset`, so
 * a delivery missed meanwhile shows up. It stops when the workspace closes (sign-out included).
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const revalidator = useRevalidator();
  // The newest revalidator, for the stream's callbacks that outlive a render.
  const latest = useRef(revalidator);
  useEffect(() => {
    latest.current = revalidator;
  });
  const [live] = useState(() => new LiveUpdates({ revalidate: () => void latest.current.revalidate() }));

  useEffect(() => {
    live.start();
    return () => live.stop();
  }, [live]);

  return <LiveUpdatesContext.Provider value={live}>{children}</LiveUpdatesContext.Provider>;
}
