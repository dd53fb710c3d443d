import { Hono } from 'hono';
import * as v from 'valibot';
import { addNote, assign, isAgentOf, reply, setStatus } from '../db/agent-actions.js';
import { linkFiles, type Attachments } from '../attachments/service.js';
import type { Agent } from '../db/agents.js';
import type { Database } from '../db/database.js';
import { announce } from '../db/events.js';
import { decodeCursor, feedbackOf, findInboxConversation, listConversations, markSeen, notesOf } from '../db/inbox.js';
import { history } from '../db/messages.js';
import { unansweredQuestions } from '../db/unanswered.js';
import type { AgentEnv } from '../http/env.js';
import { attachmentId, freeText, id, text, timestamp } from '../http/fields.js';
import { ApiProblem, conversationNotFound } from '../http/problem.js';
import { jsonBody, queryParams } from '../http/validate.js';

const listQuery = v.object({
  widgetId: v.optional(id),
  status: v.optional(v.picklist(['bot', 'escalated', 'waiting', 'agent', 'closed', 'open'])),
  assignee: v.optional(v.union([v.picklist(['me', 'none']), v.pipe(v.string(), v.uuid())])),
  q: v.optional(text(200)),
  cursor: v.optional(
    v.pipe(
      text(300),
      v.check((s) => decodeCursor(s) !== undefined, 'must be a cursor of this list'),
    ),
  ),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a number'), v.transform(Number), v.minValue(1), v.maxValue(100)),
    '25',
  ),
});

const unansweredQuery = v.object({
  widgetId: v.optional(id),
  since: v.optional(timestamp),
});

const replyBody = v.pipe(
  v.object({
    // Blank only with attachments: a file may be the whole reply.
    content: freeText(10_000),
    clientMessageId: v.optional(id),
    attachmentIds: v.optional(v.pipe(v.array(attachmentId), v.maxLength(20))),
  }),
  v.forward(
    v.check((r) => r.content.trim().length > 0 || Boolean(r.attachmentIds?.length), 'must not be blank'),
    ['content'],
  ),
);
const noteBody = v.object({ content: text(10_000) });
const assignBody = v.object({ agentId: v.nullable(v.pipe(v.string(), v.uuid())) });
const statusBody = v.object({ status: v.picklist(['agent', 'bot', 'closed']) });

/** The conversations of the agent's widgets (docs/console.md, "The agent API"). Anything else is not found. */
export function agentConversationRoutes(db: Database, attachments?: Attachments) {
  /** The conversation of the path, if it is of one of the agent's widgets. */
  const theirs = async (widgets: string[], conversationId: string) =>
    (await findInboxConversation(db, widgets, conversationId)) ?? Promise.reject(conversationNotFound());

  /** The agent's widgets, or the one `widgetId` names; another widget's are not there, as if it did not exist. */
  const widgetsOf = (agent: Agent, widgetId?: string) =>
    widgetId ? agent.widgets.filter((w) => w === widgetId) : agent.widgets;

  return new Hono<AgentEnv>()
    .get('/conversations', queryParams(listQuery), async (c) => {
      const { widgetId, ...query } = c.req.valid('query');
      const { agent } = c.var;
      const widgets = widgetsOf(agent, widgetId);
      return c.json(await listConversations(db, agent.id, { ...query, widgets, limit: Number(query.limit) }));
    })
    .get('/unanswered', queryParams(unansweredQuery), async (c) => {
      const { widgetId, since } = c.req.valid('query');
      const widgets = widgetsOf(c.var.agent, widgetId);
      // Default: the last 30 days.
      const from = since ?? new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
      return c.json({ questions: await unansweredQuestions(db, widgets, from) });
    })
    .get('/conversations/:id', async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      const [messages, notes, feedback] = await Promise.all([
        history(db, conversation.conversationId, undefined, 'agent'),
        notesOf(db, conversation.conversationId),
        feedbackOf(db, conversation.widgetId, conversation.conversationId),
      ]);
      // Opening the conversation reads it: its unread count goes to zero for the team.
      await markSeen(db, conversation.conversationId);
      const linked = await Promise.all(messages.map(linkFiles(attachments, c)));
      return c.json({ ...conversation, messages: linked, notes, feedback });
    })
    .post('/conversations/:id/messages', jsonBody(replyBody), async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      const { content, clientMessageId, attachmentIds } = c.req.valid('json');
      return c.json(
        await reply(db, conversation.conversationId, c.var.agent, content, { clientMessageId, attachmentIds }),
        201,
      );
    })
    .post('/conversations/:id/notes', jsonBody(noteBody), async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      return c.json(await addNote(db, conversation.conversationId, c.var.agent, c.req.valid('json').content), 201);
    })
    .post('/conversations/:id/assign', jsonBody(assignBody), async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      const { agentId } = c.req.valid('json');
      // Roles (docs/console.md, "Agents"): an agent takes a conversation or lets it go; an admin
      // also gives it to another agent of the widget.
      if (agentId !== null && agentId !== c.var.agent.id && c.var.agent.role !== 'admin') {
        throw new ApiProblem(403, 'forbidden', 'Only an admin gives a conversation to another agent.');
      }
      if (agentId !== null && !(await isAgentOf(db, agentId, conversation.widgetId))) {
        throw new ApiProblem(400, 'bad_request', 'This agent does not answer for this widget.', {
          fields: ['agentId'],
        });
      }
      await assign(db, conversation.conversationId, agentId);
      return c.body(null, 204);
    })
    .post('/conversations/:id/typing', async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      // Not kept: whoever is listening now sees it for a few seconds.
      await announce(db, conversation.conversationId, 'typing', { role: 'agent', name: c.var.agent.name });
      return c.body(null, 204);
    })
    .post('/conversations/:id/status', jsonBody(statusBody), async (c) => {
      const conversation = await theirs(c.var.agent.widgets, c.req.param('id'));
      await setStatus(db, conversation.conversationId, c.var.agent, c.req.valid('json').status);
      return c.body(null, 204);
    });
}
