import { useNavigate } from 'react-router';
import { InlineError } from '../../../components/error-state';
import { paths } from '../../../lib/paths';
import { forgetBrowserData } from '../../../lib/tab-storage';
import { useMutation } from '../../../lib/use-mutation';
import { signOut } from '../api/sign-out';

export function SignOutButton({ className = 'button button--ghost' }: { className?: string }) {
  const navigate = useNavigate();
  const mutation = useMutation(signOut);

  async function handleClick() {
    const result = await mutation.run();
    if (result.ok) {
      forgetBrowserData();
      await navigate(paths.login.href(), { replace: true });
    }
  }

  return (
    <>
      <button type="button" className={className} onClick={handleClick} disabled={mutation.pending}>
        {mutation.pending ? 'Signing out…' : 'Sign out'}
      </button>
      {mutation.error ? <InlineError error={mutation.error} /> : null}
    </>
  );
}
