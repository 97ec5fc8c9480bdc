import { Link, type LoaderFunctionArgs, useLoaderData, useParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonBlock, SkeletonList } from '../components/skeleton';
import { getNegotiation } from '../features/leads/api/get-negotiations';
import { customerName, type Negotiation } from '../features/leads/api/types';
import { JobStatusForm } from '../features/leads/components/job-status-form';
import { LeadDetails } from '../features/leads/components/lead-details';
import { useLiveMessages, useOpenLead } from '../features/live/components/use-live';
import { getMessages } from '../features/messages/api/messages';
import { MessageThread } from '../features/messages/components/message-thread';
import { deferred } from '../lib/deferred';
import { paths } from '../lib/paths';

// One lead: what the customer asked for, the conversation, and where the job stands.
export function loader({ params, request }: LoaderFunctionArgs) {
  const negotiationId = params.negotiationId ?? '';
  return {
    lead: deferred(getNegotiation(negotiationId, request.signal)),
    messages: deferred(getMessages(negotiationId, { signal: request.signal })),
  };
}

export function Component() {
  const { lead, messages } = useLoaderData<typeof loader>();
  const { negotiationId = '' } = useParams();
  // Open: messages arriving live join the thread below, and its unread mark in the leads list clears.
  useOpenLead(negotiationId);
  const liveMessages = useLiveMessages(negotiationId);

  return (
    <div className="page">
      <AsyncContent
        resolve={lead}
        action="reading your leads"
        fallback={
          <>
            <PageTitle>Lead</PageTitle>
            <SkeletonBlock label="Loading the lead…" height={280} />
          </>
        }
      >
        {(value) => (
          <>
            <div>
              {value.business?.businessID ? (
                <p className="breadcrumb">
                  <Link to={paths.leads.href(value.business.businessID)}>
                    ← Leads{value.business.name ? ` of ${value.business.name}` : ''}
                  </Link>
                </p>
              ) : null}
              <PageTitle>{leadTitle(value)}</PageTitle>
            </div>
            <div className="split">
              <div className="section">
                <LeadDetails lead={value} />
                <JobStatusForm negotiationId={negotiationId} />
              </div>
              <AsyncContent
                resolve={messages}
                action="reading messages with customers"
                fallback={<SkeletonList label="Loading messages…" rows={3} />}
              >
                {(list) => (
                  <MessageThread
                    key={negotiationId}
                    negotiationId={negotiationId}
                    initialMessages={list}
                    liveMessages={liveMessages}
                    mine="Business"
                    counterpart={value.customer?.firstName ?? customerName(value)}
                  />
                )}
              </AsyncContent>
            </div>
          </>
        )}
      </AsyncContent>
    </div>
  );
}

function leadTitle(lead: Negotiation): string {
  const category = lead.request?.category?.name;
  return category ? `${customerName(lead)} · ${category}` : customerName(lead);
}
