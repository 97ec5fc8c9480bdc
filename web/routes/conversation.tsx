import { Link, type LoaderFunctionArgs, useLoaderData, useParams } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getNegotiation } from '../features/leads/api/get-negotiations';
import { getMessages } from '../features/messages/api/messages';
import { MessageThread } from '../features/messages/components/message-thread';
import { deferred } from '../lib/deferred';
import { paths } from '../lib/paths';

// A customer's conversation with one pro about their request.
export function loader({ params, request }: LoaderFunctionArgs) {
  const negotiationId = params.negotiationId ?? '';
  return {
    negotiation: deferred(getNegotiation(negotiationId, request.signal)),
    messages: deferred(getMessages(negotiationId, { signal: request.signal })),
  };
}

export function Component() {
  const { negotiation, messages } = useLoaderData<typeof loader>();
  const { negotiationId = '' } = useParams();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={paths.messages.href()}>← Messages</Link>
      </p>
      <AsyncContent
        resolve={negotiation}
        action="seeing the pros you contacted"
        fallback={
          <>
            <PageTitle>Conversation</PageTitle>
            <SkeletonList label="Loading the conversation…" rows={3} />
          </>
        }
      >
        {(value) => {
          const pro = value.business?.name ?? 'the pro';
          return (
            <>
              <div>
                <PageTitle>{value.business?.name ?? 'Conversation'}</PageTitle>
                {value.request?.category?.name ? (
                  <p className="page-lede">{value.request.category.name}</p>
                ) : null}
              </div>
              <AsyncContent
                resolve={messages}
                action="reading messages with pros"
                fallback={<SkeletonList label="Loading messages…" rows={3} />}
              >
                {(list) => (
                  <MessageThread
                    key={negotiationId}
                    negotiationId={negotiationId}
                    initialMessages={list}
                    mine="Customer"
                    counterpart={pro}
                  />
                )}
              </AsyncContent>
            </>
          );
        }}
      </AsyncContent>
    </div>
  );
}
