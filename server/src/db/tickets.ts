import type { Database } from './database.js';
import { touchConversation } from './conversations.js';
import { recordEvent } from './events.js';
import { enqueueWebhook } from './webhook-outbox.js';

/**
 * The visitor asked for a person: the conversation waits for one (the bot stops answering), and a
 * ticket records how to reach the visitor. Returns the ticket's id as the API shows it. One open
 * ticket a conversation: asking again while it waits for a person (a resent request, a second
 * click) returns the ticket it has.
 */
export async function escalate(
  db: Database,
  widgetId: string,
  conversationId: string,
  request: { email: string; message: string },
): Promise<string> {
  const ticket = await db.transaction(async (tx) => {
    // The conversation's row is the lock: two requests at once make one ticket.
    const [conversation] = await tx.query<{ status: string; open: string | null }>(
      `select status, (select max(id)::text from tickets t where t.conversation_id = c.id) as open
       from conversations c where id = $1 for update`,
      [conversationId],
    );
    if (conversation?.open && (conversation.status === 'escalated' || conversation.status === 'agent')) {
      return conversation.open;
    }
    await touchConversation(tx, conversationId, 'escalated');
    await recordEvent(tx, conversationId, 'status', { status: 'escalated' });
    const [made] = await tx.query<{ id: string }>(
      'insert into tickets (widget_id, conversation_id, email, message) values ($1, $2, $3, $4) returning id',
      [widgetId, conversationId, request.email, request.message],
    );
    await enqueueWebhook(tx, conversationId, 'conversation.escalated', {
      conversationId,
      ticket: { ticketId: `T-${made!.id}`, email: request.email, message: request.message },
    });
    return made!.id;
  });
  return `T-${ticket}`;
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
