import { useCallback, useState } from 'react';

export type MutationResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * State for one user action that writes (send, save, delete): whether it is running and how it
 * failed. The promise never rejects, so handlers need no try/catch of their own.
 */
export function useMutation<A extends unknown[], R>(perform: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const run = useCallback(
    async (...args: A): Promise<MutationResult<R>> => {
      setPending(true);
      setError(undefined);
      try {
        const value = await perform(...args);
        setPending(false);
        return { ok: true, value };
      } catch (caught) {
        setPending(false);
        setError(caught);
        return { ok: false, error: caught };
      }
    },
    [perform],
  );

  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
