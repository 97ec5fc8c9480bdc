import { Link, type LoaderFunctionArgs, redirect, useLoaderData } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { EmptyState } from '../components/empty-state';
import { PageTitle } from '../components/page-title';
import { SkeletonBlock, SkeletonList } from '../components/skeleton';
import { type Business, getBusinesses } from '../features/businesses/api/get-businesses';
import { BusinessList } from '../features/businesses/components/business-list';
import { getBusinessNegotiations } from '../features/leads/api/get-negotiations';
import type { Negotiation } from '../features/leads/api/types';
import { LeadStatusStats, LeadsPerWeekChart } from '../features/leads/components/lead-activity';
import { getReviews, type Review } from '../features/reviews/api/reviews';
import { RatingSummary } from '../features/reviews/components/rating-summary';
import { deferred } from '../lib/deferred';
import { paths } from '../lib/paths';
import { requireSession, useSignedInSession } from '../lib/session';

// How far back the overview looks: enough leads for eight weeks of a busy pro, and enough
// reviews for a fair picture of their ratings.
const OVERVIEW_LEADS = 50;
const OVERVIEW_REVIEWS = 50;

type Activity = { business: Business; leads: Negotiation[]; reviews: Review[] }[];

// The start screen after sign-in. A marketplace (demand) person starts by finding a pro.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  if (session.side === 'demand') throw redirect(paths.findPros.href());
  const businesses = getBusinesses(request.signal);
  const activity = businesses.then((list) =>
    Promise.all(
      list.map(async (business) => {
        const [leads, reviews] = await Promise.all([
          getBusinessNegotiations(business.businessID, { limit: OVERVIEW_LEADS }, request.signal),
          getReviews(business.businessID, { limit: OVERVIEW_REVIEWS }, request.signal),
        ]);
        return { business, leads: leads.data ?? [], reviews: reviews.data ?? [] };
      }),
    ),
  );
  return { businesses: deferred(businesses), activity: deferred<Activity>(activity) };
}

export function Component() {
  const { businesses, activity } = useLoaderData<typeof loader>();
  const session = useSignedInSession();
  const firstName = session?.user.name.split(' ')[0] ?? '';

  return (
    <div className="page">
      <div>
        <PageTitle title="Overview">Welcome back{firstName ? `, ${firstName}` : ''}</PageTitle>
        <p className="page-lede">Signed in as {session?.user.name}.</p>
      </div>

      <section aria-labelledby="businesses-heading" className="section">
        <h2 id="businesses-heading">Your businesses</h2>
        <AsyncContent
          resolve={businesses}
          action="seeing your businesses"
          fallback={<SkeletonList label="Loading your businesses…" rows={2} />}
        >
          {(list) => <BusinessList businesses={list} />}
        </AsyncContent>
      </section>

      <section aria-labelledby="activity-heading" className="section">
        <h2 id="activity-heading">Leads and reviews</h2>
        <AsyncContent
          resolve={activity}
          action="reading your leads and reviews"
          fallback={<SkeletonBlock label="Loading your activity…" height={220} />}
        >
          {(rows) => <ActivityOverview rows={rows} />}
        </AsyncContent>
      </section>
    </div>
  );
}

function ActivityOverview({ rows }: { rows: Activity }) {
  if (rows.length === 0) return null;
  const leads = rows.flatMap((row) => row.leads);
  const reviews = rows.flatMap((row) => row.reviews);
  const openByBusiness = rows
    .map((row) => ({
      business: row.business,
      open: row.leads.filter((lead) => lead.status === 'Open').length,
    }))
    .filter((row) => row.open > 0);

  return (
    <>
      <LeadStatusStats leads={leads} />
      <div className="grid-2">
        <div className="card section">
          <h3>Leads over the last weeks</h3>
          {leads.length === 0 ? (
            <EmptyState title="No leads yet">
              New leads from Thumbtack customers will show up here.
            </EmptyState>
          ) : (
            <LeadsPerWeekChart leads={leads} />
          )}
        </div>
        <div className="card section">
          <h3>Review ratings</h3>
          <RatingSummary reviews={reviews} />
        </div>
      </div>
      {openByBusiness.length > 0 ? (
        <ul className="chip-list" aria-label="Open leads by business">
          {openByBusiness.map((row) => (
            <li key={row.business.businessID}>
              <Link className="chip" to={paths.leads.href(row.business.businessID)}>
                {row.business.name}: <strong>{row.open} open</strong>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
