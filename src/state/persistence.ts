import * as v from 'valibot';
import type { Visitor } from './api.js';
import type { ChatContact, ChatSession, MessageType } from './chat-state.js';
import { visitorSchema } from './responses.js';

/** What survives a reload. Pending messages in it are the outbox: they are sent again on the next start. */
export interface Snapshot {
  session: ChatSession | null;
  messages: MessageType[];
  contact?: ChatContact | null;
  /** When the conversation was last cleared (ms): tabs agree on the newest clear (docs/core.md, "Tabs"). */
  clearedAt?: number;
}

/** Older messages beyond this are dropped from storage (never pending ones: they sit at the end). */
export const MAX_STORED_MESSAGES = 500;

export function storageKeys(widgetId: string) {
  return { chat: `opencx:${widgetId}:chat`, visitor: `opencx:${widgetId}:visitor` };
}

// Storage is shared with everything else on the origin and may hold an older format or garbage:
// checked like a server response before it is trusted.
const snapshotSchema = v.object({
  v: v.literal(1),
  clearedAt: v.optional(v.number()),
  session: v.nullable(
    v.object({
      id: v.string(),
      status: v.picklist(['bot', 'escalated', 'agent', 'closed']),
      createdAt: v.optional(v.string()),
      ticketId: v.optional(v.string()),
    }),
  ),
  contact: v.optional(
    v.nullable(
      v.object({ name: v.optional(v.string()), email: v.optional(v.string()), skipped: v.optional(v.boolean()) }),
    ),
  ),
  messages: v.array(
    v.looseObject({
      id: v.string(),
      role: v.picklist(['user', 'assistant', 'agent', 'system']),
      content: v.string(),
      createdAt: v.string(),
      status: v.optional(v.picklist(['pending', 'sent', 'failed', 'stopped', 'interrupted'])),
    }),
  ),
});

/**
 * An answer still being written is not stored: its question is, still pending, and is sent again
 * after a reload; the server then replays the answer (the idempotency key) instead of writing another.
 */
export function serializeSnapshot({ session, messages, contact, clearedAt }: Snapshot): string {
  const kept = messages
    .filter((m) => m.status !== 'streaming')
    .slice(-MAX_STORED_MESSAGES)
    // Why a message waited is true of this page only: after a reload it is sent again at once.
    .map(({ waiting: _, ...m }) => m);
  return JSON.stringify({ v: 1, session, contact, messages: kept, clearedAt });
}

/** The stored snapshot, or `undefined` (with the reason) when there is none or it is unreadable. */
export function parseSnapshot(raw: string | null): { snapshot?: Snapshot; problem?: string } {
  if (raw === null) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { problem: 'the stored conversation is not JSON' };
  }
  const result = v.safeParse(snapshotSchema, json);
  if (!result.success) return { problem: `the stored conversation is unreadable (${result.issues[0]?.message})` };
  const { session, contact, messages, clearedAt } = result.output;
  return { snapshot: { session, contact, messages: messages as MessageType[], clearedAt } };
}

/** The visitor kept by `storageKeys().visitor`, if it is one the server made (not an older widget's bare id). */
export function parseVisitor(raw: string | null): Visitor | undefined {
  if (!raw?.startsWith('{')) return undefined;
  try {
    const parsed = v.safeParse(visitorSchema, JSON.parse(raw));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}
