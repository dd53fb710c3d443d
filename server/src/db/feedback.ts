import type { Database } from './database.js';
import { enqueueWebhook } from './webhook-outbox.js';

/** A visitor's rating of an answer; rating it again replaces the rating (and is a new webhook event). */
export function saveFeedback(
  db: Database,
  widgetId: string,
  feedback: { messageId: string; type: 'positive' | 'negative'; comment?: string },
) {
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into feedback (widget_id, message_id, type, comment) values ($1, $2, $3, $4)
       on conflict (widget_id, message_id) do update set type = excluded.type, comment = excluded.comment, created_at = now()`,
      [widgetId, feedback.messageId, feedback.type, feedback.comment ?? null],
    );
    const [message] = await tx.query<{ conversationId: string }>(
      `select m.conversation_id as "conversationId" from messages m join conversations c on c.id = m.conversation_id
       where m.id = $1 and c.widget_id = $2`,
      [feedback.messageId, widgetId],
    );
    if (message) {
      await enqueueWebhook(tx, message.conversationId, 'feedback.created', {
        conversationId: message.conversationId,
        messageId: feedback.messageId,
        type: feedback.type,
        comment: feedback.comment ?? null,
      });
    }
  });
}
