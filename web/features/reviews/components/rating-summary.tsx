import { BarChart } from '../../../components/bar-chart';
import { formatRating, Stars } from '../../../components/stars';
import { plural } from '../../../lib/format';
import type { Review } from '../api/reviews';

export function averageRating(reviews: Review[]): number | undefined {
  if (reviews.length === 0) return undefined;
  return reviews.reduce((sum, review) => sum + review.rating, 0) / reviews.length;
}

/** The average and how many reviews gave each number of stars. */
export function RatingSummary({ reviews }: { reviews: Review[] }) {
  const average = averageRating(reviews);
  const bars = [5, 4, 3, 2, 1].map((stars) => ({
    stars,
    label: `${stars}★`,
    value: reviews.filter((review) => Math.round(review.rating) === stars).length,
  }));
  return (
    <div className="rating-summary">
      {average === undefined ? (
        <p className="muted">No reviews yet.</p>
      ) : (
        <p className="rating-summary__average">
          <strong>{formatRating(Math.round(average * 10) / 10)}</strong> <Stars rating={average} />{' '}
          <span className="muted">from {plural(reviews.length, 'review')}</span>
        </p>
      )}
      <BarChart
        bars={bars}
        title="Reviews by rating"
        summary={bars.map((bar) => `${plural(bar.stars, 'star')}: ${bar.value}`).join(', ')}
        valueLabel="Reviews"
      />
    </div>
  );
}
