import { Hono } from 'hono';
import * as v from 'valibot';
import { linkFiles, type Attachments } from '../attachments/service.js';
import { createConversation, findConversation, type Conversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { history } from '../db/messages.js';
import type { VisitorEnv } from '../http/env.js';
import { id, timestamp, widgetQuery } from '../http/fields.js';
import { conversationNotFound } from '../http/problem.js';
import { jsonBody, queryParams } from '../http/validate.js';
import { identifyVisitor, newVisitorFields, sameVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';
import { limitWrites } from '../http/limit-writes.js';

const historyQuery = v.object({
  widgetId: id,
  after: v.optional(timestamp),
});

/** A conversation as the session API shows it (`getSession`, and the one `/me` names). */
export const sessionResponse = (conversation: Conversation) => ({
  conversationId: conversation.id,
  status: conversation.status,
  createdAt: conversation.createdAt,
  updatedAt: conversation.updatedAt,
});

/** The conversations of the session API: start one, read its status, read its messages. */
export function conversationRoutes(db: Database, attachments?: Attachments) {
  const mine = async (widgetId: string, conversationId: string, visitorId: string) =>
    (await findConversation(db, widgetId, conversationId, visitorId)) ?? Promise.reject(conversationNotFound());

  return new Hono<VisitorEnv>()
    .post(
      '/conversations',
      jsonBody(v.object({ widgetId: id, visitorId: v.optional(id) })),
      requireWidget(db, 'json'),
      limitWrites(db),
      identifyVisitor(db, 'mint'),
      async (c) => {
        sameVisitor(c, c.req.valid('json').visitorId);
        const { visitor } = c.var;
        const conversation = await createConversation(db, c.var.widget.id, visitor.id);
        return c.json(
          {
            conversationId: conversation.id,
            status: conversation.status,
            createdAt: conversation.createdAt,
            ...newVisitorFields(visitor),
          },
          201,
        );
      },
    )
    .get(
      '/conversations/:id',
      queryParams(widgetQuery),
      requireWidget(db, 'query'),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        return c.json(sessionResponse(await mine(c.var.widget.id, c.req.param('id'), c.var.visitor.id)));
      },
    )
    .get(
      '/conversations/:id/messages',
      queryParams(historyQuery),
      requireWidget(db, 'query'),
      identifyVisitor(db, 'refuse'),
      async (c) => {
        const conversation = await mine(c.var.widget.id, c.req.param('id'), c.var.visitor.id);
        const messages = await history(db, conversation.id, c.req.valid('query').after);
        return c.json({ messages: await Promise.all(messages.map(linkFiles(attachments, c))) });
      },
    );
}
