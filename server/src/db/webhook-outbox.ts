import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import type { WebhookType } from './webhooks.js';

// The webhook outbox (docs/console.md, "Webhooks"): a delivery per event and endpoint, written in
// the transaction of the change it reports, then sent by the delivery worker
// (webhooks/worker.ts) at least once, retried with backoff for a day.

/** How long a delivery is retried before it is given up. */
export const GIVE_UP_AFTER_MS = 24 * 3600 * 1000;

/**
 * Queues `type` with `data` for every endpoint of the conversation's widget that wants it: one
 * event id and one body for all of them, kept byte for byte for every retry. Nothing when the
 * widget has no endpoint for it (one indexed read).
 */
export async function enqueueWebhook(tx: Database, conversationId: string, type: WebhookType, data: unknown) {
  const hooks = await tx.query<{ id: string; widgetId: string }>(
    `select w.id, w.widget_id as "widgetId" from webhooks w join conversations c on c.widget_id = w.widget_id
     where c.id = $1 and $2 = any(w.events)`,
    [conversationId, type],
  );
  if (hooks.length === 0) return;
  const id = randomUUID();
  const body = JSON.stringify({ id, type, createdAt: new Date().toISOString(), widgetId: hooks[0]!.widgetId, data });
  await tx.query(
    `insert into webhook_deliveries (webhook_id, event_id, type, body) select unnest($1::uuid[]), $2, $3, $4`,
    [hooks.map((h) => h.id), id, type, body],
  );
}

export interface DueDelivery {
  id: string;
  eventId: string;
  body: string;
  attempts: number;
  createdAt: string;
  url: string;
  secret: string;
}

/**
 * Takes up to `limit` deliveries that are due, for `leaseSeconds`: no other worker (process) takes
 * them meanwhile, and one whose worker died is taken again when the lease ends.
 */
export function claimDue(db: Database, limit: number, leaseSeconds: number) {
  return db.query<DueDelivery>(
    // Materialized: a sub-select with LIMIT that the planner ran twice could take more than `limit`.
    `with due as materialized (
       select id from webhook_deliveries
       where delivered_at is null and failed_at is null and next_attempt_at <= now()
       order by next_attempt_at limit $1 for update skip locked)
     update webhook_deliveries d
     set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
     from due, webhooks w
     where d.id = due.id and w.id = d.webhook_id
     returning d.id::text as id, d.event_id as "eventId", d.body, d.attempts, d.created_at as "createdAt", w.url, w.secret`,
    [limit, leaseSeconds],
  );
}

export async function markDelivered(db: Database, id: string, status: number): Promise<void> {
  await db.query(
    'update webhook_deliveries set delivered_at = now(), last_status = $2, last_error = null where id = $1',
    [id, status],
  );
}

/** A failed try: retried `retryInSeconds` later, or given up a day after the event. */
export async function markFailed(
  db: Database,
  id: string,
  outcome: { status: number | null; error: string },
  retryInSeconds: number,
): Promise<void> {
  await db.query(
    `update webhook_deliveries
     set last_status = $2, last_error = $3,
         next_attempt_at = now() + make_interval(secs => $4),
         failed_at = case when now() + make_interval(secs => $4) > created_at + make_interval(secs => $5) then now() end
     where id = $1`,
    [id, outcome.status, outcome.error.slice(0, 500), retryInSeconds, GIVE_UP_AFTER_MS / 1000],
  );
}
