import * as v from 'valibot';

// The field rules every route shares, so the same kind of value is checked the same way everywhere.

/**
 * Text PostgreSQL can store as it came: no NUL (text and JSON cannot hold it) and no half of a
 * surrogate pair (not Unicode; JSON columns refuse its escape). Other control characters are kept
 * as the visitor sent them, and escaped wherever they are shown (docs/security.md).
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = v.check(
  (s: string) => !s.includes('\0') && !LONE_SURROGATE.test(s),
  'must not contain NUL or a lone surrogate',
);

/** Text of 1 to `max` characters. */
export const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), storable);

/** Optional free text of up to `max` characters (it may be empty). */
export const freeText = (max: number) => v.pipe(v.string(), v.maxLength(max), storable);

/** An id the client chose or was given: a widget, a visitor, a message. */
export const id = text(200);

export const conversationId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a conversation id'),
);

/** An attachment's id as the server made it (db/attachments.ts). */
export const attachmentId = v.pipe(v.string(), v.regex(/^a_[\w-]{22}$/, 'must be attachment ids'));

export const email = v.pipe(v.string(), v.maxLength(320), v.email());

/** `?widgetId=`: the routes that take a conversation id in the path name their widget here. */
export const widgetQuery = v.object({ widgetId: id });

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Whether `s` is ISO 8601 with a date, a time and a zone, and names a moment that exists. */
function isTimestamp(s: string): boolean {
  const parts = ISO_8601.exec(s)
    ?.slice(1)
    .map((n = '0') => Number(n));
  if (!parts) return false;
  const [year, month, day, hour, minute, second, zoneHours, zoneMinutes] = parts as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Years 1 to 99 are read as 1901 to 1999 here, which have the same leap years.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1 &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    zoneHours < 24 &&
    zoneMinutes < 60
  );
}

/**
 * A moment as the API writes them (`2026-12-06T10:00:00.000Z`): ISO 8601 with a time zone, and
 * only a real one. `Date.parse` alone takes "1", "Tue, 01 Jan" or 30 February.
 */
export const timestamp = v.pipe(v.string(), v.check(isTimestamp, 'must be an ISO 8601 timestamp with a time zone'));
