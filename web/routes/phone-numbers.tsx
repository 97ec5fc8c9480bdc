import { type LoaderFunctionArgs, useLoaderData, useParams, useRevalidator } from 'react-router';
import { AsyncContent } from '../components/async-content';
import { PageTitle } from '../components/page-title';
import { SkeletonList } from '../components/skeleton';
import { getPhoneNumbers } from '../features/phone-numbers/api/phone-numbers';
import { AddPhoneNumberForm } from '../features/phone-numbers/components/add-phone-number-form';
import { PhoneNumberList } from '../features/phone-numbers/components/phone-number-list';
import { deferred } from '../lib/deferred';

// The phones linked to a business, which reach customers through Thumbtack's proxy numbers.
export function loader({ params, request }: LoaderFunctionArgs) {
  return { numbers: deferred(getPhoneNumbers(params.businessId ?? '', request.signal)) };
}

export function Component() {
  const { numbers } = useLoaderData<typeof loader>();
  const { businessId = '' } = useParams();
  const revalidator = useRevalidator();
  const refresh = () => void revalidator.revalidate();
  return (
    <section className="section">
      <PageTitle>Phone numbers</PageTitle>
      <AsyncContent
        resolve={numbers}
        action="seeing the phone numbers linked to your businesses"
        fallback={<SkeletonList label="Loading phone numbers…" rows={2} />}
      >
        {(list) => <PhoneNumberList businessId={businessId} numbers={list} onChanged={refresh} />}
      </AsyncContent>
      <AddPhoneNumberForm businessId={businessId} onAdded={refresh} />
    </section>
  );
}
