// The widget API as the mock API (mock-api.mjs) implements it: the routes of docs/server.md ("The
// API") over data in memory, with deterministic answers. The contract suite (test/contract/) holds
// it to what the reference server does, request for request; when the server's contract changes,
// this file changes with it.
import { randomBytes, randomUUID } from 'node:crypto';

export class HttpProblem extends Error {
  constructor(status, code, message, details) {
    super(message);
    Object.assign(this, { status, code, details });
  }
}

/** The largest body the server reads (server/src/http/body-limit.ts). */
export const MAX_BODY_BYTES = 16 * 1024;

// Field rules, as the server's (server/src/http/fields.ts): each returns true when the value is fine.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[\w+-]+(?:\.[\w+-]+)*@[\da-z]+(?:[.-][\da-z]+)*\.[a-z]{2,}$/iu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const storable = (v) => typeof v === 'string' && !v.includes('\0') && !LONE_SURROGATE.test(v);
const freeText = (max) => (v) => storable(v) && v.length <= max;
const text = (max) => (v) => freeText(max)(v) && v.length >= 1;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** The server's rule, shorter: ISO 8601 with a zone, naming a day that exists, in range. */
function isTimestamp(v) {
  const match = ISO_8601.exec(v);
  if (!match) return false;
  const [year, month, day, hour, minute, second, zh, zm] = match.slice(1).map((n) => Number(n ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const real = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  return year >= 1 && real && hour < 24 && minute < 60 && second < 60 && zh < 24 && zm < 60;
}
const optional = (rule) => (v) => v === undefined || rule(v);
const RULES = {
  id: text(200),
  message: (v) => text(4000)(v) && v.trim().length > 0,
  conversationId: (v) => typeof v === 'string' && UUID.test(v),
  email: (v) => typeof v === 'string' && v.length <= 320 && EMAIL.test(v),
  name: freeText(200),
  customData: (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.entries(v).every(([key, value]) => freeText(100)(key) && freeText(1000)(value)),
  type: (v) => v === 'positive' || v === 'negative',
  timestamp: (v) => typeof v === 'string' && isTimestamp(v),
};

/** Checks `input` against `{ field: rule }`; a 400 naming every field at fault, as the server's. */
function validate(input, rules, what = 'fields') {
  const fields = Object.entries(rules)
    .filter(([field, rule]) => !rule(input[field]))
    .map(([field]) => field);
  if (fields.length)
    throw new HttpProblem(400, 'bad_request', `Invalid or missing ${what}: ${fields.join(', ')}.`, { fields });
}

function timestamp(s) {
  // Strictly increasing, so `after` never skips or repeats a message.
  s.seq += 1;
  return new Date(Date.UTC(2026, 0, 1) + s.seq).toISOString();
}

function conversationOf(s, id, widgetId, visitorId) {
  const c = s.conversations.get(id);
  if (!c || c.widgetId !== widgetId || c.visitorId !== visitorId)
    throw new HttpProblem(404, 'conversation_not_found', 'This widget has no such conversation.');
  return c;
}

// Visitors as the server makes them (server/src/http/visitor.ts): the mock keeps its tokens in
// memory instead of signing them.
function mintVisitor(s, widgetId) {
  const id = `v_${randomBytes(16).toString('base64url')}`;
  const token = `${id}.${randomBytes(32).toString('base64url')}`;
  s.visitors.set(token, { widgetId, id });
  return { id, token, minted: true };
}

/** The visitor of the request's X-Visitor-Token; without one, a new visitor (`mint`) or a 401. */
function visitorOf(s, headers, widgetId, without) {
  const token = headers['x-visitor-token'];
  if (token !== undefined) {
    const known = s.visitors.get(token);
    if (!known || known.widgetId !== widgetId) {
      throw new HttpProblem(
        401,
        'invalid_visitor_token',
        'This visitor token is not valid for this widget: ask for a new one with POST /api/widget/visitors.',
      );
    }
    return { id: known.id, token, minted: false };
  }
  if (without === 'mint') return mintVisitor(s, widgetId);
  throw new HttpProblem(401, 'unauthorized', "This request needs the visitor's token, in the X-Visitor-Token header.");
}

/** The visitor uploading to `query.conversationId` of `query.widgetId`, which must be theirs. */
export function uploadingVisitor(s, headers, query) {
  requireWidget(query.widgetId);
  const visitor = visitorOf(s, headers, query.widgetId, 'refuse');
  conversationOf(s, query.conversationId, query.widgetId, visitor.id);
  return visitor.id;
}

/** A file's type by its first bytes, as the server decides it (PNG, JPEG and PDF here), or undefined. */
export function sniff(bytes) {
  const starts = (...b) => b.every((x, i) => bytes[i] === x);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

function sameVisitor(visitor, named) {
  if (named !== undefined && !visitor.minted && named !== visitor.id)
    throw new HttpProblem(403, 'forbidden', 'This visitorId is not the visitor of the token sent.');
}

const newVisitorFields = (visitor) => (visitor.minted ? { visitorId: visitor.id, visitorToken: visitor.token } : {});

function newConversation(s, widgetId, visitorId) {
  const c = { id: randomUUID(), widgetId, visitorId, status: 'bot', createdAt: timestamp(s), messages: [] };
  s.conversations.set(c.id, c);
  return c;
}

/** The mock's widgets: any id is an active widget any page may use, but these two. */
function requireWidget(widgetId) {
  if (widgetId === 'unknown-widget') throw new HttpProblem(404, 'widget_not_found', 'No active widget has this id.');
  if (widgetId === 'foreign-widget')
    throw new HttpProblem(403, 'origin_not_allowed', 'This website may not use this widget.');
}

function answer(s, body, key, visitorId) {
  const { widgetId, message, conversationId } = body;
  const idemKey = key && `${widgetId}|${visitorId}|${key}`;
  if (idemKey && s.idempotency.has(idemKey)) return s.idempotency.get(idemKey);
  const c = conversationId
    ? conversationOf(s, conversationId, widgetId, visitorId)
    : newConversation(s, widgetId, visitorId);
  const questionId = key ?? randomUUID();
  const attachments = (body.attachmentIds ?? []).map((id) => {
    const { conversationId: _c, visitorId: _v, ...attachment } = s.attachments.get(id);
    return attachment;
  });
  c.messages.push({
    messageId: questionId,
    role: 'user',
    content: message,
    createdAt: timestamp(s),
    ...(attachments.length ? { attachments } : {}),
  });
  const withHuman = c.status === 'escalated' || c.status === 'agent';
  if (withHuman) {
    // Kept for the person, who answers later: a receipt, sent with 202.
    const receipt = { conversationId: c.id, messageId: questionId, status: c.status };
    if (idemKey) s.idempotency.set(idemKey, receipt);
    return receipt;
  }
  // "[refuse]" in a message plays the bot that is not sure enough to answer.
  const refused = message.includes('[refuse]');
  const reply = {
    conversationId: c.id,
    messageId: randomUUID(),
    answer: refused ? 'I’m not sure about that.' : `You asked: ${message}`,
    citations: [
      {
        pageId: 'p1',
        pageTitle: 'Getting started',
        pageUrl: 'https://docs.example/start#install',
        excerpt: 'Paste one tag.',
      },
    ],
    relatedArticles: [{ pageId: 'p2', pageTitle: 'Styling', pageUrl: 'https://docs.example/styling' }],
    confidenceScore: refused ? 0.2 : 0.82,
    wasRefused: refused,
  };
  const { conversationId: _, answer: content, ...rest } = reply;
  c.messages.push({ ...rest, content, role: 'assistant', createdAt: timestamp(s) });
  if (idemKey) s.idempotency.set(idemKey, reply);
  return reply;
}

const prelude = (widgetId) => ({
  widgetId,
  name: 'Test widget',
  greeting: 'Hi! Ask me anything.',
  placeholder: 'Ask a question',
  primaryColor: '#4f46e5',
  theme: 'auto',
  position: 'bottom-right',
  language: 'en',
  bot: { name: 'Ada', avatarUrl: null },
  initialQuestions: ['How do I install it?', 'Can I change the colours?'],
  collectUserData: false,
  escalation: { enabled: true },
  aiEnabled: true,
  attachments: {
    enabled: true,
    maxBytes: 10485760,
    maxFiles: 5,
    types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'],
  },
});

/** One request to the API in namespace `s`: `{ status, json }`, or throws an HttpProblem. */
export function handle(s, method, path, query, body, headers) {
  let m;
  if (method === 'POST' && path === '/api/widget/chat') {
    const files = Array.isArray(body.attachmentIds) && body.attachmentIds.length > 0;
    validate(body, {
      widgetId: RULES.id,
      // Blank only with attachments.
      message: files ? freeText(4000) : RULES.message,
      conversationId: optional(RULES.conversationId),
      visitorId: optional(RULES.id),
      pageUrl: optional(text(2000)),
      clientMessageId: optional(RULES.id),
      attachmentIds: optional((v) => Array.isArray(v) && v.length <= 20 && v.every((id) => s.attachments.has(id))),
    });
    validate(headers, { 'idempotency-key': optional(RULES.id) }, 'headers');
    requireWidget(body.widgetId);
    const visitor = visitorOf(s, headers, body.widgetId, 'mint');
    sameVisitor(visitor, body.visitorId);
    const reply = answer(s, body, body.clientMessageId ?? headers['idempotency-key'], visitor.id);
    return { status: 'status' in reply ? 202 : 200, json: { ...reply, ...newVisitorFields(visitor) } };
  }
  if (method === 'POST' && path === '/api/widget/visitors') {
    validate(body, { widgetId: RULES.id });
    requireWidget(body.widgetId);
    const visitor = mintVisitor(s, body.widgetId);
    return { status: 201, json: { visitorId: visitor.id, visitorToken: visitor.token } };
  }
  if (method === 'GET' && (m = /^\/api\/widget\/([^/]+)\/(prelude|me)$/.exec(path))) {
    const widgetId = decodeURIComponent(m[1]);
    requireWidget(widgetId);
    if (m[2] === 'prelude') return { status: 200, json: prelude(widgetId) };
    validate(query, { visitorId: optional(RULES.id) }, 'query parameters');
    const visitor = visitorOf(s, headers, widgetId, 'refuse');
    sameVisitor(visitor, query.visitorId);
    const contact = s.contacts.findLast((c) => c.widgetId === widgetId && c.visitorId === visitor.id);
    // The visitor's latest conversation unless it is closed (the mock has no contact tokens: never verified).
    const latest = [...s.conversations.values()].findLast((c) => c.widgetId === widgetId && c.visitorId === visitor.id);
    const updatedAt = latest?.messages.at(-1)?.createdAt ?? latest?.createdAt;
    const conversation =
      latest && latest.status !== 'closed'
        ? { conversationId: latest.id, status: latest.status, createdAt: latest.createdAt, updatedAt }
        : null;
    return {
      status: 200,
      json: {
        visitorId: visitor.id,
        name: contact?.name ?? null,
        email: contact?.email ?? null,
        verified: false,
        conversation,
      },
    };
  }
  if (method === 'POST' && path === '/api/widget/conversations') {
    validate(body, { widgetId: RULES.id, visitorId: optional(RULES.id) });
    requireWidget(body.widgetId);
    const visitor = visitorOf(s, headers, body.widgetId, 'mint');
    sameVisitor(visitor, body.visitorId);
    const c = newConversation(s, body.widgetId, visitor.id);
    return {
      status: 201,
      json: { conversationId: c.id, status: c.status, createdAt: c.createdAt, ...newVisitorFields(visitor) },
    };
  }
  if (method === 'GET' && (m = /^\/api\/widget\/conversations\/([^/]+)(\/messages)?$/.exec(path))) {
    validate(query, { widgetId: RULES.id, ...(m[2] ? { after: optional(RULES.timestamp) } : {}) }, 'query parameters');
    requireWidget(query.widgetId);
    const visitor = visitorOf(s, headers, query.widgetId, 'refuse');
    const c = conversationOf(s, decodeURIComponent(m[1]), query.widgetId, visitor.id);
    if (!m[2]) {
      const updatedAt = c.messages.at(-1)?.createdAt ?? c.createdAt;
      return { status: 200, json: { conversationId: c.id, status: c.status, createdAt: c.createdAt, updatedAt } };
    }
    const after = query.after;
    return { status: 200, json: { messages: c.messages.filter((x) => after === undefined || x.createdAt > after) } };
  }
  if (method === 'POST' && path === '/api/widget/contact') {
    validate(body, {
      widgetId: RULES.id,
      visitorId: optional(RULES.id),
      name: optional(RULES.name),
      email: optional(RULES.email),
      customData: optional(RULES.customData),
    });
    requireWidget(body.widgetId);
    const visitor = visitorOf(s, headers, body.widgetId, 'refuse');
    sameVisitor(visitor, body.visitorId);
    s.contacts.push({ ...body, visitorId: visitor.id });
    return { status: 200, json: { visitorId: visitor.id } };
  }
  if (method === 'POST' && path === '/api/widget/feedback') {
    validate(body, { widgetId: RULES.id, messageId: RULES.id, type: RULES.type });
    requireWidget(body.widgetId);
    const visitor = visitorOf(s, headers, body.widgetId, 'refuse');
    const answers = [...s.conversations.values()]
      .filter((c) => c.widgetId === body.widgetId && c.visitorId === visitor.id)
      .flatMap((c) => c.messages.filter((x) => x.role === 'assistant' || x.role === 'agent'));
    if (!answers.some((x) => x.messageId === body.messageId))
      throw new HttpProblem(404, 'message_not_found', 'This widget has no such answer.');
    s.feedback.push(body);
    return { status: 204 };
  }
  if (method === 'POST' && path === '/api/widget/escalate') {
    validate(body, {
      widgetId: RULES.id,
      conversationId: RULES.conversationId,
      email: RULES.email,
      message: text(4000),
    });
    requireWidget(body.widgetId);
    const visitor = visitorOf(s, headers, body.widgetId, 'refuse');
    const c = conversationOf(s, body.conversationId, body.widgetId, visitor.id);
    // One open ticket a conversation, as the server keeps it.
    const open =
      (c.status === 'escalated' || c.status === 'agent') && s.tickets.findLast((t) => t.conversationId === c.id);
    if (open) return { status: 200, json: { ticketId: open.ticketId, status: 'escalated' } };
    c.status = 'escalated';
    const ticket = {
      ticketId: `T-${s.tickets.length + 1}`,
      conversationId: c.id,
      email: body.email,
      message: body.message,
    };
    s.tickets.push(ticket);
    return { status: 200, json: { ticketId: ticket.ticketId, status: 'escalated' } };
  }
  throw new HttpProblem(404, 'not_found', `No route ${method} ${path}.`);
}

/** A human agent's reply, as the help desk would add it (the mock's __state route). */
export function addAgentMessage(s, c, content, name = 'Sam') {
  c.messages.push({ messageId: randomUUID(), role: 'agent', content, createdAt: timestamp(s), author: { name } });
}
