import { Hono } from 'hono';
import * as v from 'valibot';
import { answerOnce, type AnswerHooks } from '../answering/answer-once.js';
import { isForPerson } from '../answering/answer.js';
import type { Answering } from '../answering/answerer.js';
import type { Database } from '../db/database.js';
import type { VisitorEnv } from '../http/env.js';
import { attachmentId, conversationId, freeText, id, text } from '../http/fields.js';
import { jsonBody, requestHeaders } from '../http/validate.js';
import { identifyVisitor, newVisitorFields, sameVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';
import type { Log } from '../log.js';
import { streamAnswer } from './chat-stream.js';

const chatRequest = v.pipe(
  v.object({
    widgetId: id,
    // Blank only with attachments (docs/server.md, "Attachments"): a screenshot may say it all.
    message: freeText(4000),
    conversationId: v.optional(conversationId),
    visitorId: v.optional(id),
    pageUrl: v.optional(text(2000)),
    clientMessageId: v.optional(id),
    attachmentIds: v.optional(v.pipe(v.array(attachmentId), v.maxLength(20))),
  }),
  v.forward(
    v.check((r) => r.message.trim().length > 0 || Boolean(r.attachmentIds?.length), 'must not be blank'),
    ['message'],
  ),
  v.forward(
    v.check(
      (r) => !r.attachmentIds?.length || r.conversationId !== undefined,
      'needs the conversationId the files went to',
    ),
    ['attachmentIds'],
  ),
);

/**
 * `POST /api/widget/chat`: a visitor's message and the bot's answer, as JSON or as a stream of
 * events; while a person has the conversation, a 202 receipt (answering/answer.ts, `ForPerson`).
 */
export function chatRoutes({ db, answering, log }: { db: Database; answering: Answering; log: Log }) {
  return new Hono<VisitorEnv>().post(
    '/chat',
    jsonBody(chatRequest),
    requestHeaders(v.object({ 'idempotency-key': v.optional(id) })),
    requireWidget(db, 'json'),
    identifyVisitor(db, 'mint'),
    async (c) => {
      const input = c.req.valid('json');
      sameVisitor(c, input.visitorId);
      const { visitor } = c.var;
      const question = {
        widget: c.var.widget,
        visitorId: visitor.id,
        client: c.var.client,
        message: input.message,
        conversationId: input.conversationId,
        key: input.clientMessageId ?? c.req.valid('header')['idempotency-key'],
        attachmentIds: input.attachmentIds ?? [],
      };
      // A first message without a token made its visitor: the response carries it.
      const answered = async (hooks?: AnswerHooks) => ({
        ...(await answerOnce(db, answering, question, hooks)),
        ...newVisitorFields(visitor),
      });
      if (c.req.header('Accept')?.includes('text/event-stream')) return streamAnswer(c, answered, log);
      const result = await answered();
      return isForPerson(result) ? c.json(result, 202) : c.json(result);
    },
  );
}
