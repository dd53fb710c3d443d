import { Observable } from 'rxjs';
import * as v from 'valibot';
import { canStream, type AnswerEvent } from './answer-stream.js';
import { sendRequest } from './transport.js';
import type { NormalizedConfig } from './config.js';
import { AuthenticationError } from './errors.js';
import {
  chatResponseSchema,
  contactSavedSchema,
  contactSchema,
  escalateSchema,
  historySchema,
  preludeSchema,
  sessionSchema,
  visitorSchema,
  type ChatResponse,
  type Contact,
  type EscalateResponse,
  type HistoryResponse,
  type Prelude,
  type SessionResponse,
} from './responses.js';

export interface ApiCallerOptions {
  config: NormalizedConfig;
  /** The `fetch` to use (a polyfill, or a test double at a boundary you do not own). Default: the global one. */
  fetch?: typeof fetch;
  /** A request that takes longer fails with a `ConnectionError` (`code: 'timeout'`). Default 30 000. */
  timeoutMs?: number;
  /**
   * The visitor the server made for this browser, kept from an earlier page (`createChat` keeps it
   * in storage). Without one, the first call that needs a visitor asks the server for one.
   */
  visitor?: Visitor;
  /** Called when the server made a new visitor (or the old one was refused), to keep it. */
  onVisitor?: (visitor: Visitor) => void;
}

/** The server's visitor: its id, and the token that proves it (sent as `X-Visitor-Token`). */
export interface Visitor {
  visitorId: string;
  visitorToken: string;
}

export interface RequestOptions {
  /** Aborting rejects the call with the signal's reason, as `fetch` does. */
  signal?: AbortSignal;
}

/** What `handleMessage` sends. */
export interface OutgoingMessage {
  content: string;
  conversationId?: string;
  /** Idempotency key: sending the same message again with it never answers twice. */
  clientMessageId?: string;
  pageUrl?: string;
}

interface Call<T> {
  method: 'GET' | 'POST';
  path: string;
  /** Sent with the visitor's token (every route but the prelude). */
  asVisitor?: boolean;
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  schema?: v.GenericSchema<unknown, T>;
  /** Asks for the answer as server-sent events and hands each piece of text here; resolves to `done`'s response. */
  onDelta?: (text: string) => void;
  onResponse?: (response: Response) => void;
}

/**
 * The only code that speaks HTTP: the OpenCX `ApiCaller`'s six methods plus contact, feedback and
 * escalate, over the chat server's HTTP API (docs/server.md#the-http-api). Every failure is an
 * `OpenCXError` subclass that keeps the server's `code` and `message`.
 */
export class ApiCaller {
  readonly config: NormalizedConfig;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  #visitor: Promise<Visitor> | undefined;
  #known: Visitor | undefined;
  /** Called when the server made a new visitor for this browser, to keep it. */
  onVisitor: ((visitor: Visitor) => void) | undefined;

  constructor({ config, fetch: fetchImpl, timeoutMs = 30_000, visitor, onVisitor }: ApiCallerOptions) {
    this.config = config;
    this.#known = visitor;
    this.#visitor = visitor && Promise.resolve(visitor);
    this.onVisitor = onVisitor;
    // Bound lazily: a bare `fetch` reference called as a method throws "Illegal invocation".
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
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
    return this.#call(
      {
        method: 'GET',
        path: `/api/widget/${this.#widget}/me`,
        asVisitor: true,
        schema: contactSchema,
      },
      options,
    );
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
    return new Observable<AnswerEvent>((subscriber) => {
      const stop = new AbortController();
      const outer = options.signal;
      const forward = () => stop.abort(outer?.reason);
      if (outer?.aborted) forward();
      else outer?.addEventListener('abort', forward, { once: true });
      const onDelta = (text: string) => subscriber.next({ type: 'delta', text });
      const onResponse = (response: Response) =>
        subscriber.next({ type: 'start', conversationId: response.headers.get('X-Conversation-Id') ?? undefined });
      this.#call({ ...this.#chatCall(message), onDelta, onResponse }, { signal: stop.signal }).then(
        (response) => {
          subscriber.next({ type: 'done', response });
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        outer?.removeEventListener('abort', forward);
        stop.abort(new DOMException('The answer was no longer wanted.', 'AbortError'));
      };
    });
  }

  #chatCall({ content, conversationId, clientMessageId, pageUrl }: OutgoingMessage): Call<ChatResponse> {
    return {
      method: 'POST',
      path: '/api/widget/chat',
      asVisitor: true,
      body: { widgetId: this.config.widgetId, message: content, conversationId, pageUrl, clientMessageId },
      headers: clientMessageId ? { 'Idempotency-Key': clientMessageId } : undefined,
      schema: chatResponseSchema,
    };
  }

  createSession(options?: RequestOptions): Promise<SessionResponse> {
    return this.#call(
      {
        method: 'POST',
        path: '/api/widget/conversations',
        asVisitor: true,
        body: { widgetId: this.config.widgetId },
        schema: sessionSchema,
      },
      options,
    );
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

  /** Saves the visitor's name and email (the collect-user-data form). */
  upsertContact(
    contact: { visitorId?: string; name?: string; email?: string; customData?: Record<string, string> },
    options?: RequestOptions,
  ): Promise<{ visitorId: string }> {
    return this.#call(
      {
        method: 'POST',
        path: '/api/widget/contact',
        asVisitor: true,
        body: { widgetId: this.config.widgetId, ...contact },
        schema: contactSavedSchema,
      },
      options,
    );
  }

  sendFeedback(
    feedback: { messageId: string; type: 'positive' | 'negative'; comment?: string },
    options?: RequestOptions,
  ): Promise<void> {
    return this.#call<void>(
      {
        method: 'POST',
        path: '/api/widget/feedback',
        asVisitor: true,
        body: { widgetId: this.config.widgetId, ...feedback },
      },
      options,
    );
  }

  /** Hands the conversation to a human. */
  escalate(
    escalation: { conversationId: string; email: string; message: string },
    options?: RequestOptions,
  ): Promise<EscalateResponse> {
    return this.#call(
      {
        method: 'POST',
        path: '/api/widget/escalate',
        asVisitor: true,
        body: { widgetId: this.config.widgetId, ...escalation },
        schema: escalateSchema,
      },
      options,
    );
  }

  #send<T>(call: Call<T>, { signal }: RequestOptions, visitor?: Visitor): Promise<T> {
    const init: RequestInit = {
      method: call.method,
      headers: this.#headers(call, visitor),
      body: call.body ? JSON.stringify(call.body) : undefined,
    };
    const { schema, onDelta, onResponse } = call;
    return sendRequest(this.#fetch, this.#url(call.path, call.query), init, {
      signal,
      timeoutMs: this.#timeoutMs,
      schema,
      onDelta,
      onResponse,
    });
  }

  #url(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(this.config.apiUrl + path);
    for (const [name, value] of Object.entries({ ...this.config.queryParams, ...query })) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url.href;
  }

  #headers(call: Call<unknown>, visitor?: Visitor): Headers {
    const accept = call.onDelta && canStream() ? 'text/event-stream, application/json' : 'application/json';
    const headers = new Headers({ Accept: accept });
    if (call.body) headers.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(this.config.headers)) headers.set(name, value);
    if (this.config.contactToken) headers.set('Authorization', `Bearer ${this.config.contactToken}`);
    if (visitor) headers.set('X-Visitor-Token', visitor.visitorToken);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    return headers;
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
      if (!(error instanceof AuthenticationError && error.code === 'invalid_visitor_token')) throw error;
      if (this.#known === sent) {
        this.#known = undefined;
        this.#visitor = undefined;
      }
      return this.#send(call, options, await this.visitor(options));
    }
  }
}
