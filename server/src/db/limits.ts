import type { Database } from './database.js';
import type { WidgetRow } from './widgets.js';

/** Why a message is refused, and in how many seconds asking again may succeed. */
export interface Refusal {
  code: 'rate_limited' | 'quota_exceeded';
  retryAfter: number;
}

/** Counts one more in the window of `bucket` that contains now; returns the count and the seconds left in the window. */
async function count(db: Database, widgetId: string, bucket: string, window: 'minute' | 'day') {
  const [row] = await db.query<{ count: number; left: number }>(
    `insert into rate_counters (widget_id, bucket, window_start, count) values ($1, $2, date_trunc('${window}', now()), 1)
     on conflict (widget_id, bucket, window_start) do update set count = rate_counters.count + 1
     returning count, ceil(extract(epoch from (window_start + interval '1 ${window}' - now())))::int as left`,
    [widgetId, bucket],
  );
  return row!;
}

/**
 * Counts one message from `visitorId` against the widget's per-visitor limit per minute and its
 * daily quota; returns the refusal when it is over either. The counters live in the database, so
 * several server processes share them.
 */
export async function admitMessage(db: Database, widget: WidgetRow, visitorId: string): Promise<Refusal | undefined> {
  const perVisitor = await count(db, widget.id, `visitor:${visitorId}`, 'minute');
  if (perVisitor.count > widget.rate_limit_per_minute) {
    return { code: 'rate_limited', retryAfter: Math.max(1, perVisitor.left) };
  }
  const today = await count(db, widget.id, 'widget', 'day');
  if (today.count > widget.daily_quota) return { code: 'quota_exceeded', retryAfter: Math.max(1, today.left) };
  return undefined;
}

/** Drops counters of windows long gone. */
export async function pruneCounters(db: Database): Promise<void> {
  await db.query(`delete from rate_counters where window_start < now() - interval '2 days'`);
}
