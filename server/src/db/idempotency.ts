import type { Database } from './database.js';

/** Whose message a key identifies: the same key from another widget or visitor is another message. */
export interface Scope {
  widgetId: string;
  visitorId: string;
  key: string;
}

/** How long a claim holds before another request may take the message over (its answerer died). */
export const CLAIM_SECONDS = 30;

export type Claim<R> =
  /** Answered before: send this again. */
  | { stored: R }
  /** Another request is answering it now: wait and ask again. */
  | { busy: true }
  /** Ours to answer; `conversationId` when a lapsed claim had already started a conversation. */
  | { claimed: true; conversationId?: string };

/**
 * Claims the message `scope` names, inside the caller's transaction. Concurrent claims of one key
 * wait on its primary key until the first commits, so exactly one request gets it, whichever
 * server process it reached.
 */
export async function claim<R>(tx: Database, { widgetId, visitorId, key }: Scope): Promise<Claim<R>> {
  const [mine] = await tx.query<{ conversation_id: string | null }>(
    `insert into idempotency (widget_id, visitor_id, key) values ($1, $2, $3)
     on conflict (widget_id, visitor_id, key) do update set claimed_at = now()
       where idempotency.response is null and idempotency.claimed_at < now() - interval '${CLAIM_SECONDS} seconds'
     returning conversation_id`,
    [widgetId, visitorId, key],
  );
  if (mine) return { claimed: true, ...(mine.conversation_id ? { conversationId: mine.conversation_id } : {}) };
  const stored = await storedResponse<R>(tx, { widgetId, visitorId, key });
  return stored ? { stored } : { busy: true };
}

/** The response stored for `scope`, if any. */
export async function storedResponse<R>(db: Database, { widgetId, visitorId, key }: Scope): Promise<R | undefined> {
  const [row] = await db.query<{ response: R | null }>(
    'select response from idempotency where widget_id = $1 and visitor_id = $2 and key = $3',
    [widgetId, visitorId, key],
  );
  return row?.response ?? undefined;
}

/** Notes the conversation a claimed message went into, so a request taking it over continues there. */
export async function noteConversation(tx: Database, { widgetId, visitorId, key }: Scope, conversationId: string) {
  await tx.query('update idempotency set conversation_id = $4 where widget_id = $1 and visitor_id = $2 and key = $3', [
    widgetId,
    visitorId,
    key,
    conversationId,
  ]);
}

/** Stores the response of a claimed message; false when another request stored one first. */
export async function complete(tx: Database, { widgetId, visitorId, key }: Scope, response: unknown) {
  const rows = await tx.query(
    `update idempotency set response = $4 where widget_id = $1 and visitor_id = $2 and key = $3 and response is null
     returning key`,
    [widgetId, visitorId, key, JSON.stringify(response)],
  );
  return rows.length > 0;
}

/** Gives a claim up after a failure, so a retry need not wait for it to lapse. */
export async function release(db: Database, { widgetId, visitorId, key }: Scope) {
  await db.query('delete from idempotency where widget_id = $1 and visitor_id = $2 and key = $3 and response is null', [
    widgetId,
    visitorId,
    key,
  ]);
}
