import { Hono } from 'hono';
import * as v from 'valibot';
import { saveContact } from '../db/contacts.js';
import { findConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { saveFeedback } from '../db/feedback.js';
import { isAnswerOf } from '../db/messages.js';
import { escalate } from '../db/tickets.js';
import type { VisitorEnv } from '../http/env.js';
import { conversationId, email, freeText, id, text } from '../http/fields.js';
import { ApiProblem, conversationNotFound } from '../http/problem.js';
import { jsonBody } from '../http/validate.js';
import { identifyVisitor, sameVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';
import { limitWrites } from '../http/limit-writes.js';

const contactRequest = v.object({
  widgetId: id,
  visitorId: v.optional(id),
  name: v.optional(freeText(200)),
  email: v.optional(email),
  customData: v.optional(v.record(freeText(100), freeText(1000))),
});

const feedbackRequest = v.object({
  widgetId: id,
  messageId: id,
  type: v.picklist(['positive', 'negative']),
  comment: v.optional(freeText(2000)),
});

const escalateRequest = v.object({ widgetId: id, conversationId, email, message: text(4000) });

/** What a visitor does besides chatting: leave their details, rate an answer, ask for a person. */
export function visitorActionRoutes(db: Database) {
  return new Hono<VisitorEnv>()
    .post(
      '/contact',
      jsonBody(contactRequest),
      requireWidget(db, 'json'),
      limitWrites(db),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        const { visitorId: named, widgetId: _, ...contact } = c.req.valid('json');
        sameVisitor(c, named);
        const visitorId = c.var.visitor.id;
        await saveContact(db, c.var.widget.id, visitorId, contact);
        return c.json({ visitorId });
      },
    )
    .post(
      '/feedback',
      jsonBody(feedbackRequest),
      requireWidget(db, 'json'),
      limitWrites(db),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        const { widgetId: _, ...feedback } = c.req.valid('json');
        if (!(await isAnswerOf(db, c.var.widget.id, feedback.messageId, c.var.visitor.id))) {
          throw new ApiProblem(404, 'message_not_found', 'This widget has no such answer.');
        }
        await saveFeedback(db, c.var.widget.id, feedback);
        return c.body(null, 204);
      },
    )
    .post(
      '/escalate',
      jsonBody(escalateRequest),
      requireWidget(db, 'json'),
      limitWrites(db),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        const input = c.req.valid('json');
        const conversation = await findConversation(db, c.var.widget.id, input.conversationId, c.var.visitor.id);
        if (!conversation) throw conversationNotFound();
        const ticketId = await escalate(db, c.var.widget.id, conversation.id, input);
        return c.json({ ticketId, status: 'escalated' });
      },
    );
}
