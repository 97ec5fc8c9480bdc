import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { EmptyState } from '../../../components/empty-state';
import { paths } from '../../../lib/paths';
import type { Business } from '../api/get-businesses';

export function BusinessList({ businesses }: { businesses: Business[] }) {
  if (businesses.length === 0) {
    return (
      <EmptyState title="No businesses yet">
        Your Thumbtack account has no business profiles. Create one on Thumbtack and it will appear here.
      </EmptyState>
    );
  }
  return (
    <ul className="card-list" aria-label="Your businesses">
      {businesses.map((business) => (
        <li key={business.businessID} className="card business-card">
          <Avatar name={business.name} src={business.imageURL} size="lg" />
          <div className="business-card__body">
            <h3 className="business-card__name">{business.name}</h3>
            <nav className="business-card__links" aria-label={`${business.name} sections`}>
              <Link to={paths.leads.href(business.businessID)}>Leads</Link>
              <Link to={paths.reviews.href(business.businessID)}>Reviews</Link>
              <Link to={paths.webhooks.href(business.businessID)}>Webhooks</Link>
              <Link to={paths.phoneNumbers.href(business.businessID)}>Phone numbers</Link>
            </nav>
          </div>
        </li>
      ))}
    </ul>
  );
}
