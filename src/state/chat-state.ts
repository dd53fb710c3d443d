import type { Attachment, Citation, Prelude, RelatedArticle, SessionStatus } from './responses.js';

export type MessageRole = 'user' | 'assistant' | 'agent' | 'system';

/**
 * Where a message is. The visitor's: `pending` (being sent or waiting to retry), `sent`, or
 * `failed` (retry it). An answer: `streaming` while it is written, `stopped` when the visitor
 * stopped it, `interrupted` when its stream was cut (the question is sent again and the answer
 * starts over). A finished answer has no status.
 */
export type MessageStatus = 'pending' | 'sent' | 'failed' | 'streaming' | 'stopped' | 'interrupted';

export type FeedbackType = 'positive' | 'negative';

export interface MessageType {
  /** For the visitor's messages this is also the idempotency key the server deduplicates on. */
  id: string;
  role: MessageRole;
  content: string;
  /** ISO 8601. */
  createdAt: string;
  /** The visitor's messages, and answers not (yet) finished. */
  status?: MessageStatus;
  /** Why a `failed` message failed: the error's `code` and `message`. */
  error?: { code: string; message: string };
  /**
   * Why a `pending` message is not on its way yet, for the panel to say: the device is `offline`
   * (it goes when it is back), the server asked it to wait (`rate_limited`), or an attempt failed
   * and the next one is coming (`retrying`). Absent while it is being sent.
   */
  waiting?: 'offline' | 'rate_limited' | 'retrying';
  citations?: Citation[];
  relatedArticles?: RelatedArticle[];
  confidenceScore?: number;
  wasRefused?: boolean;
  /** The visitor's rating of this answer. */
  feedback?: FeedbackType;
  /** Who wrote a human agent's message (or the notice about them), and their picture. */
  author?: { name: string; avatarUrl?: string | null };
  /** Files sent with it: the panel shows pictures and links to the others (docs/elements.md, "Attachments"). */
  attachments?: Attachment[];
}

export type LoadingReason = 'sending_message_to_bot' | 'sending_message_to_agent' | 'creating_session' | 'polling';

export type ChatErrorCode =
  'SESSION_CREATION_FAILED' | 'SESSION_CLEAR_FAILED' | 'MESSAGE_SEND_FAILED' | 'NO_ACTIVE_SESSION';

export interface ChatSession {
  id: string;
  status: SessionStatus;
  createdAt?: string;
  /** Set once the visitor asked for a human. */
  ticketId?: string;
}

/** Who the visitor said they are (the collect-user-data form), or that they chose not to say. */
export interface ChatContact {
  name?: string;
  email?: string;
  skipped?: boolean;
}

/** The chat's state (docs/core.md#chatstate): OpenCX's `messages`, `keyboard`, `loading`, `error`, then ours. */
export interface ChatState {
  messages: MessageType[];
  /** Quick replies: the widget's initial questions until the first message. */
  keyboard: { options: string[] } | null;
  loading: { isLoading: boolean; reason: LoadingReason | null };
  error: {
    hasError: boolean;
    message?: string;
    code?: ChatErrorCode;
    /** The underlying `OpenCXError` code (`network_error`, `widget_not_found`, `origin_not_allowed`, `rate_limited`, ...). */
    cause?: string;
    /** The HTTP status behind it, when there was a response. */
    status?: number;
  };
  /** The conversation, once there is one. */
  session: ChatSession | null;
  /** Filled by `saveContact` / `skipContact`, or from the config's `user`. */
  contact: ChatContact | null;
  /** The widget's settings from the server; `null` until loaded or when loading failed. */
  prelude: Prelude | null;
  /** Answers that arrived since `markRead()`. */
  unreadCount: number;
  /** A person is writing a reply (live events only): their name, for a few seconds after each signal. */
  typing: { name: string } | null;
  /** Stored state restored and the prelude asked for. */
  ready: boolean;
}

/** Something the visitor saw happen in the conversation. */
export type ChatEvent = { type: 'message'; message: MessageType };

export const NO_ERROR: ChatState['error'] = Object.freeze({ hasError: false });
