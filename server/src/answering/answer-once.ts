import { randomUUID } from 'node:crypto';
import { createConversation, findConversation, touchConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { recordMessageEvent } from '../db/events.js';
import { claim, complete, noteConversation, release, storedResponse, type Scope } from '../db/idempotency.js';
import { admitMessage } from '../db/limits.js';
import { storeAnswer, storeVisitorMessage } from '../db/messages.js';
import type { WidgetRow } from '../db/widgets.js';
import { ApiProblem, conversationNotFound, limitProblem } from '../http/problem.js';
import { attachToMessage } from '../db/attachments.js';
import type { ChatResponse, ChatResult } from './answer.js';
import { answerQuestion } from './answer-question.js';
import type { Answering } from './answerer.js';

/** A visitor's message, as the chat route received it. */
export interface Question {
  widget: WidgetRow;
  visitorId: string;
  /** The address it comes from (http/client-address.ts), for the limits. */
  client: string;
  message: string;
  conversationId?: string;
  /** The idempotency key: the client's id of the message (`clientMessageId` or `Idempotency-Key`). */
  key?: string;
  /** Files the visitor uploaded to the conversation to go with this message (db/attachments.ts). */
  attachmentIds?: readonly string[];
}

/** What the bot says to files sent without a word: it answers from the docs, it cannot read files. */
export const FILES_ONLY =
  'I can’t read files, only questions about our documentation. Would you like to talk to a person about this?';

/** How long a retry waits before asking again whether the request answering its key has finished. */
const BUSY_POLL_MS = 150;

/** Another request stored an answer to the same key first, while this one was answering. */
class LostRace extends Error {}

/** What the caller hears while the answer is made: its conversation, once known, and the text as it is written. */
export interface AnswerHooks {
  onConversation?: (conversationId: string) => void;
  onText?: (text: string) => void;
}

/** The question is stored (under `messageId`) and ours to answer, in this conversation. */
type Asked = { conversationId: string; status: string; messageId: string };

/**
 * Answers the message once per idempotency key: a replay gets the stored response.
 *
 * No transaction is held while the answer is written (a language model may take seconds, and the
 * embedded database has one connection). The key is claimed and the question stored first; a
 * retry arriving meanwhile waits for the answer instead of writing a second one. A claim whose
 * request died lapses after CLAIM_SECONDS (db/idempotency.ts), and a retry then answers in its place.
 */
export async function answerOnce(
  db: Database,
  answering: Answering,
  question: Question,
  { onConversation, onText }: AnswerHooks = {},
): Promise<ChatResult> {
  const { widget, visitorId, key } = question;
  const scope = key ? { widgetId: widget.id, visitorId, key } : undefined;
  // A retry of a message already answered gets its answer again, and is never refused.
  const replay = scope && (await storedResponse<ChatResult>(db, scope));
  if (replay) {
    onConversation?.(replay.conversationId);
    return replay;
  }
  // A conversation that is not the visitor's is a 404 before anything is counted or written.
  if (question.conversationId && !(await findConversation(db, widget.id, question.conversationId, visitorId))) {
    throw conversationNotFound();
  }
  // Counted before anything is claimed or stored, outside the transaction (db/limits.ts): a
  // refused message keeps nothing, and a widget's chats never queue on a counter's row.
  const refusal = await admitMessage(db, widget, question);
  if (refusal) throw limitProblem(refusal.code, refusal.retryAfter);
  let asked = await ask(db, question, scope);
  while ('busy' in asked) {
    await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
    asked = await ask(db, question, scope);
  }
  if ('stored' in asked) {
    onConversation?.(asked.stored.conversationId);
    return asked.stored;
  }
  onConversation?.(asked.conversationId);
  try {
    return await answer(db, answering, question, asked, scope, onText);
  } catch (error) {
    if (!scope) throw error;
    const stored = error instanceof LostRace && (await storedResponse<ChatResult>(db, scope));
    if (stored) return stored;
    await release(db, scope).catch(() => {});
    throw error;
  }
}

/**
 * In one transaction: claims the key (or finds it answered, or being answered) and stores the
 * message in its conversation (a new one when none is named).
 */
function ask(
  db: Database,
  question: Question,
  scope: Scope | undefined,
): Promise<Asked | { stored: ChatResult } | { busy: true }> {
  return db.transaction(async (tx) => {
    const claimed = scope ? await claim<ChatResult>(tx, scope) : undefined;
    if (claimed && !('claimed' in claimed)) return claimed;
    const conversationId = question.conversationId ?? claimed?.conversationId;
    let asked: Asked;
    if (conversationId) {
      const conversation = await findConversation(tx, question.widget.id, conversationId, question.visitorId);
      if (!conversation) throw conversationNotFound();
      asked = { conversationId, status: conversation.status, messageId: '' };
    } else {
      const conversation = await createConversation(tx, question.widget.id, question.visitorId);
      if (scope) await noteConversation(tx, scope, conversation.id);
      asked = { conversationId: conversation.id, status: conversation.status, messageId: '' };
    }
    const messageId = question.key ?? randomUUID();
    await touchConversation(tx, asked.conversationId);
    if (await storeVisitorMessage(tx, asked.conversationId, messageId, question.message)) {
      // Before the event: whoever hears of the message hears of its files.
      const ids = question.attachmentIds ?? [];
      if (!(await attachToMessage(tx, asked.conversationId, messageId, ids, 'visitor'))) {
        throw new ApiProblem(
          400,
          'bad_request',
          'An attachment is not one this visitor uploaded to this conversation.',
          {
            fields: ['attachmentIds'],
          },
        );
      }
      await recordMessageEvent(tx, asked.conversationId, messageId);
    }
    return { ...asked, messageId };
  });
}

/** Writes the answer (none while a person has the conversation), then stores it under the key. */
async function answer(
  db: Database,
  answering: Answering,
  question: Question,
  asked: Asked,
  scope: Scope | undefined,
  onText?: (text: string) => void,
): Promise<ChatResult> {
  const { conversationId, status } = asked;
  // While a person has the conversation (escalated or agent), the bot stays quiet: the message
  // waits for them, and the chat route says so with a 202.
  if (status === 'escalated' || status === 'agent') {
    const receipt: ChatResult = { conversationId, messageId: asked.messageId, status };
    if (scope && !(await complete(db, scope, receipt))) throw new LostRace();
    return receipt;
  }
  const messageId = randomUUID();
  const reply = question.message.trim()
    ? await answerQuestion(db, answering, question.widget, conversationId, question.message, onText)
    : { answer: FILES_ONLY, citations: [], relatedArticles: [], confidenceScore: 0, wasRefused: true };
  const response: ChatResponse = { conversationId, messageId, ...reply };
  return db.transaction(async (tx) => {
    if (scope && !(await complete(tx, scope, response))) throw new LostRace();
    await touchConversation(tx, conversationId);
    await storeAnswer(tx, conversationId, messageId, reply);
    await recordMessageEvent(tx, conversationId, messageId);
    return response;
  });
}
