import type { Database } from './database.js';
import { touchConversation } from './conversations.js';

/**
 * The visitor asked for a person: the conversation waits for one (the bot stops answering), and a
 * ticket records how to reach the visitor. Returns the ticket's id as the API shows it.
 */
export async function escalate(
  db: Database,
  widgetId: string,
  conversationId: string,
  request: { email: string; message: string },
): Promise<string> {
  const [ticket] = await db.transaction(async (tx) => {
    await touchConversation(tx, conversationId, 'escalated');
    return tx.query<{ id: string }>(
      'insert into tickets (widget_id, conversation_id, email, message) values ($1, $2, $3, $4) returning id',
      [widgetId, conversationId, request.email, request.message],
    );
  });
  return `T-${ticket!.id}`;
}

export interface TicketRow {
  id: string;
  widget_id: string;
  conversation_id: string;
  email: string;
  message: string;
  created: string;
}

/** Tickets oldest first, of one widget or all. */
export function listTickets(db: Database, widgetId?: string): Promise<TicketRow[]> {
  return db.query<TicketRow>(
    `select id, widget_id, conversation_id, email, message, to_char(created_at, 'YYYY-MM-DD HH24:MI') as created
     from tickets where $1::text is null or widget_id = $1 order by created_at`,
    [widgetId ?? null],
  );
}
