/** A rating as stars, read out as words. */
export function Stars({ rating }: { rating: number }) {
  const rounded = Math.round(Math.max(0, Math.min(5, rating)));
  return (
    <span className="stars" role="img" aria-label={`${formatRating(rating)} out of 5 stars`}>
      {'★'.repeat(rounded)}
      {'☆'.repeat(5 - rounded)}
    </span>
  );
}

export function formatRating(rating: number): string {
  return Number.isInteger(rating) ? String(rating) : rating.toFixed(1);
}
