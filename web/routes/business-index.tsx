import { type LoaderFunctionArgs, redirect } from 'react-router';
import { paths } from '../lib/paths';

// A business's own address opens its leads, the screen pros use most.
export function loader({ params }: LoaderFunctionArgs) {
  throw redirect(paths.leads.href(params.businessId ?? ''));
}
