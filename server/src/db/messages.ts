import { attachmentsColumn, type StoredAttachment } from './attachments.js';
import type { Database } from './database.js';
import { isoTimestamp } from './timestamps.js';

/** What an answer carries besides its text (the API's citations and confidence). */
export interface AnswerFields {
  citations: unknown[];
  relatedArticles: unknown[];
  confidenceScore: number;
  wasRefused: boolean;
}

/** A message as the history API returns it: fields without a value are left out. */
export type HistoryMessage = {
  messageId: string;
  role: string;
  content: string;
  createdAt: string;
  /** Who wrote an agent's message (and their picture, when they have one). */
  author?: { id?: string; name: string; avatarUrl?: string };
  /** Files sent with it; routes add each one's link (attachments/links.ts). */
  attachments?: StoredAttachment[];
} & Partial<AnswerFields>;

/**
 * Stores the visitor's message under its id (the idempotency key when there is one): storing the
 * same one again does nothing, so a request taking over a lapsed claim does not store it twice.
 * True when it was stored now.
 */
export async function storeVisitorMessage(
  db: Database,
  conversationId: string,
  id: string,
  content: string,
): Promise<boolean> {
  const stored = await db.query(
    `insert into messages (id, conversation_id, role, content) values ($1, $2, 'user', $3) on conflict do nothing
     returning id`,
    [id, conversationId, content],
  );
  return stored.length > 0;
}

/** Stores the bot's answer with its citations and confidence. */
export async function storeAnswer(
  db: Database,
  conversationId: string,
  id: string,
  answer: { answer: string } & AnswerFields,
) {
  await db.query(
    `insert into messages (id, conversation_id, role, content, citations, related_articles, confidence_score, was_refused)
     values ($1, $2, 'assistant', $3, $4, $5, $6, $7)`,
    [
      id,
      conversationId,
      answer.answer,
      JSON.stringify(answer.citations),
      JSON.stringify(answer.relatedArticles),
      answer.confidenceScore,
      answer.wasRefused,
    ],
  );
}

/** A message's columns as the history shows them; `author` for the visitor (by name) or for agents (with the id). */
const historyColumns = (audience: 'visitor' | 'agent') =>
  `m.id as "messageId", m.role, m.content, ${isoTimestamp('m.created_at')} as "createdAt", m.citations,
   m.related_articles as "relatedArticles", m.confidence_score as "confidenceScore", m.was_refused as "wasRefused",
   case when a.id is null then null
        else json_strip_nulls(${audience === 'agent' ? `json_build_object('id', a.id, 'name', a.name, 'avatarUrl', a.avatar_url)` : `json_build_object('name', a.name, 'avatarUrl', a.avatar_url)`})
   end as author, ${attachmentsColumn}`;

/** Fields without a value are left out. */
const present = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as HistoryMessage;

/**
 * The conversation's messages, oldest first; only those newer than `after` when given. An agent's
 * message names its author: by name for the visitor, with the agent's id for agents.
 */
export async function history(
  db: Database,
  conversationId: string,
  after?: string,
  audience: 'visitor' | 'agent' = 'visitor',
): Promise<HistoryMessage[]> {
  const rows = await db.query<Record<string, unknown>>(
    `select ${historyColumns(audience)}
     from messages m left join agents a on a.id = m.agent_id
     where m.conversation_id = $1 and ($2::timestamptz is null or m.created_at > $2::timestamptz)
     order by m.created_at, m.id`,
    [conversationId, after ?? null],
  );
  return rows.map(present);
}

/** One message of the conversation as the visitor's history shows it. */
export async function historyMessage(db: Database, conversationId: string, messageId: string) {
  const [row] = await db.query<Record<string, unknown>>(
    `select ${historyColumns('visitor')} from messages m left join agents a on a.id = m.agent_id
     where m.conversation_id = $1 and m.id = $2`,
    [conversationId, messageId],
  );
  return row && present(row);
}

/** The visitor's last question in the conversation other than `question`: what a follow-up builds on. */
export async function previousQuestion(db: Database, conversationId: string, question: string) {
  const [row] = await db.query<{ content: string }>(
    `select content from messages where conversation_id = $1 and role = 'user' and content <> $2
     order by created_at desc limit 1`,
    [conversationId, question],
  );
  return row?.content;
}

/** Whether `messageId` is an answer (the bot's or a person's) in a conversation of `widgetId` and `visitorId`. */
export async function isAnswerOf(
  db: Database,
  widgetId: string,
  messageId: string,
  visitorId: string,
): Promise<boolean> {
  const [row] = await db.query(
    `select 1 from messages m join conversations c on c.id = m.conversation_id
     where c.widget_id = $1 and m.id = $2 and m.role in ('assistant', 'agent') and c.visitor_id = $3`,
    [widgetId, messageId, visitorId],
  );
  return Boolean(row);
}
