import type { MessageType } from '../../../src/state/chat-state.js';

// The agent API's shapes as the console reads them (docs/console.md, "The agent API").

export type Status = 'bot' | 'escalated' | 'agent' | 'closed';

export interface Agent {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  widgets: string[];
}

export interface Visitor {
  visitorId: string;
  name?: string | null;
  email?: string | null;
  verified: boolean;
}

export interface Assignee {
  id: string;
  name: string;
  email: string;
}

export interface ConversationSummary {
  conversationId: string;
  widgetId: string;
  status: Status;
  visitor: Visitor;
  lastMessage: { role: string; content: string; createdAt: string } | null;
  unread: number;
  assignee: Assignee | null;
  updatedAt: string;
}

/** A message as the agent API sends it: the history object of the widget API, with the author's id. */
export interface ApiMessage {
  messageId: string;
  role: MessageType['role'];
  content: string;
  createdAt: string;
  citations?: MessageType['citations'];
  relatedArticles?: MessageType['relatedArticles'];
  confidenceScore?: number;
  wasRefused?: boolean;
  author?: { id?: string; name: string };
  /** Files sent with it, each with a link that works for a day (docs/server.md, "Attachments"). */
  attachments?: MessageType['attachments'];
}

export interface Note {
  noteId: string;
  content: string;
  createdAt: string;
  author: { id: string; name: string } | null;
}

export interface Conversation {
  conversationId: string;
  widgetId: string;
  status: Status;
  visitor: Visitor;
  ticket: { ticketId: string; email: string; message: string; createdAt: string } | null;
  assignee: Assignee | null;
  createdAt: string;
  updatedAt: string;
  messages: ApiMessage[];
  notes: Note[];
  feedback: { messageId: string; type: 'positive' | 'negative'; comment?: string | null; createdAt: string }[];
}

/** A row of "questions the bot could not answer", as the server groups them. */
export type { UnansweredQuestion } from '../db/unanswered.js';

/** What the inbox shows: `waiting` (escalated), the agent's own, everything open, or closed. */
export type InboxFilter = 'waiting' | 'mine' | 'open' | 'closed';

/** A message of the API as the widget's message element takes it. */
export const asMessage = (m: ApiMessage): MessageType => ({
  id: m.messageId,
  role: m.role,
  content: m.content,
  createdAt: m.createdAt,
  ...(m.citations && { citations: m.citations }),
  ...(m.relatedArticles && { relatedArticles: m.relatedArticles }),
  ...(m.wasRefused !== undefined && { wasRefused: m.wasRefused }),
  ...(m.confidenceScore !== undefined && { confidenceScore: m.confidenceScore }),
  ...(m.author && { author: { name: m.author.name } }),
  ...(m.attachments?.length && { attachments: m.attachments }),
});
