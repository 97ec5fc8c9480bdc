import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { Choice } from '../../../components/field';
import { formatRating, Stars } from '../../../components/stars';
import { plural } from '../../../lib/format';
import { paths } from '../../../lib/paths';
import type { Pro } from '../api/marketplace';

function startingCost(quote: Pro['quote']): string | undefined {
  if (quote?.startingCost === undefined || quote.startingCost === '') return undefined;
  const amount =
    typeof quote.startingCost === 'number'
      ? `$${quote.startingCost}`
      : `$${quote.startingCost.replace(/^\$/, '')}`;
  return quote.costUnit ? `${amount} ${quote.costUnit.replace(/^per\s+/i, '/ ')}` : amount;
}

export function ProCard({
  pro,
  selected,
  onSelectedChange,
}: {
  pro: Pro;
  selected: boolean;
  onSelectedChange?: (selected: boolean) => void;
}) {
  const cost = startingCost(pro.quote);
  return (
    <article className="card pro-card" aria-labelledby={`pro-${pro.businessID}`}>
      <Avatar name={pro.businessName} src={pro.businessImageURL} size="lg" />
      <div className="pro-card__body">
        <h3 id={`pro-${pro.businessID}`}>{pro.businessName}</h3>
        <div className="pro-card__facts">
          {pro.rating !== undefined ? (
            <span>
              <strong>{formatRating(pro.rating)}</strong> <Stars rating={pro.rating} />
            </span>
          ) : null}
          <span>{plural(pro.numberOfReviews ?? 0, 'review')}</span>
          {pro.isTopPro ? <span className="pill pill--warning">Top Pro</span> : null}
          {pro.isBackgroundChecked ? <span className="pill">Background checked</span> : null}
          {pro.numberOfHires ? <span>{plural(pro.numberOfHires, 'hire')}</span> : null}
        </div>
        {cost ? (
          <p>
            Starting at <strong>{cost}</strong>
          </p>
        ) : null}
        {pro.businessIntroduction ? (
          <p className="muted pro-card__intro">{pro.businessIntroduction}</p>
        ) : null}
      </div>
      <div className="pro-card__select">
        <Link to={paths.proReviews.href(pro.businessID, pro.businessName)}>Read reviews</Link>
        {onSelectedChange ? (
          <Choice
            type="checkbox"
            label={`Ask ${pro.businessName} for a quote`}
            checked={selected}
            onChange={(event) => onSelectedChange(event.target.checked)}
          />
        ) : null}
      </div>
    </article>
  );
}
