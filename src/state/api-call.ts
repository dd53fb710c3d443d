import type * as v from 'valibot';
import { canStream } from './answer-stream.js';
import type { NormalizedConfig } from './config.js';
import { AuthenticationError } from './errors.js';

// The shapes `ApiCaller` (api.ts) works with, and how one of its calls becomes an HTTP request.

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
  /** Files uploaded to the conversation with `uploadAttachment`, sent with this message. */
  attachmentIds?: string[];
}

/** One request of `ApiCaller`: a route, what it sends, and how its answer is read. */
export interface Call<T> {
  method: 'GET' | 'POST';
  path: string;
  /** Sent with the visitor's token (every route but the prelude). */
  asVisitor?: boolean;
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  /** Sent as multipart/form-data instead of a JSON `body` (an attachment). */
  form?: FormData;
  headers?: Record<string, string>;
  schema?: v.GenericSchema<unknown, T>;
  /** Asks for the answer as server-sent events and hands each piece of text here; resolves to `done`'s response. */
  onDelta?: (text: string) => void;
  onResponse?: (response: Response) => void;
  /** Longer than the default, for an upload. */
  timeoutMs?: number;
  /** How much of the request body has gone (an upload): sent by XMLHttpRequest where there is one. */
  onUploadProgress?: (sent: number, total: number) => void;
}

/** Configs whose contact token the server refused: their calls go on as the anonymous visitor. */
const refused = new WeakSet<NormalizedConfig>();

/**
 * Whether `error` is the server refusing the config's contact token (expired, forged): then it is
 * no longer sent, `onRefused` hears why, and the caller tries again as the anonymous visitor.
 */
export function contactRefused(error: unknown, config: NormalizedConfig, onRefused?: (error: Error) => void): boolean {
  if (!(error instanceof AuthenticationError && error.code === 'invalid_contact_token') || refused.has(config)) {
    return false;
  }
  refused.add(config);
  onRefused?.(error);
  return true;
}

/** The URL and `fetch` options of `call` (docs/core.md, "ApiCaller": headers, query, the visitor's token). */
export function requestOf(
  config: NormalizedConfig,
  call: Call<unknown>,
  visitor?: Visitor,
): { url: string; init: RequestInit } {
  const url = new URL(config.apiUrl + call.path);
  for (const [name, value] of Object.entries({ ...config.queryParams, ...call.query })) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const accept = call.onDelta && canStream() ? 'text/event-stream, application/json' : 'application/json';
  const headers = new Headers({ Accept: accept });
  if (call.body) headers.set('Content-Type', 'application/json');
  for (const [name, value] of Object.entries(config.headers)) headers.set(name, value);
  if (config.contactToken && !refused.has(config)) headers.set('Authorization', `Bearer ${config.contactToken}`);
  if (visitor) headers.set('X-Visitor-Token', visitor.visitorToken);
  for (const [name, value] of Object.entries(call.headers ?? {})) headers.set(name, value);
  return {
    url: url.href,
    init: { method: call.method, headers, body: call.form ?? (call.body ? JSON.stringify(call.body) : undefined) },
  };
}
