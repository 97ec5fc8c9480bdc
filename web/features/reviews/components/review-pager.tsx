import { Link, useLocation } from 'react-router';
import type { ReviewPage } from '../api/reviews';

/** Previous / next links that move `offset` in the URL, so each page can be linked and reloaded. */
export function ReviewPager({
  page,
  offset,
  pageSize,
}: {
  page: ReviewPage;
  offset: number;
  pageSize: number;
}) {
  const location = useLocation();
  const hrefFor = (value: number) => {
    const params = new URLSearchParams(location.search);
    if (value > 0) params.set('offset', String(value));
    else params.delete('offset');
    const search = params.toString();
    return `${location.pathname}${search ? `?${search}` : ''}`;
  };
  const hasNext = Boolean(page.pagination?.next);
  if (offset === 0 && !hasNext) return null;
  return (
    <nav className="button-row" aria-label="Review pages">
      {offset > 0 ? (
        <Link className="button button--secondary" to={hrefFor(Math.max(0, offset - pageSize))}>
          Newer reviews
        </Link>
      ) : null}
      {hasNext ? (
        <Link className="button button--secondary" to={hrefFor(offset + pageSize)}>
          Older reviews
        </Link>
      ) : null}
    </nav>
  );
}

export function offsetFrom(request: Request): number {
  const value = Number(new URL(request.url).searchParams.get('offset'));
  return Number.isInteger(value) && value > 0 ? value : 0;
}
