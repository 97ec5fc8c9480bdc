import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { InlineError } from '../../../components/error-state';
import { Field } from '../../../components/field';
import { Stars } from '../../../components/stars';
import { formatDate } from '../../../lib/format';
import { useMutation } from '../../../lib/use-mutation';
import { type Review, respondToReview } from '../api/reviews';

/** Reviews as people read them; with `businessId`, the business can reply to those without a reply. */
export function ReviewList({ reviews, businessId }: { reviews: Review[]; businessId?: string }) {
  if (reviews.length === 0) {
    return <EmptyState title="No reviews yet">Reviews from Thumbtack customers will appear here.</EmptyState>;
  }
  return (
    <ul className="card-list" aria-label="Reviews">
      {reviews.map((review) => (
        <li key={review.reviewID} className="card review">
          <ReviewItem review={review} businessId={businessId} />
        </li>
      ))}
    </ul>
  );
}

function ReviewItem({ review, businessId }: { review: Review; businessId: string | undefined }) {
  // A reply the business just posted shows at once; the list refreshes on the next visit.
  const [reply, setReply] = useState(review.responseText);
  return (
    <>
      <div className="section__header">
        <h3>{review.reviewerName || 'A customer'}</h3>
        <Stars rating={review.rating} />
      </div>
      {review.createTime ? (
        <p className="fine-print">
          <time dateTime={review.createTime}>{formatDate(review.createTime)}</time>
        </p>
      ) : null}
      {review.reviewText ? <p>{review.reviewText}</p> : <p className="muted">No written review.</p>}
      {review.images?.length ? (
        <ul className="review__images">
          {review.images.map((image) => (
            <li key={image.imageID}>
              <img
                src={image.imageURL}
                alt={image.caption ?? 'Photo from the review'}
                loading="lazy"
                referrerPolicy="no-referrer"
              />
            </li>
          ))}
        </ul>
      ) : null}
      {reply ? (
        <div className="review__response">
          {/* The business reads its own reply; a customer choosing a pro reads the pro's. */}
          <p className="fine-print">{businessId ? 'Your public reply' : 'Reply from the pro'}</p>
          <p>{reply}</p>
        </div>
      ) : businessId ? (
        <ReplyForm businessId={businessId} review={review} onReplied={setReply} />
      ) : null}
    </>
  );
}

function ReplyForm({
  businessId,
  review,
  onReplied,
}: {
  businessId: string;
  review: Review;
  onReplied: (text: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const mutation = useMutation((value: string) => respondToReview(businessId, review.reviewID, value));
  const textRef = useRef<HTMLTextAreaElement>(null);
  // The form opens on request, so the person expects to type there at once.
  useEffect(() => {
    if (open) textRef.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setOpen(true)}
        >
          Reply publicly
        </button>
      </div>
    );
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const value = text.trim();
    if (!value) return;
    const result = await mutation.run(value);
    if (result.ok) onReplied(value);
  }

  return (
    <form className="form" onSubmit={submit}>
      <Field
        label={`Your reply to ${review.reviewerName || 'this customer'}`}
        hint="Everyone who visits your Thumbtack profile can read it."
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            value={text}
            maxLength={5000}
            ref={textRef}
            onChange={(event) => setText(event.target.value)}
          />
        )}
      </Field>
      {mutation.error ? <InlineError error={mutation.error} action="replying to reviews" /> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={mutation.pending || !text.trim()}>
          {mutation.pending ? 'Posting…' : 'Post reply'}
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
