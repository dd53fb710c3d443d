import * as v from 'valibot';

// The field rules every route shares, so the same kind of value is checked the same way everywhere.

/** PostgreSQL text cannot hold NUL; other control characters are kept as the visitor sent them. */
const noNul = v.regex(/^[^\0]*$/, 'must not contain NUL');

/** Text of 1 to `max` characters. */
export const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max), noNul);

/** Optional free text of up to `max` characters (it may be empty). */
export const freeText = (max: number) => v.pipe(v.string(), v.maxLength(max), noNul);

/** An id the client chose or was given: a widget, a visitor, a message. */
export const id = text(200);

export const conversationId = v.pipe(
  v.string(),
  v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a conversation id'),
);

export const email = v.pipe(v.string(), v.maxLength(320), v.email());

/** `?widgetId=`: the routes that take a conversation id in the path name their widget here. */
export const widgetQuery = v.object({ widgetId: id });
