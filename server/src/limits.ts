import { ApiProblem } from './problem.js';
import type { Database } from './db.js';
import type { WidgetRow } from './widgets.js';

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
 * One message from `visitorId`: within the widget's per-visitor limit per minute and its daily
 * quota, or a 429 with Retry-After (seconds) telling when to try again.
 */
export async function admitMessage(db: Database, widget: WidgetRow, visitorId: string): Promise<void> {
  const perVisitor = await count(db, widget.id, `visitor:${visitorId}`, 'minute');
  if (perVisitor.count > widget.rate_limit_per_minute) {
    throw new ApiProblem(
      429,
      'rate_limited',
      'Too many messages. Please wait a moment.',
      undefined,
      Math.max(1, perVisitor.left),
    );
  }
  const today = await count(db, widget.id, 'widget', 'day');
  if (today.count > widget.daily_quota) {
    throw new ApiProblem(
      429,
      'quota_exceeded',
      'This chat has answered all it can today. Please come back tomorrow.',
      undefined,
      Math.max(1, today.left),
    );
  }
}

/** Drops counters of windows long gone. */
export async function pruneCounters(db: Database): Promise<void> {
  await db.query(`delete from rate_counters where window_start < now() - interval '2 days'`);
}
