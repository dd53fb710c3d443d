import type { Database } from '../db/database.js';
import { claimDue, markDelivered, markFailed, type DueDelivery } from '../db/webhook-outbox.js';
import type { Log } from '../log.js';
import { sign, SIGNATURE_HEADER } from './signature.js';

// The webhook delivery worker (docs/console.md, "Webhooks"): in every server process, it takes the
// deliveries that are due from the outbox and POSTs them. A 2xx is delivered; anything else (an
// error status, a redirect, no answer within the timeout, no connection) is tried again later:
// 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 2 h, until a day after the event. Nothing a
// visitor or an agent does waits for it.

/** Seconds before the next try, after the `attempts`-th one failed. */
export const RETRY_SECONDS = [10, 30, 120, 600, 1800, 3600, 7200];

export interface WorkerOptions {
  log: Log;
  /** How often the outbox is read for due deliveries (default 1 s). */
  intervalMs?: number;
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs?: number;
  /** Delays between tries, in seconds (default RETRY_SECONDS; the last repeats). */
  retrySeconds?: readonly number[];
}

export interface Worker {
  /** Stops after the deliveries under way. */
  stop(): Promise<void>;
}

export function startWebhookWorker(db: Database, options: WorkerOptions): Worker {
  const { log, intervalMs = 1000, timeoutMs = 10_000, retrySeconds = RETRY_SECONDS } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = Promise.resolve();

  async function deliver(delivery: DueDelivery) {
    const seconds = Math.floor(Date.now() / 1000);
    let outcome: { status: number | null; error: string };
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'OpenCX-Webhooks/1',
          'OpenCX-Event-Id': delivery.eventId,
          [SIGNATURE_HEADER]: sign(delivery.secret, delivery.body, seconds),
        },
        body: delivery.body,
        // A redirect is not followed: the signed body goes to the address registered, or nowhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        await markDelivered(db, delivery.id, response.status);
        return;
      }
      outcome = { status: response.status, error: `answered ${response.status}` };
    } catch (error) {
      const reason = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      outcome = { status: null, error: reason === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : reason };
    }
    const delay = retrySeconds[Math.min(delivery.attempts - 1, retrySeconds.length - 1)]!;
    await markFailed(db, delivery.id, outcome, delay);
  }

  async function round() {
    // While a batch is full there may be more due: keep going before waiting again.
    for (;;) {
      if (stopped) return;
      const due = await claimDue(db, 20, timeoutMs / 1000 + 30);
      await Promise.all(due.map(deliver));
      if (due.length < 20) return;
    }
  }

  function schedule(delay: number) {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      running = running
        .then(round)
        .catch((error: Error) => log.warn(`Webhook deliveries could not be read: ${error.message}`))
        .finally(() => schedule(intervalMs));
    }, delay);
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
