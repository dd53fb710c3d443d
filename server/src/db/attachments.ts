import { randomBytes } from 'node:crypto';
import type { Database } from './database.js';

// Attachments as the database knows them (docs/server.md, "Attachments"): who sent it into which
// conversation, and the message it went with once it was sent. The bytes are in a FileStore
// (attachments/storage.ts) under the same id.

/** An attachment as messages carry it, before its link is added (attachments/links.ts). */
export interface StoredAttachment {
  attachmentId: string;
  name: string;
  size: number;
  contentType: string;
}

/** Who sent a file: the conversation's visitor, or an agent (by id). */
export type Uploader = { role: 'visitor' } | { role: 'agent'; agentId: string };

/** 128 random bits: the id is part of what keeps a file from those who should not read it. */
export const newAttachmentId = () => `a_${randomBytes(16).toString('base64url')}`;

export async function insertAttachment(
  db: Database,
  a: StoredAttachment & { widgetId: string; conversationId: string; uploader: Uploader },
): Promise<void> {
  await db.query(
    `insert into attachments (id, widget_id, conversation_id, uploader_role, agent_id, name, size, content_type)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      a.attachmentId,
      a.widgetId,
      a.conversationId,
      a.uploader.role,
      a.uploader.role === 'agent' ? a.uploader.agentId : null,
      a.name,
      a.size,
      a.contentType,
    ],
  );
}

/**
 * Makes `ids` the attachments of message `messageId`: each must be an unsent upload of this
 * conversation by the same kind of sender. True when all were (and are now); otherwise nothing changes.
 * Sending the same message again (a retry) finds them already its own, which counts as done.
 */
export async function attachToMessage(
  tx: Database,
  conversationId: string,
  messageId: string,
  ids: readonly string[],
  role: Uploader['role'],
): Promise<boolean> {
  if (ids.length === 0) return true;
  const rows = await tx.query<{ id: string }>(
    `update attachments set message_id = $2
     where conversation_id = $1 and id = any($3::text[]) and uploader_role = $4
       and (message_id is null or message_id = $2)
     returning id`,
    [conversationId, messageId, [...new Set(ids)], role],
  );
  return rows.length === new Set(ids).size;
}

export async function deleteAttachment(db: Database, id: string): Promise<void> {
  await db.query('delete from attachments where id = $1', [id]);
}

/** The attachment `id` with what serving it needs. */
export async function findAttachment(db: Database, id: string) {
  const [row] = await db.query<StoredAttachment & { conversationId: string; widgetId: string }>(
    `select id as "attachmentId", name, size, content_type as "contentType",
            conversation_id as "conversationId", widget_id as "widgetId"
     from attachments where id = $1`,
    [id],
  );
  return row;
}

/** How many files one conversation may hold: beyond it, uploads are refused as over quota. */
export async function countInConversation(db: Database, conversationId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from attachments where conversation_id = $1', [
    conversationId,
  ]);
  return row!.n;
}

/** How long an upload may wait for its message before it is deleted. */
const UNSENT_HOURS = 24;

/** Deletes uploads never sent with a message, and returns the ids whose files are to go too. */
export async function pruneUnsent(db: Database): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `delete from attachments where message_id is null and created_at < now() - interval '${UNSENT_HOURS} hours'
     returning id`,
  );
  return rows.map((r) => r.id);
}

/** Of `ids`, those the database knows. */
export async function knownAttachments(db: Database, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>('select id from attachments where id = any($1::text[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

/** The SQL of a message's attachments as JSON (null when none), for a query over messages `m`. */
export const attachmentsColumn = `(select json_agg(json_build_object('attachmentId', t.id, 'name', t.name,
     'size', t.size, 'contentType', t.content_type) order by t.created_at, t.id)
   from attachments t where t.conversation_id = m.conversation_id and t.message_id = m.id) as attachments`;
