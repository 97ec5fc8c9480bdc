import { Outlet, useParams } from 'react-router';
import { LiveNotices } from '../features/live/components/live-notices';
import { LiveUpdatesProvider } from '../features/live/components/live-updates-provider';
import { useSignedInSession } from '../lib/session';

// The pro's workspace (a business's pages and its leads): live updates are held here, one stream for
// the signed-in pro, so they load with these screens and not in the first download, and the notices
// of what arrived stay in one place while the pro moves between them. A different person (or none)
// gets a new provider: nothing of one session reaches the next.
export function Component() {
  const session = useSignedInSession();
  const { businessId } = useParams();
  return (
    <LiveUpdatesProvider key={session?.user.id ?? 'nobody'}>
      <Outlet />
      <LiveNotices businessId={businessId} />
    </LiveUpdatesProvider>
  );
}
