import { randomUUID } from 'node:crypto';
import type { Agent } from './agents.js';
import type { ConversationStatus } from './conversations.js';
import type { Database } from './database.js';
import { recordEvent, recordMessageEvent } from './events.js';
import { enqueueWebhook } from './webhook-outbox.js';
import { systemLine } from '../i18n/system-lines.js';
import { isoTimestamp } from './timestamps.js';
import { attachToMessage } from './attachments.js';
import { ApiProblem } from '../http/problem.js';

// What agents do to a conversation (docs/console.md, "The agent API"). Each runs in one
// transaction that locks the conversation's row, so two agents acting at once see each other's change.

async function lockStatus(tx: Database, conversationId: string) {
  const [row] = await tx.query<{ status: ConversationStatus; assignee: string | null; language: string }>(
    `select c.status, c.assignee_id as assignee, w.language from conversations c join widgets w on w.id = c.widget_id
     where c.id = $1 for update of c`,
    [conversationId],
  );
  return row!;
}

/** Moves the conversation to `status` with its system line; nothing when it is there already. */
async function moveTo(tx: Database, conversationId: string, status: ConversationStatus, agent: Agent) {
  const { status: now, language } = await lockStatus(tx, conversationId);
  if (now === status) return false;
  const lineId = randomUUID();
  // The line the visitor sees, in the widget's language: stored as a `system` message.
  const line = systemLine(status === 'agent' ? 'joined' : status === 'closed' ? 'closed' : 'bot', language, agent.name);
  await tx.query(
    `insert into messages (id, conversation_id, role, content, agent_id) values ($1, $2, 'system', $3, $4)`,
    [lineId, conversationId, line, agent.id],
  );
  await tx.query(
    `update conversations set status = $2, updated_at = now(),
       assignee_id = case when $2 = 'agent' then coalesce(assignee_id, $3::uuid) else assignee_id end
     where id = $1`,
    [conversationId, status, agent.id],
  );
  await recordEvent(tx, conversationId, 'status', { status });
  await recordMessageEvent(tx, conversationId, lineId);
  if (status === 'closed') {
    await enqueueWebhook(tx, conversationId, 'conversation.closed', {
      conversationId,
      closedBy: { id: agent.id, name: agent.name },
    });
  }
  return true;
}

/**
 * The agent's reply: the conversation becomes the agent's (assigned to them if it was no one's),
 * and the message is stored under `clientMessageId` when given, so a resent reply is stored once.
 */
export function reply(
  db: Database,
  conversationId: string,
  agent: Agent,
  content: string,
  { clientMessageId, attachmentIds = [] }: { clientMessageId?: string; attachmentIds?: readonly string[] } = {},
) {
  return db.transaction(async (tx) => {
    await moveTo(tx, conversationId, 'agent', agent);
    const id = clientMessageId ?? randomUUID();
    const stored = await tx.query(
      `insert into messages (id, conversation_id, role, content, agent_id) values ($1, $2, 'agent', $3, $4)
       on conflict do nothing returning id`,
      [id, conversationId, content, agent.id],
    );
    if (stored.length > 0) {
      // Before the event: the visitor hears of the message with its files.
      if (!(await attachToMessage(tx, conversationId, id, attachmentIds, 'agent'))) {
        throw new ApiProblem(
          400,
          'bad_request',
          'An attachment is not one uploaded by an agent to this conversation.',
          {
            fields: ['attachmentIds'],
          },
        );
      }
      await recordMessageEvent(tx, conversationId, id);
    }
    // The team has read what it answered.
    await tx.query('update conversations set updated_at = now(), agent_seen_at = now() where id = $1', [
      conversationId,
    ]);
    const [row] = await tx.query<{ messageId: string; createdAt: string }>(
      `select id as "messageId", ${isoTimestamp('created_at')} as "createdAt" from messages
       where conversation_id = $1 and id = $2`,
      [conversationId, id],
    );
    return row!;
  });
}

/** An internal note: for the team only, never in the visitor's history; the team hears of it live. */
export function addNote(db: Database, conversationId: string, agent: Agent, content: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ noteId: string; createdAt: string }>(
      `insert into notes (id, conversation_id, agent_id, content) values ($1, $2, $3, $4)
       returning id as "noteId", ${isoTimestamp('created_at')} as "createdAt"`,
      [randomUUID(), conversationId, agent.id, content],
    );
    await recordEvent(tx, conversationId, 'team', {
      note: { ...row, content, author: { id: agent.id, name: agent.name } },
    });
    return row!;
  });
}

/**
 * Gives the conversation to `assigneeId` (an agent of its widget: the caller checks), or to no
 * one; the team hears of it live.
 */
export function assign(db: Database, conversationId: string, assigneeId: string | null): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.query('update conversations set assignee_id = $2, updated_at = now() where id = $1', [
      conversationId,
      assigneeId,
    ]);
    const [assignee] = assigneeId
      ? await tx.query<{ id: string; name: string }>('select id, name from agents where id = $1', [assigneeId])
      : [];
    await recordEvent(tx, conversationId, 'team', { assignee: assignee ?? null });
  });
}

/** `agent` (take it, or reopen it), `bot` (hand it back) or `closed`; the visitor sees a system line. */
export function setStatus(db: Database, conversationId: string, agent: Agent, status: 'agent' | 'bot' | 'closed') {
  return db.transaction((tx) => moveTo(tx, conversationId, status, agent));
}

/** Whether `agentId` is an agent of `widgetId`. */
export async function isAgentOf(db: Database, agentId: string, widgetId: string): Promise<boolean> {
  const rows = await db.query('select 1 from agent_widgets where agent_id = $1 and widget_id = $2', [
    agentId,
    widgetId,
  ]);
  return rows.length > 0;
}
