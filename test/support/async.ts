// Captured when this module loads, before a test installs a fake clock (./clock.ts): waiting in
// real time is how a test lets real I/O (the mock API over HTTP) settle while the code under test
// runs on fake time.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('the call succeeded');
}

/** Resolves once `predicate` holds, polling every 10 ms of real time; fails with `what` after `timeout`. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeout = 4000,
): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeout) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => realSetTimeout(r, 10));
  }
}
