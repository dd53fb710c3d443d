import type { Database } from './database.js';

/** A visitor's rating of an answer; rating it again replaces the rating. */
export async function saveFeedback(
  db: Database,
  widgetId: string,
  feedback: { messageId: string; type: 'positive' | 'negative'; comment?: string },
) {
  await db.query(
    `insert into feedback (widget_id, message_id, type, comment) values ($1, $2, $3, $4)
     on conflict (widget_id, message_id) do update set type = excluded.type, comment = excluded.comment, created_at = now()`,
    [widgetId, feedback.messageId, feedback.type, feedback.comment ?? null],
  );
}
