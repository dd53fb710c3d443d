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

type Limit = {
  bucket: string;
  window: 'minute' | 'day';
  max: number;
  code: Refusal['code'];
  /** Counted by every visitor of the widget: spread over SHARDS rows, so chats do not queue on one. */
  shared?: boolean;
};

/** Rows a widget-wide counter is spread over: each message adds to one at random; the count is their sum. */
const SHARDS = 8;

/**
 * Buckets found over their limit, and until when: within its window a count only grows, so asking
 * again is refused here without a database round trip (a flood of refused requests costs next to
 * nothing). Kept a minute at most, so that a raised quota is heard of soon. One map per database.
 */
type Over = { code: Refusal['code']; until: number; windowEnd: number };
const overLimit = new WeakMap<Database, Map<string, Over>>();
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 10_000;

function remembered(db: Database): Map<string, Over> {
  let known = overLimit.get(db);
  if (!known) overLimit.set(db, (known = new Map()));
  return known;
}

/**
 * Counts one in each of `limits`, in one statement (a bucket is counted in one kind of window only:
 * at midnight a minute and a day start together); returns each count, in order, and the seconds
 * left in its window. A shared bucket's count is the sum of its shards.
 */
async function countAll(db: Database, widgetId: string, limits: Limit[]) {
  const buckets = limits.map((l) => (l.shared ? `${l.bucket}#${Math.floor(Math.random() * SHARDS)}` : l.bucket));
  const rows = await db.query<{ i: number; count: number; left: number }>(
    `with asked as (
       select * from unnest($2::text[], $3::text[]) with ordinality as a(bucket, win, i)
     ), counted as (
       insert into rate_counters (widget_id, bucket, window_start, count)
       select $1, bucket, date_trunc(win, now()), 1 from asked
       on conflict (widget_id, bucket, window_start) do update set count = rate_counters.count + 1
       returning bucket, window_start, count
     )
     select a.i::int as i,
            (c.count + case when position('#' in c.bucket) = 0 then 0 else coalesce(
              (select sum(r.count) from rate_counters r
               where r.widget_id = $1 and r.window_start = c.window_start and r.bucket <> c.bucket
                 and r.bucket like split_part(c.bucket, '#', 1) || '#%'), 0) end)::int as count,
            ceil(extract(epoch from (c.window_start + ('1 ' || a.win)::interval - now())))::int as left
     from counted c join asked a on a.bucket = c.bucket
     order by a.i`,
    [widgetId, buckets, limits.map((l) => l.window)],
  );
  return { buckets, counted: rows };
}

/**
 * Counts one in each of `limits`; the first one over refuses, and then none of them keeps the
 * count, so that (say) an address over its share takes nothing from the widget's quota.
 */
async function admit(db: Database, widgetId: string, limits: Limit[]): Promise<Refusal | undefined> {
  const known = remembered(db);
  const now = Date.now();
  const key = (l: Limit) => `${widgetId}\0${l.window}\0${l.bucket}`;
  for (const limit of limits) {
    const over = known.get(key(limit));
    if (over && over.until > now) return { code: over.code, retryAfter: Math.ceil((over.windowEnd - now) / 1000) };
  }
  const { buckets, counted } = await countAll(db, widgetId, limits);
  const first = limits.findIndex((l, i) => counted[i]!.count > l.max);
  if (first < 0) return undefined;
  const { code } = limits[first]!;
  const retryAfter = Math.max(1, counted[first]!.left);
  // A refused message counts for nothing: every counter gives its one back.
  await db.query(
    `update rate_counters r set count = r.count - 1
     from unnest($2::text[], $3::text[]) as a(bucket, win)
     where r.widget_id = $1 and r.bucket = a.bucket and r.window_start = date_trunc(a.win, now()) and r.count > 0`,
    [widgetId, buckets, limits.map((l) => l.window)],
  );
  if (known.size >= REMEMBER_MAX) {
    for (const [k, { until }] of known) if (until <= now) known.delete(k);
    if (known.size >= REMEMBER_MAX) known.clear();
  }
  const windowEnd = now + retryAfter * 1000;
  known.set(key(limits[first]!), { code, windowEnd, until: Math.min(windowEnd, now + REMEMBER_MS) });
  return { code, retryAfter };
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
    { bucket: 'widget', window: 'day', max: widget.daily_quota, code: 'quota_exceeded', shared: true },
  ]);
}

/** Counts one write other than a message from `client`: WRITES_PER_MINUTE and WRITES_PER_DAY bound what one address stores. */
export function admitWrite(db: Database, widget: WidgetRow, client: string): Promise<Refusal | undefined> {
  return admit(db, widget.id, [
    { bucket: `writes-minute:${client}`, window: 'minute', max: WRITES_PER_MINUTE, code: 'rate_limited' },
    { bucket: `writes-day:${client}`, window: 'day', max: WRITES_PER_DAY, code: 'rate_limited' },
  ]);
}

/**
 * Counts one upload from `client` (docs/server.md, "Attachments"): as many a minute as one visitor
 * may send messages (`rate_limit_per_minute`), the address's share of the widget's daily uploads,
 * and the widget's daily uploads (`attachment_daily_quota`).
 */
export function admitUpload(db: Database, widget: WidgetRow, client: string): Promise<Refusal | undefined> {
  const daily = widget.attachment_daily_quota;
  return admit(db, widget.id, [
    { bucket: `uploads-minute:${client}`, window: 'minute', max: widget.rate_limit_per_minute, code: 'rate_limited' },
    {
      bucket: `uploads-day:${client}`,
      window: 'day',
      max: Math.max(1, Math.ceil(daily * widget.client_quota_share)),
      code: 'quota_exceeded',
    },
    { bucket: 'uploads', window: 'day', max: daily, code: 'quota_exceeded', shared: true },
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
