import { Suspense } from 'react';
import { Await, useAsyncError, useRevalidator } from 'react-router';
import { ErrorState } from './error-state';

/**
 * Renders a loader's promise: `fallback` (a skeleton) while it is pending, an error with a retry
 * when it fails, `children(value)` once it resolves. Retrying re-runs the screen's loaders.
 */
export function AsyncContent<T>({
  resolve,
  fallback,
  action,
  children,
}: {
  resolve: Promise<T>;
  fallback: React.ReactNode;
  action?: string;
  children: (value: T) => React.ReactNode;
}) {
  return (
    <Suspense fallback={fallback}>
      <Await resolve={resolve} errorElement={<AwaitError action={action} />}>
        {(value: T) => children(value)}
      </Await>
    </Suspense>
  );
}

function AwaitError({ action }: { action: string | undefined }) {
  const error = useAsyncError();
  const revalidator = useRevalidator();
  return (
    <ErrorState
      error={error}
      action={action}
      onRetry={() => void revalidator.revalidate()}
      retrying={revalidator.state === 'loading'}
    />
  );
}
