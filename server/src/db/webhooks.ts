import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import { isoTimestamp } from './timestamps.js';

// The endpoints widgets registered for webhooks (docs/console.md, "Webhooks"), as the CLI manages
// and shows them. The outbox of their deliveries is webhook-outbox.ts.

export const WEBHOOK_TYPES = [
  'conversation.escalated',
  'message.created',
  'conversation.closed',
  'feedback.created',
] as const;

export type WebhookType = (typeof WEBHOOK_TYPES)[number];

/** Registers `url` for `events` of the widget; returns its id and the signing secret (shown once). */
export async function addWebhook(db: Database, widgetId: string, url: string, events: readonly WebhookType[]) {
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await db.query('insert into webhooks (id, widget_id, url, secret, events) values ($1, $2, $3, $4, $5)', [
    id,
    widgetId,
    url,
    secret,
    events,
  ]);
  return { id, secret };
}

export async function removeWebhook(db: Database, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return (await db.query('delete from webhooks where id = $1 returning id', [id])).length > 0;
}

export interface WebhookRow {
  id: string;
  widgetId: string;
  url: string;
  events: string[];
  pending: number;
  failed: number;
  /** The last delivery tried: its event, when, and what came of it. */
  last: { type: string; at: string; status: number | null; error: string | null; delivered: boolean } | null;
}

/** The endpoints (of `widgetId`, or all), each with its deliveries waiting, given up, and the last one tried. */
export function listWebhooks(db: Database, widgetId?: string) {
  return db.query<WebhookRow>(
    `select w.id, w.widget_id as "widgetId", w.url, w.events,
       (select count(*) from webhook_deliveries d
        where d.webhook_id = w.id and d.delivered_at is null and d.failed_at is null)::int as pending,
       (select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.failed_at is not null)::int as failed,
       (select json_build_object('type', d.type, 'at', ${isoTimestamp('coalesce(d.delivered_at, d.failed_at, d.next_attempt_at)')},
                                 'status', d.last_status, 'error', d.last_error, 'delivered', d.delivered_at is not null)
        from webhook_deliveries d where d.webhook_id = w.id and d.attempts > 0 order by d.id desc limit 1) as last
     from webhooks w where $1::text is null or w.widget_id = $1 order by w.widget_id, w.created_at`,
    [widgetId ?? null],
  );
}

/** The endpoint's latest deliveries, newest first. */
export function recentDeliveries(db: Database, webhookId: string, limit = 20) {
  return db.query<{
    eventId: string;
    type: string;
    createdAt: string;
    attempts: number;
    state: 'delivered' | 'failed' | 'pending';
    lastStatus: number | null;
    lastError: string | null;
  }>(
    `select event_id as "eventId", type, ${isoTimestamp('created_at')} as "createdAt", attempts,
       case when delivered_at is not null then 'delivered' when failed_at is not null then 'failed' else 'pending' end as state,
       last_status as "lastStatus", last_error as "lastError"
     from webhook_deliveries where webhook_id = $1 order by id desc limit $2`,
    [webhookId, limit],
  );
}
