import * as v from 'valibot';
import type { NormalizedConfig } from './config.js';
import {
  AuthenticationError,
  ConnectionError,
  HttpError,
  RateLimitError,
  SessionNotDefinedError,
  TransportError,
  type OpenCXErrorOptions,
} from './errors.js';
import {
  chatResponseSchema,
  contactSavedSchema,
  contactSchema,
  errorBodySchema,
  escalateSchema,
  historySchema,
  preludeSchema,
  sessionSchema,
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
  /** Who is chatting: sent as `visitorId`. `createChat` fills it in (a stored random id) when unset. */
  visitorId?: string;
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
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  schema?: v.GenericSchema<unknown, T>;
}

/** Milliseconds from a `Retry-After` header (delta-seconds or an HTTP date). */
function parseRetryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeIssue(issues: v.BaseIssue<unknown>[]): string {
  const first = issues[0];
  if (!first) return 'an unexpected shape';
  const at = v.getDotPath(first);
  return `${at ? `"${at}" ` : ''}${first.message}`;
}

function errorFromResponse(status: number, body: string, retryAfterMs: number | undefined): Error {
  let documented: v.InferOutput<typeof errorBodySchema>['error'] | undefined;
  try {
    const parsed = v.safeParse(errorBodySchema, JSON.parse(body));
    if (parsed.success) documented = parsed.output.error;
  } catch {
    // Not JSON: a proxy's or captive portal's page. Handled below by status alone.
  }
  const options: OpenCXErrorOptions = {
    code: documented?.code ?? `http_${status}`,
    status,
    details: documented?.details,
    retryAfterMs,
  };
  const message = documented?.message ?? `The chat server answered ${status} without the documented JSON error.`;
  if (status === 401 || status === 403) return new AuthenticationError(message, options);
  if (status === 429) return new RateLimitError(message, options);
  if (!documented) return new TransportError(message, options);
  if (status === 404 && documented.code === 'conversation_not_found')
    return new SessionNotDefinedError(message, options);
  return new HttpError(message, options);
}

/**
 * The only code that speaks HTTP: the OpenCX `ApiCaller`'s six methods plus contact, feedback and
 * escalate, over the chat server's HTTP API (docs/server.md#the-http-api). Every failure is an
 * `OpenCXError` subclass that keeps the server's `code` and `message`.
 */
export class ApiCaller {
  readonly config: NormalizedConfig;
  visitorId?: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor({ config, fetch: fetchImpl, timeoutMs = 30_000, visitorId }: ApiCallerOptions) {
    this.config = config;
    this.visitorId = visitorId ?? config.user.external_id;
    // Bound lazily: a bare `fetch` reference called as a method throws "Illegal invocation".
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = timeoutMs;
  }

  get #widget(): string {
    return encodeURIComponent(this.config.widgetId);
  }

  /** The visitor as the server knows them (after the contact form). */
  me(options?: RequestOptions): Promise<Contact> {
    return this.#call(
      {
        method: 'GET',
        path: `/api/widget/${this.#widget}/me`,
        query: { visitorId: this.visitorId },
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
    const { content, conversationId, clientMessageId, pageUrl } = message;
    return this.#call(
      {
        method: 'POST',
        path: '/api/widget/chat',
        body: {
          widgetId: this.config.widgetId,
          message: content,
          conversationId,
          visitorId: this.visitorId,
          pageUrl,
          clientMessageId,
        },
        headers: clientMessageId ? { 'Idempotency-Key': clientMessageId } : undefined,
        schema: chatResponseSchema,
      },
      options,
    );
  }

  createSession(options?: RequestOptions): Promise<SessionResponse> {
    return this.#call(
      {
        method: 'POST',
        path: '/api/widget/conversations',
        body: { widgetId: this.config.widgetId, visitorId: this.visitorId },
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
        body: { widgetId: this.config.widgetId, ...contact, visitorId: contact.visitorId ?? this.visitorId },
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
      { method: 'POST', path: '/api/widget/feedback', body: { widgetId: this.config.widgetId, ...feedback } },
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
        body: { widgetId: this.config.widgetId, ...escalation },
        schema: escalateSchema,
      },
      options,
    );
  }

  #url(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(this.config.apiUrl + path);
    for (const [name, value] of Object.entries({ ...this.config.queryParams, ...query })) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    return url.href;
  }

  #headers(call: Call<unknown>): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    if (call.body) headers.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(this.config.headers)) headers.set(name, value);
    if (this.config.contactToken) headers.set('Authorization', `Bearer ${this.config.contactToken}`);
    for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
    return headers;
  }

  async #call<T>(call: Call<T>, { signal }: RequestOptions = {}): Promise<T> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    const forwardAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const failed = (cause: unknown, otherwise: () => Error): unknown => {
      if (signal?.aborted) return signal.reason;
      if (timedOut) {
        return new ConnectionError(`The chat server did not answer within ${this.#timeoutMs / 1000} s.`, {
          code: 'timeout',
          cause,
        });
      }
      return otherwise();
    };

    let response: Response;
    let body: string;
    try {
      try {
        response = await this.#fetch(this.#url(call.path, call.query), {
          method: call.method,
          headers: this.#headers(call),
          body: call.body ? JSON.stringify(call.body) : undefined,
          signal: controller.signal,
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (cause) {
        throw failed(
          cause,
          () => new ConnectionError('Could not reach the chat server.', { code: 'network_error', cause }),
        );
      }
      try {
        body = await response.text();
      } catch (cause) {
        throw failed(
          cause,
          () =>
            new TransportError('The chat server’s response was cut off.', {
              code: 'incomplete_response',
              status: response.status,
              cause,
            }),
        );
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }

    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    if (!response.ok) throw errorFromResponse(response.status, body, retryAfterMs);
    if (!call.schema) return undefined as T;

    const invalid = (what: string, cause?: unknown) =>
      new TransportError(`The chat server’s response was not the documented JSON: ${what}.`, {
        code: 'invalid_response',
        status: response.status,
        cause,
      });
    const type = response.headers.get('Content-Type') ?? '';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
      throw invalid(`expected application/json, got ${type || 'no Content-Type'}`);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (cause) {
      throw invalid('the body is not valid JSON (cut off?)', cause);
    }
    const parsed = v.safeParse(call.schema, json);
    if (!parsed.success) throw invalid(describeIssue(parsed.issues));
    return parsed.output;
  }
}
