import type { Database } from './database.js';
import type { WidgetRow } from './widgets.js';

// The limits (docs/server.md, "Limits"). Counted in the database, so several server processes
// share them. A client is the address a request comes from (http/client-address.ts): a caller can
// make new visitors at will, not new addresses, so what one address may take is capped too.

/** Why a request is refused, and in how many seconds asking again may succeed. */
export interface Refusal {
  code: 'rate_limited' | 'quota_exceeded';
  retryAfter: number;
}

/** One address may send as many messages a minute as this many visitors: an office or a school shares one. */
export const VISITORS_PER_CLIENT = 5;
/** Writes other than messages (new visitors, conversations, contact details, feedback, escalations), per address. */
export const WRITES_PER_MINUTE = 60;
export const WRITES_PER_DAY = 1000;

/**
 * Counts one more in the window of `bucket` that contains now (a bucket is counted in one kind of
 * window only: at midnight a minute and a day start together); returns the count and the seconds left in the window. */
async function count(db: Database, widgetId: string, bucket: string, window: 'minute' | 'day') {
  const [row] = await db.query<{ count: number; left: number }>(
    `insert into rate_counters (widget_id, bucket, window_start, count) values ($1, $2, date_trunc('${window}', now()), 1)
     on conflict (widget_id, bucket, window_start) do update set count = rate_counters.count + 1
     returning count, ceil(extract(epoch from (window_start + interval '1 ${window}' - now())))::int as left`,
    [widgetId, bucket],
  );
  return row!;
}

/** Counts one in each of `limits` in turn; the first one over refuses, and the later ones are not counted. */
async function admit(
  db: Database,
  widgetId: string,
  limits: { bucket: string; window: 'minute' | 'day'; max: number; code: Refusal['code'] }[],
): Promise<Refusal | undefined> {
  for (const { bucket, window, max, code } of limits) {
    const counted = await count(db, widgetId, bucket, window);
    if (counted.count > max) return { code, retryAfter: Math.max(1, counted.left) };
  }
  return undefined;
}

/** The most messages one address may have answered in a day: its share of the widget's quota. */
export const clientDailyMessages = (widget: WidgetRow) =>
  Math.max(1, Math.ceil(widget.daily_quota * widget.client_quota_share));

/**
 * Counts one message from `visitorId` at `client` against, in order: the visitor's per-minute
 * limit, the address's (VISITORS_PER_CLIENT visitors' worth), the address's share of the daily
 * quota, and the widget's daily quota. The first one over refuses; one address over its share is
 * refused before it takes from the widget's quota, so it cannot use up the others' answers.
 */
export function admitMessage(
  db: Database,
  widget: WidgetRow,
  { visitorId, client }: { visitorId: string; client: string },
): Promise<Refusal | undefined> {
  return admit(db, widget.id, [
    { bucket: `visitor:${visitorId}`, window: 'minute', max: widget.rate_limit_per_minute, code: 'rate_limited' },
    {
      bucket: `client-minute:${client}`,
      window: 'minute',
      max: widget.rate_limit_per_minute * VISITORS_PER_CLIENT,
      code: 'rate_limited',
    },
    { bucket: `client-day:${client}`, window: 'day', max: clientDailyMessages(widget), code: 'quota_exceeded' },
    { bucket: 'widget', window: 'day', max: widget.daily_quota, code: 'quota_exceeded' },
  ]);
}

/** Counts one write other than a message from `client`: WRITES_PER_MINUTE and WRITES_PER_DAY bound what one address stores. */
export function admitWrite(db: Database, widget: WidgetRow, client: string): Promise<Refusal | undefined> {
  return admit(db, widget.id, [
    { bucket: `writes-minute:${client}`, window: 'minute', max: WRITES_PER_MINUTE, code: 'rate_limited' },
    { bucket: `writes-day:${client}`, window: 'day', max: WRITES_PER_DAY, code: 'rate_limited' },
  ]);
}

/** Drops counters of windows long gone. */
export async function pruneCounters(db: Database): Promise<void> {
  await db.query(`delete from rate_counters where window_start < now() - interval '2 days'`);
}

/** Sign-in attempts of the agent console, per email and per address (docs/console.md, "Signing in"). */
export const SIGN_INS_PER_EMAIL = 5;
export const SIGN_INS_PER_CLIENT = 20;

/**
 * Counts one attempt to sign in as `email` from `client`: guessing one agent's password, or
 * trying many agents from one address, is held to a few tries a minute. Counted under no widget.
 */
export function admitSignIn(db: Database, email: string, client: string): Promise<Refusal | undefined> {
  return admit(db, '', [
    { bucket: `sign-in-email:${email}`, window: 'minute', max: SIGN_INS_PER_EMAIL, code: 'rate_limited' },
    { bucket: `sign-in-client:${client}`, window: 'minute', max: SIGN_INS_PER_CLIENT, code: 'rate_limited' },
  ]);
}
