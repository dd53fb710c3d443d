import type { Observable } from 'rxjs';
import { observeAnswer, type AnswerEvent } from './answer-stream.js';
import {
  contactRefused,
  requestOf,
  type ApiCallerOptions,
  type Call,
  type OutgoingMessage,
  type RequestOptions,
  type Visitor,
} from './api-call.js';
import { eventsRequest, readEventStream, type EventsOptions } from './event-stream.js';
import { sendRequest } from './transport.js';
import { xhrFetch } from './xhr-fetch.js';
import type { NormalizedConfig } from './config.js';

export type { ApiCallerOptions, OutgoingMessage, RequestOptions, Visitor } from './api-call.js';
import { AuthenticationError } from './errors.js';
import { uploadError } from './api-errors.js';
import {
  attachmentSchema,
  chatResponseSchema,
  contactSavedSchema,
  contactSchema,
  escalateSchema,
  historySchema,
  preludeSchema,
  sessionSchema,
  visitorSchema,
  type Attachment,
  type ChatResponse,
  type Contact,
  type EscalateResponse,
  type HistoryResponse,
  type Prelude,
  type SessionResponse,
} from './responses.js';

/** An upload may take minutes on a slow connection: it fails only after this long. */
const UPLOAD_TIMEOUT_MS = 300_000;

/**
 * The only code that speaks HTTP: the OpenCX `ApiCaller`'s six methods plus contact, feedback and
 * escalate, over the chat server's HTTP API (docs/server.md#the-http-api). Every failure is an
 * `OpenCXError` subclass that keeps the server's `code` and `message`.
 */
export class ApiCaller {
  readonly config: NormalizedConfig;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  /** No fetch was given: the browser's own is used (and XMLHttpRequest may be, for progress). */
  readonly #ownFetch: boolean;
  #visitor: Promise<Visitor> | undefined;
  #known: Visitor | undefined;
  /** Called when the server made a new visitor for this browser, to keep it. */
  onVisitor: ((visitor: Visitor) => void) | undefined;
  /** Called once if the server refuses `contactToken`: the visitor goes on anonymous (docs/core.md). */
  onContactRefused: ((error: Error) => void) | undefined;

  constructor({ config, fetch: fetchImpl, timeoutMs = 30_000, visitor, onVisitor }: ApiCallerOptions) {
    this.config = config;
    this.#known = visitor;
    this.#visitor = visitor && Promise.resolve(visitor);
    this.onVisitor = onVisitor;
    // Bound lazily: a bare `fetch` reference called as a method throws "Illegal invocation".
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    this.#ownFetch = !fetchImpl;
    this.#timeoutMs = timeoutMs;
  }

  get #widget(): string {
    return encodeURIComponent(this.config.widgetId);
  }

  /** Takes up a visitor kept from an earlier page, unless one is known or being asked for already. */
  adoptVisitor(visitor: Visitor): void {
    if (this.#visitor) return;
    this.#known = visitor;
    this.#visitor = Promise.resolve(visitor);
  }

  /** The visitor's id, once the server has made one (see `visitor()`). */
  get visitorId(): string | undefined {
    return this.#known?.visitorId;
  }

  /**
   * The server's visitor for this browser: the one given or kept, else a new one from
   * `POST /api/widget/visitors`, asked once however many calls wait for it. Every call but the
   * prelude presents it; `user.external_id` is never used as one.
   */
  visitor(options?: RequestOptions): Promise<Visitor> {
    this.#visitor ??= this.#call(
      {
        method: 'POST',
        path: '/api/widget/visitors',
        body: { widgetId: this.config.widgetId },
        schema: visitorSchema,
      },
      options,
    ).then(
      (visitor) => {
        this.#known = visitor;
        this.onVisitor?.(visitor);
        return visitor;
      },
      (error: unknown) => {
        this.#visitor = undefined;
        throw error;
      },
    );
    return this.#visitor;
  }

  /** The visitor as the server knows them (after the contact form). */
  me(options?: RequestOptions): Promise<Contact> {
    const path = `/api/widget/${this.#widget}/me`;
    return this.#call({ method: 'GET', path, asVisitor: true, schema: contactSchema }, options);
  }

  /** The widget's settings: greeting, colours, bot, initial questions. */
  widgetPrelude(options?: RequestOptions): Promise<Prelude> {
    return this.#call({ method: 'GET', path: `/api/widget/${this.#widget}/prelude`, schema: preludeSchema }, options);
  }

  /** Sends the visitor's message and resolves to the answer. */
  handleMessage(message: OutgoingMessage, options?: RequestOptions): Promise<ChatResponse> {
    return this.#call(this.#chatCall(message), options);
  }

  /**
   * Sends the visitor's message and emits the answer as it is written: `start` once the server
   * took it, `delta` events with each piece of text, then one `done` with the whole response (docs/core.md, "Streaming"). Where the
   * browser cannot read a response as it arrives, or a proxy turned the stream into JSON, only
   * `done` comes. Nothing is sent until subscribed; unsubscribing aborts the request.
   */
  streamMessage(message: OutgoingMessage, options: RequestOptions = {}): Observable<AnswerEvent> {
    return observeAnswer(
      (onDelta, onResponse, signal) => this.#call({ ...this.#chatCall(message), onDelta, onResponse }, { signal }),
      options.signal,
    );
  }

  #chatCall({ content, conversationId, clientMessageId, pageUrl, attachmentIds }: OutgoingMessage): Call<ChatResponse> {
    const files = attachmentIds?.length ? { attachmentIds } : {};
    return {
      method: 'POST',
      path: '/api/widget/chat',
      asVisitor: true,
      body: { widgetId: this.config.widgetId, message: content, conversationId, pageUrl, clientMessageId, ...files },
      headers: clientMessageId ? { 'Idempotency-Key': clientMessageId } : undefined,
      schema: chatResponseSchema,
    };
  }

  createSession(options?: RequestOptions): Promise<SessionResponse> {
    return this.#post('/api/widget/conversations', {}, sessionSchema, options);
  }

  getSession(sessionId: string, options?: RequestOptions): Promise<SessionResponse> {
    return this.#call(
      {
        method: 'GET',
        path: `/api/widget/conversations/${encodeURIComponent(sessionId)}`,
        asVisitor: true,
        query: { widgetId: this.config.widgetId },
        schema: sessionSchema,
      },
      options,
    );
  }

  /** Messages of a conversation, only those newer than `after` (a `createdAt` the server sent) when given. */
  getSessionHistory(sessionId: string, after?: string, options?: RequestOptions): Promise<HistoryResponse> {
    return this.#call(
      {
        method: 'GET',
        path: `/api/widget/conversations/${encodeURIComponent(sessionId)}/messages`,
        asVisitor: true,
        query: { widgetId: this.config.widgetId, after },
        schema: historySchema,
      },
      options,
    );
  }

  /**
   * Reads the conversation's live events until the stream ends or fails (a server without them:
   * a 404 error); with `lastEventId`, from the event after it (docs/core.md, `ApiCaller`).
   */
  async conversationEvents(sessionId: string, options: EventsOptions): Promise<void> {
    const visitor = this.#known ?? (await this.visitor({ signal: options.signal }));
    const { url, init } = eventsRequest(this.config, sessionId, visitor, options.lastEventId);
    return readEventStream(this.#fetch, url, init, options);
  }

  /** Saves the visitor's name and email (the collect-user-data form). */
  upsertContact(
    contact: { visitorId?: string; name?: string; email?: string; customData?: Record<string, string> },
    options?: RequestOptions,
  ): Promise<{ visitorId: string }> {
    return this.#post('/api/widget/contact', contact, contactSavedSchema, options);
  }

  sendFeedback(
    feedback: { messageId: string; type: 'positive' | 'negative'; comment?: string },
    options?: RequestOptions,
  ): Promise<void> {
    return this.#post<void>('/api/widget/feedback', feedback, undefined, options);
  }

  /** Hands the conversation to a human. */
  escalate(
    escalation: { conversationId: string; email: string; message: string },
    options?: RequestOptions,
  ): Promise<EscalateResponse> {
    return this.#post('/api/widget/escalate', escalation, escalateSchema, options);
  }

  /**
   * Uploads `file` to the conversation (docs/core.md, "Attachments"); send its `attachmentId` with
   * a message. Every failure is a `FileUploadError`: `code` `file_too_large`, `type_not_allowed`,
   * `quota_exceeded` (with `retryAfterMs`), `network`, or the server's own code.
   */
  async uploadAttachment(
    file: Blob,
    conversationId: string,
    {
      name,
      onProgress,
      ...options
    }: RequestOptions & { name?: string; onProgress?: (sent: number, total: number) => void } = {},
  ): Promise<Attachment> {
    const form = new FormData();
    form.append('file', file, name ?? ((file as Partial<File>).name || 'file'));
    const call: Call<Attachment> = {
      method: 'POST',
      path: '/api/widget/attachments',
      asVisitor: true,
      query: { widgetId: this.config.widgetId, conversationId },
      form,
      schema: attachmentSchema,
      timeoutMs: UPLOAD_TIMEOUT_MS,
      onUploadProgress: onProgress,
    };
    try {
      return await this.#call(call, options);
    } catch (error) {
      // An abort keeps its own reason: the caller asked for it.
      throw options.signal?.aborted ? error : uploadError(error);
    }
  }

  /** A visitor's POST to `path`: the widget's id and `fields` as its body. */
  #post<T>(path: string, fields: object, schema: Call<T>['schema'], options?: RequestOptions): Promise<T> {
    const body = { widgetId: this.config.widgetId, ...fields };
    return this.#call({ method: 'POST', path, asVisitor: true, body, schema }, options);
  }

  #send<T>(call: Call<T>, { signal }: RequestOptions, visitor?: Visitor): Promise<T> {
    const { url, init } = requestOf(this.config, call, visitor);
    const { schema, onDelta, onResponse, onUploadProgress } = call;
    // Progress needs XMLHttpRequest; a fetch given to the caller (a polyfill, a test) is kept.
    const xhr = onUploadProgress && this.#ownFetch && typeof XMLHttpRequest !== 'undefined';
    return sendRequest(xhr ? xhrFetch(onUploadProgress) : this.#fetch, url, init, {
      signal,
      timeoutMs: call.timeoutMs ?? this.#timeoutMs,
      schema,
      onDelta,
      onResponse,
    });
  }

  /**
   * Sends `call`, as the visitor when it is a visitor's route. A token the server no longer takes
   * (its secret was renewed, or the widget's id changed) is replaced by a new visitor, once.
   */
  async #call<T>(call: Call<T>, options: RequestOptions = {}): Promise<T> {
    if (!call.asVisitor) return this.#send(call, options);
    // Known already (every call but the first): sent in the same turn, with no wait on a promise.
    const sent = this.#known ?? (await this.visitor(options));
    try {
      return await this.#send(call, options, sent);
    } catch (error) {
      if (contactRefused(error, this.config, this.onContactRefused)) return this.#send(call, options, sent);
      if (!(error instanceof AuthenticationError && error.code === 'invalid_visitor_token')) throw error;
      if (this.#known === sent) {
        this.#known = undefined;
        this.#visitor = undefined;
      }
      return this.#send(call, options, await this.visitor(options));
    }
  }
}
