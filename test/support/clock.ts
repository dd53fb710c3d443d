// Fake time for the store's timers (retry backoff, polling, waiting to be online or visible): a
// test steps through a 30 s backoff at once instead of waiting for it, and knows exactly how long
// the store chose to wait.
import FakeTimers, { type Clock as FakeClock } from '@sinonjs/fake-timers';
import { waitUntil } from './async.js';

export type Clock = FakeClock;

/**
 * Fakes `setTimeout` and `clearTimeout` until `uninstall()`. Only those: `Date` stays real (the
 * mock API's log and the messages carry wall-clock times), and so do animation frames and the
 * microtasks Lit renders on. Mocha and `waitUntil` keep the real timers they took when loaded.
 */
export function fakeClock(): Clock {
  return FakeTimers.withGlobal(globalThis).install({ toFake: ['setTimeout', 'clearTimeout'] });
}

/**
 * Resolves once the code under test waits on a timer and `waiting()` holds — typically "no
 * request is open": a request holds a timer too (its timeout), and the answer it waits for is real
 * I/O that fake time cannot hurry, so the test waits for it in real time.
 */
export async function timerDue(clock: Clock, waiting: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await waitUntil(async () => clock.countTimers() > 0 && (await waiting()), what);
}

/**
 * Once `timerDue`, moves fake time to the next timer and runs it, with all it starts up to the
 * first real I/O. Resolves with how far time moved: the wait the code under test asked for.
 */
export async function nextTimer(
  clock: Clock,
  waiting: () => boolean | Promise<boolean>,
  what: string,
): Promise<number> {
  await timerDue(clock, waiting, what);
  const before = clock.now;
  await clock.nextAsync();
  return clock.now - before;
}
