import { useState } from 'react';
import { type LoaderFunctionArgs, useLoaderData, useParams, useRevalidator } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { InlineError } from '../components/error-state';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getWebhooks, sendTestLead } from '../features/webhooks/api/webhooks';
import { CreateWebhookForm } from '../features/webhooks/components/create-webhook-form';
import { WebhookList } from '../features/webhooks/components/webhook-list';
import { deferred } from '../lib/deferred';
import { useMutation } from '../lib/use-mutation';

// Where Thumbtack calls a business's own systems: list, add, switch on and off, delete, test.
export function loader({ params, request }: LoaderFunctionArgs) {
  return { webhooks: deferred(getWebhooks(params.businessId ?? '', request.signal)) };
}

export function Component() {
  const { webhooks } = useLoaderData<typeof loader>();
  const { businessId = '' } = useParams();
  const revalidator = useRevalidator();
  const refresh = () => void revalidator.revalidate();

  return (
    <section className="section">
      <div className="page-header">
        <PageTitle>Webhooks</PageTitle>
        <SendTestLead businessId={businessId} />
      </div>
      <AsyncContent
        resolve={webhooks}
        action="seeing your webhooks"
        fallback={<SkeletonList label="Loading webhooks…" rows={2} />}
      >
        {(list) => <WebhookList businessId={businessId} webhooks={list} onChanged={refresh} />}
      </AsyncContent>
      <CreateWebhookForm businessId={businessId} onCreated={refresh} />
    </section>
  );
}

function SendTestLead({ businessId }: { businessId: string }) {
  const [sent, setSent] = useState(false);
  const mutation = useMutation(() => sendTestLead(businessId));
  async function handleClick() {
    setSent(false);
    if ((await mutation.run()).ok) setSent(true);
  }
  return (
    <div className="send-test">
      <button
        type="button"
        className="button button--secondary"
        onClick={handleClick}
        disabled={mutation.pending}
      >
        {mutation.pending ? 'Sending…' : 'Send test lead'}
      </button>
      <div aria-live="polite">
        {sent ? (
          <p className="notice notice--success">
            A test lead was created. Your enabled webhooks will receive it.
          </p>
        ) : null}
      </div>
      {mutation.error ? <InlineError error={mutation.error} action="sending a test lead" /> : null}
    </div>
  );
}
