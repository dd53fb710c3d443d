import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import { isoTimestamp } from './timestamps.js';

/** `bot` answers; `escalated` waits for a person; `agent` is a person's; `closed` is over. */
export type ConversationStatus = 'bot' | 'escalated' | 'agent' | 'closed';

export interface Conversation {
  id: string;
  status: ConversationStatus;
  visitorId: string;
  createdAt: string;
  updatedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The conversation `id` of `widgetId` — of `visitorId` too, when one is given (what every visitor
 * route gives) — or undefined (also for an id that cannot be one).
 */
export async function findConversation(
  db: Database,
  widgetId: string,
  id: string,
  visitorId?: string,
): Promise<Conversation | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await db.query<Conversation>(
    `select id, status, visitor_id as "visitorId", ${isoTimestamp('created_at')} as "createdAt",
            ${isoTimestamp('updated_at')} as "updatedAt"
     from conversations where id = $1 and widget_id = $2 and ($3::text is null or visitor_id = $3)`,
    [id, widgetId, visitorId ?? null],
  );
  return row;
}

/**
 * The conversation of `visitorId` that changed last, unless it is closed: the one a visitor who
 * signs in on another device goes on with (docs/console.md, "Verified contacts").
 */
export async function latestOpenConversation(
  db: Database,
  widgetId: string,
  visitorId: string,
): Promise<Conversation | undefined> {
  const [row] = await db.query<Conversation>(
    `select * from (
       select id, status, visitor_id as "visitorId", ${isoTimestamp('created_at')} as "createdAt",
              ${isoTimestamp('updated_at')} as "updatedAt"
       from conversations where widget_id = $1 and visitor_id = $2
       order by updated_at desc, id desc limit 1) latest
     where status <> 'closed'`,
    [widgetId, visitorId],
  );
  return row;
}

/** A new conversation of `visitorId`, handled by the bot. */
export async function createConversation(db: Database, widgetId: string, visitorId: string): Promise<Conversation> {
  const [row] = await db.query<Conversation>(
    `insert into conversations (id, widget_id, visitor_id) values ($1, $2, $3)
     returning id, status, visitor_id as "visitorId", ${isoTimestamp('created_at')} as "createdAt",
               ${isoTimestamp('updated_at')} as "updatedAt"`,
    [randomUUID(), widgetId, visitorId],
  );
  return row!;
}

/** Marks the conversation as changed now (a message, a new status): lists order by it. */
export async function touchConversation(db: Database, id: string, status?: ConversationStatus): Promise<void> {
  await db.query('update conversations set updated_at = now(), status = coalesce($2, status) where id = $1', [
    id,
    status ?? null,
  ]);
}
