import * as v from 'valibot';
import { createLogger } from './logger.js';
import { color, url } from './value-rules.js';

// The JSON bodies of the chat server's HTTP API (docs/server.md#the-http-api) and the checks every
// response passes before the widget uses it. Unknown extra fields are dropped; a missing or
// mistyped documented field is an error.

export interface Citation {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  excerpt: string;
}

export interface RelatedArticle {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
}

/** `POST /api/widget/chat`. */
export interface ChatResponse {
  conversationId: string;
  messageId: string;
  answer: string;
  citations: Citation[];
  relatedArticles: RelatedArticle[];
  /** 0..1 */
  confidenceScore: number;
  /** The bot was not confident enough to answer; the answer says so and offers a human. */
  wasRefused: boolean;
  /**
   * Set when a person has the conversation (`escalated`: waiting for one; `agent`: one is
   * answering): the server stored the message (202) and the bot did not answer, so `answer` is
   * empty and `messageId` is the visitor's message. The person's reply arrives with the history.
   */
  status?: 'escalated' | 'agent';
}

/** `GET /api/widget/{widgetId}/prelude`: the widget's settings as the server holds them. */
export interface Prelude {
  widgetId: string;
  name: string;
  greeting?: string | null;
  placeholder?: string | null;
  primaryColor?: string | null;
  theme?: 'light' | 'dark' | 'auto' | null;
  position?: 'bottom-right' | 'bottom-left' | null;
  language?: string | null;
  bot: { name?: string | null; avatarUrl?: string | null };
  initialQuestions: string[];
  collectUserData: boolean;
  escalation: { enabled: boolean };
  aiEnabled: boolean;
  /** What files visitors may send (docs/server.md, "Attachments"); absent from a server without them. */
  attachments?: AttachmentLimits;
}

export interface AttachmentLimits {
  enabled: boolean;
  maxBytes: number;
  maxFiles: number;
  /** MIME types. */
  types: string[];
}

/** `GET /api/widget/{widgetId}/me`. */
export interface Contact {
  visitorId: string;
  name?: string | null;
  email?: string | null;
  /** The visitor's latest conversation unless it is closed (a verified contact's, from any device). */
  conversation?: SessionResponse | null;
}

export type SessionStatus = 'bot' | 'escalated' | 'agent' | 'closed';

/** `POST /api/widget/conversations` and `GET /api/widget/conversations/{id}`. */
export interface SessionResponse {
  conversationId: string;
  status: SessionStatus;
  createdAt: string;
  updatedAt?: string;
}

export type WireRole = 'user' | 'assistant' | 'agent' | 'system';

export interface HistoryMessage {
  messageId: string;
  role: WireRole;
  content: string;
  /** Opaque server timestamp; handed back verbatim as `after`. */
  createdAt: string;
  citations?: Citation[];
  relatedArticles?: RelatedArticle[];
  confidenceScore?: number;
  wasRefused?: boolean;
  /** Who wrote an agent's message (or the line about them). */
  author?: { name: string; avatarUrl?: string | null };
  /** Files sent with it (docs/server.md, "Attachments"). */
  attachments?: Attachment[];
}

/** A file sent with a message; `url` is a link that works for a day (absent when not an http(s) URL). */
export interface Attachment {
  attachmentId: string;
  name: string;
  size: number;
  contentType: string;
  url?: string | null;
}

export interface HistoryResponse {
  messages: HistoryMessage[];
}

export interface EscalateResponse {
  ticketId: string;
  status: 'escalated';
}

const id = v.pipe(v.string(), v.minLength(1));
const opt = <T extends v.GenericSchema>(schema: T) => v.optional(v.nullable(schema));
/**
 * A setting from the server held to the page's own rules: one that breaks them is left out (the
 * default applies) rather than failing the whole prelude, with a warning naming it.
 */
const checked = <T extends v.GenericSchema<string, string>>(field: string, schema: T) =>
  v.fallback(opt(schema), (dataset) => {
    createLogger().warn(`The server's ${field} ${JSON.stringify(dataset?.value)} is not allowed here; it is ignored.`);
    return undefined;
  });

const relatedArticle = v.object({ pageId: id, pageTitle: v.string(), pageUrl: v.string() });
const citation = v.object({ ...relatedArticle.entries, excerpt: v.string() });
const score = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const status = v.picklist(['bot', 'escalated', 'agent', 'closed']);
export const sessionStatusSchema = status;

const answered = v.object({
  conversationId: id,
  messageId: id,
  answer: v.string(),
  citations: v.optional(v.array(citation), []),
  relatedArticles: v.optional(v.array(relatedArticle), []),
  confidenceScore: score,
  wasRefused: v.boolean(),
});

/** The 202 of a message stored for a person: no answer now (docs/server.md, "Talking to a person"). */
const forPerson = v.pipe(
  v.object({ conversationId: id, messageId: id, status: v.picklist(['escalated', 'agent']) }),
  v.transform((r): ChatResponse => ({
    ...r,
    answer: '',
    citations: [],
    relatedArticles: [],
    confidenceScore: 0,
    wasRefused: false,
  })),
);

/** An answer, or (no `answer`, a `status`) a receipt for a person: each checked as itself, so an error names its field. */
export const chatResponseSchema: v.GenericSchema<unknown, ChatResponse> = v.lazy((input) =>
  typeof input === 'object' && input !== null && !('answer' in input) && 'status' in input ? forPerson : answered,
);

export const preludeSchema: v.GenericSchema<unknown, Prelude> = v.object({
  widgetId: id,
  name: v.string(),
  greeting: opt(v.string()),
  placeholder: opt(v.string()),
  primaryColor: checked('primaryColor', color),
  theme: opt(v.picklist(['light', 'dark', 'auto'])),
  position: opt(v.picklist(['bottom-right', 'bottom-left'])),
  language: opt(v.string()),
  bot: v.optional(v.object({ name: opt(v.string()), avatarUrl: checked('bot.avatarUrl', url({ images: true })) }), {}),
  initialQuestions: v.optional(v.array(v.string()), []),
  collectUserData: v.optional(v.boolean(), false),
  escalation: v.optional(v.object({ enabled: v.boolean() }), { enabled: true }),
  aiEnabled: v.optional(v.boolean(), true),
  attachments: v.optional(
    v.object({
      enabled: v.boolean(),
      maxBytes: v.pipe(v.number(), v.minValue(0)),
      maxFiles: v.pipe(v.number(), v.minValue(0)),
      types: v.array(v.string()),
    }),
  ),
});

export const sessionSchema: v.GenericSchema<unknown, SessionResponse> = v.object({
  conversationId: id,
  status,
  createdAt: v.string(),
  updatedAt: v.optional(v.string()),
});

export const contactSchema: v.GenericSchema<unknown, Contact> = v.object({
  visitorId: id,
  name: opt(v.string()),
  email: opt(v.string()),
  conversation: opt(sessionSchema),
});

/** One message of the history (and of a live `message` event). */
const attachment: v.GenericSchema<unknown, Attachment> = v.object({
  attachmentId: id,
  name: v.pipe(v.string(), v.maxLength(300)),
  size: v.pipe(v.number(), v.minValue(0)),
  contentType: v.string(),
  url: v.optional(checked('attachment url', url())),
});

/** `POST /api/widget/attachments`: the file as the server keeps it. */
export const attachmentSchema = attachment;

export const historyMessageSchema: v.GenericSchema<unknown, HistoryMessage> = v.object({
  messageId: id,
  role: v.picklist(['user', 'assistant', 'agent', 'system']),
  content: v.string(),
  createdAt: v.string(),
  citations: v.optional(v.array(citation)),
  relatedArticles: v.optional(v.array(relatedArticle)),
  confidenceScore: v.optional(score),
  wasRefused: v.optional(v.boolean()),
  author: v.optional(
    v.object({
      name: v.pipe(v.string(), v.maxLength(200)),
      avatarUrl: v.optional(checked('author.avatarUrl', url({ images: true }))),
    }),
  ),
  attachments: v.optional(v.array(attachment)),
});

export const historySchema: v.GenericSchema<unknown, HistoryResponse> = v.object({
  messages: v.array(historyMessageSchema),
});

/** `POST /api/widget/visitors`, and what a first message or conversation adds when the server made its visitor. */
export const visitorSchema: v.GenericSchema<unknown, { visitorId: string; visitorToken: string }> = v.object({
  visitorId: id,
  visitorToken: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

export const contactSavedSchema: v.GenericSchema<unknown, { visitorId: string }> = v.object({ visitorId: id });

export const escalateSchema: v.GenericSchema<unknown, EscalateResponse> = v.object({
  ticketId: id,
  status: v.literal('escalated'),
});

export const errorBodySchema = v.object({
  error: v.object({ code: v.string(), message: v.string(), details: v.optional(v.unknown()) }),
});
