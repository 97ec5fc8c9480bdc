import { type LoaderFunctionArgs, useLoaderData, useParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getReviews, REVIEW_PAGE_SIZE } from '../features/reviews/api/reviews';
import { ReviewList } from '../features/reviews/components/review-list';
import { offsetFrom, ReviewPager } from '../features/reviews/components/review-pager';
import { deferred } from '../lib/deferred';

// A business's reviews, a page at a time, with a public reply form under each unanswered one.
export function loader({ params, request }: LoaderFunctionArgs) {
  const offset = offsetFrom(request);
  return {
    offset,
    page: deferred(getReviews(params.businessId ?? '', { limit: REVIEW_PAGE_SIZE, offset }, request.signal)),
  };
}

export function Component() {
  const { page, offset } = useLoaderData<typeof loader>();
  const { businessId = '' } = useParams();
  return (
    <section className="section">
      <PageTitle>Reviews</PageTitle>
      <AsyncContent
        resolve={page}
        action="reading your reviews"
        fallback={<SkeletonList label="Loading reviews…" rows={3} />}
      >
        {(value) => (
          <>
            <ReviewList reviews={value.data ?? []} businessId={businessId} />
            <ReviewPager page={value} offset={offset} pageSize={REVIEW_PAGE_SIZE} />
          </>
        )}
      </AsyncContent>
    </section>
  );
}
