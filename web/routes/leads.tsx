import { useState } from 'react';
import { type LoaderFunctionArgs, useLoaderData, useParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { InlineError } from '../components/error-state';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getBusinessNegotiations } from '../features/leads/api/get-negotiations';
import type { Negotiation, Page } from '../features/leads/api/types';
import { LeadList } from '../features/leads/components/lead-list';
import { withLiveItems } from '../features/live/api/live-store';
import { useKnownLeads, useLiveLeads, useUnreadLeads } from '../features/live/components/use-live';
import { deferred } from '../lib/deferred';
import { useMutation } from '../lib/use-mutation';

const PAGE_SIZE = 50;

export function loader({ params, request }: LoaderFunctionArgs) {
  return {
    firstPage: deferred(
      getBusinessNegotiations(params.businessId ?? '', { limit: PAGE_SIZE }, request.signal),
    ),
  };
}

export function Component() {
  const { firstPage } = useLoaderData<typeof loader>();
  const { businessId = '' } = useParams();
  return (
    <section className="section">
      <PageTitle>Leads</PageTitle>
      <AsyncContent
        resolve={firstPage}
        action="reading your leads"
        fallback={<SkeletonList label="Loading leads…" rows={4} />}
      >
        {(page) => <PagedLeads key={businessId} businessId={businessId} firstPage={page} />}
      </AsyncContent>
    </section>
  );
}

/**
 * The first page plus any later ones the pro asked for, with leads that arrived live on top;
 * filtering spans everything loaded.
 */
function PagedLeads({ businessId, firstPage }: { businessId: string; firstPage: Page<Negotiation> }) {
  const [laterPages, setLaterPages] = useState<Page<Negotiation>[]>([]);
  const pages = [firstPage, ...laterPages];
  const last = pages[pages.length - 1];
  const more = useMutation((offset: number) =>
    getBusinessNegotiations(businessId, { limit: PAGE_SIZE, offset }),
  );
  // A refreshed first page can overlap a later one: each lead is listed once.
  const loaded = [
    ...new Map(pages.flatMap((page) => page.data ?? []).map((lead) => [lead.negotiationID, lead])).values(),
  ];
  const leads = withLiveItems(useLiveLeads(businessId), loaded, (lead) => lead.negotiationID);
  const unread = useUnreadLeads();
  // Messages that came before the console knew their lead show once a page brings it.
  useKnownLeads(loaded.map((lead) => lead.negotiationID));

  async function loadMore() {
    const result = await more.run(pages.reduce((count, page) => count + (page.data?.length ?? 0), 0));
    if (result.ok) setLaterPages((current) => [...current, result.value]);
  }

  return (
    <>
      <LeadList leads={leads} unread={unread} />
      {last?.pagination?.next ? (
        <div className="button-row">
          <button
            type="button"
            className="button button--secondary"
            onClick={loadMore}
            disabled={more.pending}
          >
            {more.pending ? 'Loading…' : 'Load more leads'}
          </button>
          {more.error ? <InlineError error={more.error} action="reading your leads" /> : null}
        </div>
      ) : null}
    </>
  );
}
