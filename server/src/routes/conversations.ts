import { Hono } from 'hono';
import * as v from 'valibot';
import { createConversation, findConversation } from '../db/conversations.js';
import type { Database } from '../db/database.js';
import { history } from '../db/messages.js';
import type { WidgetEnv } from '../http/env.js';
import { id, timestamp, widgetQuery } from '../http/fields.js';
import { conversationNotFound } from '../http/problem.js';
import { jsonBody, queryParams } from '../http/validate.js';
import { requireWidget } from '../http/widget.js';

const historyQuery = v.object({
  widgetId: id,
  after: v.optional(timestamp),
});

/** The conversations of the session API: start one, read its status, read its messages. */
export function conversationRoutes(db: Database) {
  const mine = async (widgetId: string, conversationId: string) =>
    (await findConversation(db, widgetId, conversationId)) ?? Promise.reject(conversationNotFound());

  return new Hono<WidgetEnv>()
    .post(
      '/conversations',
      jsonBody(v.object({ widgetId: id, visitorId: v.optional(id) })),
      requireWidget(db, 'json'),
      async (c) => {
        const { visitorId = 'anonymous' } = c.req.valid('json');
        const conversation = await createConversation(db, c.var.widget.id, visitorId);
        return c.json(
          { conversationId: conversation.id, status: conversation.status, createdAt: conversation.createdAt },
          201,
        );
      },
    )
    .get('/conversations/:id', queryParams(widgetQuery), requireWidget(db, 'query'), async (c) => {
      const conversation = await mine(c.var.widget.id, c.req.param('id'));
      return c.json({
        conversationId: conversation.id,
        status: conversation.status,
        createdAt: conversation.createdAt,
        updatedAt: conversation.updatedAt,
      });
    })
    .get('/conversations/:id/messages', queryParams(historyQuery), requireWidget(db, 'query'), async (c) => {
      const conversation = await mine(c.var.widget.id, c.req.param('id'));
      return c.json({ messages: await history(db, conversation.id, c.req.valid('query').after) });
    });
}
