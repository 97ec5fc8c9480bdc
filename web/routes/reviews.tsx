import { type LoaderFunctionArgs, useLoaderData, useParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { withLiveItems } from '../features/live/api/live-store';
import { useLiveReviews } from '../features/live/components/use-live';
import { getReviews, REVIEW_PAGE_SIZE, type Review } from '../features/reviews/api/reviews';
import { ReviewList } from '../features/reviews/components/review-list';
import { offsetFrom, ReviewPager } from '../features/reviews/components/review-pager';
import { deferred } from '../lib/deferred';

// A business's reviews, a page at a time, with a public reply form under each unanswered one. Reviews
// that arrive live go on top of the first page.
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
  const live = useLiveReviews(businessId);
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
            <ReviewList
              reviews={offset === 0 ? withLiveItems(live, value.data ?? [], reviewId) : (value.data ?? [])}
              businessId={businessId}
            />
            <ReviewPager page={value} offset={offset} pageSize={REVIEW_PAGE_SIZE} />
          </>
        )}
      </AsyncContent>
    </section>
  );
}

function reviewId(review: Review): string {
  return review.reviewID;
}
