import { type LoaderFunctionArgs, redirect } from 'react-router';
import { paths } from '../lib/paths';

// A business's own address opens its leads, the screen pros use most.
export function loader({ params }: LoaderFunctionArgs) {
  throw redirect(paths.leads.href(params.businessId ?? ''));
}

// Never shown (the loader always redirects), but a matched leaf route with neither Component nor
// element makes React Router warn while the redirect is still on its way (a slow session check).
export function Component() {
  return null;
}
