import type { Database } from './database.js';
import { isoTimestamp } from './timestamps.js';

// What agents read (docs/console.md, "The agent API"): the conversations of their widgets, waiting
// ones first, a page at a time, and one conversation in full.

/** `status=` of the list: a conversation status, `waiting` (= escalated) or `open` (not closed). */
export type StatusFilter = 'bot' | 'escalated' | 'waiting' | 'agent' | 'closed' | 'open';

export interface InboxQuery {
  widgets: string[];
  status?: StatusFilter;
  /** `me` (the agent asking), `none`, or an agent's id. */
  assignee?: string;
  /** Words in the visitor's name or email, or in a message. */
  q?: string;
  cursor?: string;
  limit: number;
}

/** Where a page ends: the last row's place in the order (waiting first, then newest). */
interface Cursor {
  later: boolean;
  updatedAt: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.later, c.updatedAt, c.id])).toString('base64url');

/** The cursor `text` names, or undefined when it is not one of ours. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const [later, updatedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    if (typeof later !== 'boolean' || typeof updatedAt !== 'string' || !iso.test(updatedAt)) return undefined;
    if (typeof id !== 'string' || !uuid.test(id)) return undefined;
    return { later, updatedAt, id };
  } catch {
    return undefined;
  }
}

const STATUS_SQL: Record<StatusFilter, string> = {
  bot: `c.status = 'bot'`,
  escalated: `c.status = 'escalated'`,
  waiting: `c.status = 'escalated'`,
  agent: `c.status = 'agent'`,
  closed: `c.status = 'closed'`,
  open: `c.status <> 'closed'`,
};

/** `%text%` for ILIKE, with the pattern's own characters taken literally. */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The visitor as an agent sees them: what they told the widget (or their contact token, then
 * `verified`), else the email of their request for a person.
 */
const visitor = (
  name: string,
  email: string,
  verified: string,
) => `json_build_object('visitorId', c.visitor_id, 'name', ${name},
  'email', coalesce(${email}, (select t.email from tickets t where t.conversation_id = c.id order by t.id desc limit 1)),
  'verified', coalesce(${verified}, false))`;

const ASSIGNEE = `case when ag.id is null then null else json_build_object('id', ag.id, 'name', ag.name, 'email', ag.email) end`;

/** Visitor messages the team has not read: newer than the last time an agent opened the conversation. */
const UNREAD = `(select count(*) from messages m where m.conversation_id = c.id and m.role = 'user'
  and (c.agent_seen_at is null or m.created_at > c.agent_seen_at))::int`;

/** What every list filters on: status ($2 assignee, cursor $4-$6). */
const FILTERS = (status: StatusFilter | undefined) => `${status ? STATUS_SQL[status] : 'true'}
  and ($2::text is null or ($2 = 'none' and c.assignee_id is null) or c.assignee_id::text = $2)
  and ($4::boolean is null or (c.status <> 'escalated') > $4
       or ((c.status <> 'escalated') = $4 and (c.updated_at, c.id) < ($5::timestamptz, $6::uuid)))`;

const CONTACT_COLUMNS = 'ct.name as contact_name, ct.email as contact_email, ct.verified as contact_verified';
const CONTACT_JOIN = 'left join contacts ct on ct.widget_id = c.widget_id and ct.visitor_id = c.visitor_id';

/**
 * Each widget's first page through its index (waiting first, then newest), then the pages merged
 * (a plain `widget_id = any(...)` would sort every conversation of every widget). With a search
 * ($3) of a common word, each conversation is checked as the walk reaches it, and the walk stops
 * after a page.
 */
const byWidget = (status: StatusFilter | undefined) => `unnest($1::text[]) as w(id)
  cross join lateral (
    select c.*, ${CONTACT_COLUMNS} from conversations c ${CONTACT_JOIN}
    where c.widget_id = w.id and ${FILTERS(status)}
      and ($3::text is null or ct.name ilike $3 or ct.email ilike $3
           or exists (select 1 from tickets t where t.conversation_id = c.id and t.email ilike $3)
           or exists (select 1 from messages m where m.conversation_id = c.id and m.content ilike $3))
    order by (c.status <> 'escalated'), c.updated_at desc, c.id desc
    limit $7
  )`;

/**
 * A search ($3) of a rare word: the conversations whose messages (by their trigram index, where
 * pg_trgm is there), visitor's name or email, or request for a person match, found first and then
 * sorted. Walking the inbox to find ten matches would read every conversation.
 */
const searched = (status: StatusFilter | undefined) => `(
  select c.*, ${CONTACT_COLUMNS} from conversations c ${CONTACT_JOIN}
  where c.id in (
      select m.conversation_id from messages m where m.content ilike $3
      union select t.conversation_id from tickets t where t.widget_id = any($1::text[]) and t.email ilike $3
      union select c2.id from contacts k join conversations c2 on c2.widget_id = k.widget_id and c2.visitor_id = k.visitor_id
            where k.widget_id = any($1::text[]) and (k.name ilike $3 or k.email ilike $3))
    and c.widget_id = any($1::text[]) and ${FILTERS(status)}
)`;

/** Up to this many matching messages, a search finds them first (`searched`); past it, it walks (`byWidget`). */
const RARE = 2000;

/** Whether `pattern` is in fewer than RARE messages: one read of the trigram index, stopped early. */
async function rare(db: Database, pattern: string): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from (select 1 from messages where content ilike $1 limit ${RARE}) m`,
    [pattern],
  );
  return row!.n < RARE;
}

export async function listConversations(db: Database, agentId: string, query: InboxQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const assignee = query.assignee === 'me' ? agentId : query.assignee;
  const pattern = query.q ? contains(query.q) : null;
  const source = pattern && (await rare(db, pattern)) ? searched(query.status) : byWidget(query.status);
  const rows = await db.query<Record<string, unknown> & { later: boolean; updatedAt: string; conversationId: string }>(
    `select c.id as "conversationId", c.widget_id as "widgetId", c.status,
       ${visitor('c.contact_name', 'c.contact_email', 'c.contact_verified')} as visitor,
       (select json_build_object('role', m.role, 'content', left(m.content, 200), 'createdAt', ${isoTimestamp('m.created_at')})
        from messages m where m.conversation_id = c.id order by m.created_at desc, m.id desc limit 1) as "lastMessage",
       ${UNREAD} as unread, ${ASSIGNEE} as assignee,
       ${isoTimestamp('c.updated_at')} as "updatedAt", (c.status <> 'escalated') as later
     from ${source} c
     left join agents ag on ag.id = c.assignee_id
     order by (c.status <> 'escalated'), c.updated_at desc, c.id desc
     limit $7`,
    [
      query.widgets,
      assignee ?? null,
      pattern,
      after?.later ?? null,
      after?.updatedAt ?? null,
      after?.id ?? null,
      query.limit + 1,
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    conversations: page.map(({ later: _, ...row }) => row),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ later: last.later, updatedAt: last.updatedAt, id: last.conversationId })
        : null,
  };
}

/** The conversation `id` if it is of one of `widgets`, with its visitor, ticket and assignee. */
export async function findInboxConversation(db: Database, widgets: string[], id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const [row] = await db.query<{
    conversationId: string;
    widgetId: string;
    status: string;
    visitor: unknown;
    ticket: unknown;
    assignee: unknown;
    createdAt: string;
    updatedAt: string;
  }>(
    `select c.id as "conversationId", c.widget_id as "widgetId", c.status, ${visitor('ct.name', 'ct.email', 'ct.verified')} as visitor,
       (select json_build_object('ticketId', 'T-' || t.id, 'email', t.email, 'message', t.message,
                                 'createdAt', ${isoTimestamp('t.created_at')})
        from tickets t where t.conversation_id = c.id order by t.id desc limit 1) as ticket,
       ${ASSIGNEE} as assignee, ${isoTimestamp('c.created_at')} as "createdAt", ${isoTimestamp('c.updated_at')} as "updatedAt"
     from conversations c
     left join contacts ct on ct.widget_id = c.widget_id and ct.visitor_id = c.visitor_id
     left join agents ag on ag.id = c.assignee_id
     where c.id = $1 and c.widget_id = any($2::text[])`,
    [id, widgets],
  );
  return row;
}

/** The conversation's notes (never shown to the visitor), oldest first. */
export function notesOf(db: Database, conversationId: string) {
  return db.query(
    `select n.id as "noteId", n.content, ${isoTimestamp('n.created_at')} as "createdAt",
       case when a.id is null then null else json_build_object('id', a.id, 'name', a.name) end as author
     from notes n left join agents a on a.id = n.agent_id
     where n.conversation_id = $1 order by n.created_at, n.id`,
    [conversationId],
  );
}

/** The visitor's ratings of the conversation's answers. */
export function feedbackOf(db: Database, widgetId: string, conversationId: string) {
  return db.query(
    `select f.message_id as "messageId", f.type, f.comment, ${isoTimestamp('f.created_at')} as "createdAt"
     from feedback f join messages m on m.id = f.message_id and m.conversation_id = $2
     where f.widget_id = $1 order by f.created_at`,
    [widgetId, conversationId],
  );
}

/** The team has read the conversation up to now. */
export async function markSeen(db: Database, conversationId: string): Promise<void> {
  await db.query('update conversations set agent_seen_at = now() where id = $1', [conversationId]);
}
