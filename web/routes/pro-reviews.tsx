import { Link, type LoaderFunctionArgs, useLoaderData, useSearchParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getReviews, REVIEW_PAGE_SIZE } from '../features/reviews/api/reviews';
import { RatingSummary } from '../features/reviews/components/rating-summary';
import { ReviewList } from '../features/reviews/components/review-list';
import { offsetFrom, ReviewPager } from '../features/reviews/components/review-pager';
import { deferred } from '../lib/deferred';
import { paths } from '../lib/paths';

// What customers say about a pro, for someone choosing one (marketplace; app token, no sign-in).
export function loader({ params, request }: LoaderFunctionArgs) {
  const offset = offsetFrom(request);
  return {
    offset,
    page: deferred(getReviews(params.businessId ?? '', { limit: REVIEW_PAGE_SIZE, offset }, request.signal)),
  };
}

export function Component() {
  const { page, offset } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const name = params.get('name') || 'this pro';
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={paths.findPros.href()}>← Find a pro</Link>
      </p>
      <PageTitle>Reviews of {name}</PageTitle>
      <AsyncContent
        resolve={page}
        action="reading reviews"
        fallback={<SkeletonList label="Loading reviews…" rows={3} />}
      >
        {(value) => (
          <div className="section">
            {offset === 0 && (value.data?.length ?? 0) > 0 ? (
              <div className="card">
                <RatingSummary reviews={value.data ?? []} />
              </div>
            ) : null}
            <ReviewList reviews={value.data ?? []} />
            <ReviewPager page={value} offset={offset} pageSize={REVIEW_PAGE_SIZE} />
          </div>
        )}
      </AsyncContent>
    </div>
  );
}
