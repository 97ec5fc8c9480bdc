/**
 * Marks a loader's promise as handled before handing it to <Await>. A screen can be left before its
 * data settles (a redirect, a quick click elsewhere); without this a later rejection nobody renders
 * would surface as an unhandled rejection. <Await> still sees the rejection when it does render.
 */
export function deferred<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
