import { Suspense } from 'react';
import {
  Await,
  Link,
  type LoaderFunctionArgs,
  NavLink,
  Outlet,
  useLoaderData,
  useParams,
} from 'react-router';
import { Avatar } from '../components/avatar';
import { getBusinesses } from '../features/businesses/api/get-businesses';
import { LiveUpdatesControl } from '../features/live/components/live-updates-control';
import { deferred } from '../lib/deferred';
import { paths } from '../lib/paths';

// The frame of one business's screens: its name, its live updates switch, and tabs for leads,
// reviews, webhooks and phones.
export function loader({ request }: LoaderFunctionArgs) {
  return { businesses: deferred(getBusinesses(request.signal)) };
}

export function Component() {
  const { businesses } = useLoaderData<typeof loader>();
  const { businessId = '' } = useParams();
  const tabs = [
    { to: paths.leads.href(businessId), label: 'Leads' },
    { to: paths.reviews.href(businessId), label: 'Reviews' },
    { to: paths.webhooks.href(businessId), label: 'Webhooks' },
    { to: paths.phoneNumbers.href(businessId), label: 'Phone numbers' },
  ];
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={paths.home.href()}>Overview</Link>
      </p>
      <div className="business-header">
        {/* The name is context, not content: while it loads (or if it cannot) the tabs still work. */}
        <div className="business-banner">
          <Suspense fallback={<span className="skeleton skeleton--line" aria-hidden="true" />}>
            <Await resolve={businesses} errorElement={<span className="muted">Business</span>}>
              {(list) => {
                const business = list.find((item) => item.businessID === businessId);
                return business ? (
                  <>
                    <Avatar name={business.name} src={business.imageURL} size="md" />
                    <span className="business-banner__name">{business.name}</span>
                  </>
                ) : (
                  <span className="muted">Business</span>
                );
              }}
            </Await>
          </Suspense>
        </div>
        <LiveUpdatesControl key={businessId} businessId={businessId} />
      </div>
      <nav className="tabs" aria-label="Business sections">
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} className="tabs__link">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
