import { Link } from 'react-router';
import { paths } from '../../../lib/paths';
import { useLiveNotices } from './use-live';

/**
 * What just arrived ("New lead from Dana R."), in a polite live region so it is announced without
 * taking focus. The region is always there (empty), as a live region must be before it changes.
 * `businessId` is the page's business: notices about another one name it.
 */
export function LiveNotices({ businessId }: { businessId?: string }) {
  const { notices, dismiss } = useLiveNotices();
  return (
    <div className="live-notices" role="log" aria-live="polite" aria-label="New activity">
      {notices.map((notice) => {
        const elsewhere =
          notice.businessName && notice.businessID !== businessId ? ` (${notice.businessName})` : '';
        const text = `${notice.text}${elsewhere}`;
        return (
          <p key={notice.key} className="notice live-notice">
            {notice.negotiationID ? (
              <Link to={paths.lead.href(notice.negotiationID)}>{text}</Link>
            ) : (
              <span>{text}</span>
            )}
            <button
              type="button"
              className="link-button"
              aria-label={`Dismiss: ${text}`}
              onClick={() => dismiss(notice.key)}
            >
              Dismiss
            </button>
          </p>
        );
      })}
    </div>
  );
}
