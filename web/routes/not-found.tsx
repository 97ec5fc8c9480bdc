import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';
import { paths } from '../lib/paths';

export function Component() {
  return (
    <div className="page">
      <PageTitle>Page not found</PageTitle>
      <p>There is nothing at this address.</p>
      <Link className="button button--secondary" to={paths.home.href()}>
        Go to the start
      </Link>
    </div>
  );
}
