/**
 * `open` run on first use and its result shared by every later call, unless it fails: a failure is given to the
 * calls that waited for that attempt, and the next call tries again. For what a thread opens for itself (a batch
 * thread's database pool): a database that was down at the first request must not leave the thread failing every
 * request after it.
 */
export function openedOnce<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () =>
    (opened ??= open().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
}
