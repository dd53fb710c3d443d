import type { PlatformSignal } from './platform.js';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Aborted', 'AbortError');
}

/**
 * Waits `ms`, or less if `wake` turns true meanwhile (the device came back online). Rejects with
 * the abort reason when `signal` aborts, leaving no timer or listener behind.
 */
export function sleep(ms: number, signal: AbortSignal, wake?: PlatformSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const stops: (() => void)[] = [];
    const done = (settle: () => void) => () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      stops.forEach((stop) => stop());
      settle();
    };
    const onAbort = done(() => reject(abortReason(signal)));
    const timer = setTimeout(done(resolve), ms);
    const finish = done(resolve);
    if (wake) stops.push(wake.subscribe((value) => value && finish()));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves once `fact` is true (at once if it already is); rejects when `signal` aborts. */
export function until(fact: PlatformSignal | undefined, signal: AbortSignal): Promise<void> {
  if (!fact || fact.get()) return signal.aborted ? Promise.reject(abortReason(signal)) : Promise.resolve();
  return sleep(2 ** 31 - 1, signal, fact);
}
