import { retryDelay } from '../retry-policy.js';
import { sleep, until } from '../timing.js';
import type { StoreCore } from './core.js';

/**
 * Runs `attempt` as the outbox sends a message (docs/core.md, "What it guarantees"): while the
 * device is offline it waits; what may work later (a lost connection, 408, 429, 5xx) is tried again
 * with the policy's backoff, never sooner than `Retry-After`; anything else, or the last attempt's
 * failure, is thrown. `reasonOf` names the error the policy judges (an upload's error wraps it).
 */
export async function retrying<T>(
  core: StoreCore,
  signal: AbortSignal,
  attempt: () => Promise<T>,
  reasonOf: (error: unknown) => unknown = (error) => error,
): Promise<T> {
  const { platform, policy, logger } = core;
  for (let tries = 1; ; tries++) {
    await until(platform.network, signal);
    try {
      return await attempt();
    } catch (error) {
      const delay = signal.aborted ? undefined : retryDelay(reasonOf(error), tries, policy);
      if (delay === undefined) throw error;
      logger.debug(`Attempt ${tries} failed; attempt ${tries + 1} in ${Math.round(delay)} ms.`);
      await sleep(delay, signal, platform.network);
    }
  }
}
