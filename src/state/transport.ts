import * as v from 'valibot';
import { readAnswerStream } from './answer-stream.js';
import { describeIssue, errorFromResponse, parseRetryAfter } from './api-errors.js';
import { ConnectionError, TransportError } from './errors.js';

export interface SendOptions<T> {
  /** Aborting rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal;
  /** No answer (for a stream: no next piece) within this long fails with a `ConnectionError` (`timeout`). */
  timeoutMs: number;
  /** What a successful response must be; without it the body is ignored. */
  schema?: v.GenericSchema<unknown, T>;
  /** Read a `text/event-stream` response as an answer being written; each piece of text comes here. */
  onDelta?: (text: string) => void;
  /** Called once the headers of a successful response arrived, before its body is read. */
  onResponse?: (response: Response) => void;
}

/**
 * One HTTP request of `ApiCaller`, from `fetch` to a checked result: every failure becomes an
 * `OpenCXError` subclass that keeps the server's `code` and `message` (docs/core.md, "Errors").
 */
export async function sendRequest<T>(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  { signal, timeoutMs, schema, onDelta, onResponse }: SendOptions<T>,
): Promise<T> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  // For a stream, the time allowed is between pieces, not for the whole answer. One timer that
  // looks at when the last piece came: a stream brings a hundred pieces a second.
  let last = Date.now();
  const check = () => {
    const quiet = Date.now() - last;
    if (quiet < timeoutMs) {
      timer = setTimeout(check, timeoutMs - quiet);
      return;
    }
    timedOut = true;
    controller.abort();
  };
  let timer = setTimeout(check, timeoutMs);
  const arm = () => {
    last = Date.now();
  };
  const forwardAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  const failed = (cause: unknown, otherwise: () => Error): unknown => {
    if (signal?.aborted) return signal.reason;
    if (timedOut) {
      return new ConnectionError(`The chat server did not answer within ${timeoutMs / 1000} s.`, {
        code: 'timeout',
        cause,
      });
    }
    return otherwise();
  };
  const cutOff = (status: number, cause?: unknown) =>
    new TransportError('The chat server’s response was cut off.', { code: 'incomplete_response', status, cause });

  let response: Response;
  let body: string;
  let streamed = false;
  try {
    try {
      response = await fetchImpl(url, { ...init, signal: controller.signal, credentials: 'omit', cache: 'no-store' });
    } catch (cause) {
      throw failed(
        cause,
        () => new ConnectionError('Could not reach the chat server.', { code: 'network_error', cause }),
      );
    }
    const isStream = /^text\/event-stream\b/i.test(response.headers.get('Content-Type') ?? '');
    if (response.ok) onResponse?.(response);
    if (response.ok && onDelta && isStream && response.body) {
      let end;
      try {
        end = await readAnswerStream(response.body, onDelta, arm);
      } catch (cause) {
        throw failed(cause, () => cutOff(response.status, cause));
      }
      if (end.event === 'cut') throw cutOff(response.status);
      // An error after the stream began: the server's documented error, as a 500 would carry it.
      if (end.event === 'error') throw errorFromResponse(500, end.data, undefined);
      body = end.data;
      streamed = true;
    } else {
      try {
        body = await response.text();
      } catch (cause) {
        throw failed(cause, () => cutOff(response.status, cause));
      }
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forwardAbort);
  }

  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), response.headers.get('Date'));
  if (!response.ok) throw errorFromResponse(response.status, body, retryAfterMs);
  if (!schema) return undefined as T;

  const invalid = (what: string, cause?: unknown) =>
    new TransportError(`The chat server’s response was not the documented JSON: ${what}.`, {
      code: 'invalid_response',
      status: response.status,
      cause,
    });
  const type = response.headers.get('Content-Type') ?? '';
  if (!streamed && !/^application\/([a-z.+-]*\+)?json\b/i.test(type))
    throw invalid(`expected application/json, got ${type || 'no Content-Type'}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw invalid('the body is not valid JSON (cut off?)', cause);
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) throw invalid(describeIssue(parsed.issues));
  return parsed.output;
}
