import type { Database } from './database.js';
import { historyMessage } from './messages.js';
import { enqueueWebhook } from './webhook-outbox.js';

// A conversation's live events (docs/console.md, "Live events"): `message` (a message as the
// history shows it to the visitor) and `status`. Each is a row with a growing id, written in the
// transaction of the change it reports, and announced with NOTIFY, which PostgreSQL delivers to
// every process listening (on commit, so a listener never reads an event before it exists).

export const EVENTS_CHANNEL = 'opencx_events';

/** `team`: a change only the team hears (an assignment, a note), never on a visitor's stream. */
export type EventKind = 'message' | 'status' | 'typing' | 'team';

export interface ConversationEvent {
  id: string;
  kind: EventKind;
  data: unknown;
}

/**
 * Records `kind` with `data` for the conversation, then announces it. The conversation's row is
 * locked first: two changes to one conversation commit in the order of their event ids, so a
 * reader that has seen id n never sees a smaller one appear later.
 */
export async function recordEvent(tx: Database, conversationId: string, kind: EventKind, data: unknown) {
  await tx.query('select 1 from conversations where id = $1 for update', [conversationId]);
  const [row] = await tx.query<{ id: string }>(
    'insert into conversation_events (conversation_id, kind, data) values ($1, $2, $3) returning id::text as id',
    [conversationId, kind, JSON.stringify(data)],
  );
  await tx.query(`select pg_notify('${EVENTS_CHANNEL}', $1)`, [`${conversationId}:${row!.id}`]);
}

/** Records a `message` event for the message `messageId` as the visitor's history shows it (and its webhook). */
export async function recordMessageEvent(tx: Database, conversationId: string, messageId: string) {
  const message = await historyMessage(tx, conversationId, messageId);
  if (!message) return;
  await recordEvent(tx, conversationId, 'message', message);
  // What people write goes to the widget's webhooks; the bot's answers and notices do not.
  if (message.role === 'user' || message.role === 'agent') {
    await enqueueWebhook(tx, conversationId, 'message.created', { conversationId, message });
  }
}

/** Something that is not kept (an agent typing): announced to whoever listens now, never replayed. */
export async function announce(db: Database, conversationId: string, kind: EventKind, data: unknown) {
  await db.query(`select pg_notify('${EVENTS_CHANNEL}', $1)`, [
    `${conversationId}:-:${JSON.stringify({ kind, data })}`,
  ]);
}

/** The conversation's events for its visitor after `afterId` (not the team's), oldest first, at most `limit`. */
export function eventsAfter(db: Database, conversationId: string, afterId: string, limit = 500) {
  return db.query<ConversationEvent>(
    `select id::text as id, kind, data from conversation_events
     where conversation_id = $1 and id > $2::bigint and kind <> 'team' order by id limit $3`,
    [conversationId, afterId, limit],
  );
}

/** The id of the conversation's newest event, or 0: where a stream without Last-Event-ID starts. */
export async function lastEventId(db: Database, conversationId: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'select coalesce(max(id), 0)::text as id from conversation_events where conversation_id = $1',
    [conversationId],
  );
  return row!.id;
}

/** An event as an agent's stream sends it: with its conversation and widget. */
export interface WidgetEvent extends ConversationEvent {
  conversationId: string;
  widgetId: string;
}

/**
 * Events of conversations of `widgets`: the one `id` names, or those after `afterId` (oldest
 * first, at most `limit`). Across conversations, ids are not committed in order: resuming an
 * agent's stream by id is a best effort (docs/console.md), delivering as written is not.
 */
export function widgetEvents(
  db: Database,
  widgets: string[],
  where: { id: string } | { afterId: string },
  limit = 500,
) {
  const [condition, value] = 'id' in where ? ['e.id = $2::bigint', where.id] : ['e.id > $2::bigint', where.afterId];
  return db.query<WidgetEvent>(
    `select e.id::text as id, e.kind, e.data, e.conversation_id as "conversationId", c.widget_id as "widgetId"
     from conversation_events e join conversations c on c.id = e.conversation_id
     where c.widget_id = any($1::text[]) and ${condition} order by e.id limit $3`,
    [widgets, value, limit],
  );
}

/** The newest event id of all: where an agent's stream without Last-Event-ID starts. */
export async function newestEventId(db: Database): Promise<string> {
  const [row] = await db.query<{ id: string }>('select coalesce(max(id), 0)::text as id from conversation_events');
  return row!.id;
}

/** How long events are kept for streams to resume from: a visitor away for longer reads the history. */
export const EVENT_DAYS = 7;

/** Drops events older than EVENT_DAYS (at start, like the limits' counters). */
export async function pruneEvents(db: Database): Promise<void> {
  await db.query(`delete from conversation_events where created_at < now() - interval '${EVENT_DAYS} days'`);
}
