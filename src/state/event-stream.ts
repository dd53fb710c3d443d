import { createParser } from 'eventsource-parser';
import { requestOf, type Visitor } from './api-call.js';
import { errorFromResponse } from './api-errors.js';
import type { NormalizedConfig } from './config.js';
import { ConnectionError } from './errors.js';

// A conversation's live events (docs/core.md, "Live events"): `GET .../events` as server-sent
// events, read with fetch (it carries the visitor's token, which EventSource cannot) and
// eventsource-parser. The server sends a comment line at least every 25 s, so a stream quiet for
// longer than `idleMs` is dead (a proxy dropped it) and is given up, for the caller to reopen.

/** One event as the server sent it: its id (stored events), its name and its JSON. */
export interface LiveEvent {
  id?: string;
  event: string;
  data: unknown;
}

/** What `ApiCaller.conversationEvents` takes: where to resume, and what to call. */
export interface EventsOptions {
  signal: AbortSignal;
  /** The id of the last event seen: the stream starts after it (else from now). */
  lastEventId?: string;
  /** Nothing at all (not even a comment) for this long: the stream is dead. Default 60 s (comments come every 25 s). */
  idleMs?: number;
  /** Once the server accepted the stream. */
  onOpen?: () => void;
  onEvent: (event: LiveEvent) => void;
}

/** The request for conversation `sessionId`'s events, as `visitor`. */
export function eventsRequest(config: NormalizedConfig, sessionId: string, visitor: Visitor, lastEventId?: string) {
  const { url, init } = requestOf(
    config,
    {
      method: 'GET',
      path: `/api/widget/conversations/${encodeURIComponent(sessionId)}/events`,
      asVisitor: true,
      query: { widgetId: config.widgetId },
      headers: { Accept: 'text/event-stream', ...(lastEventId && { 'Last-Event-ID': lastEventId }) },
    },
    visitor,
  );
  return { url, init };
}

/** Reads the stream at `url` until it ends (resolves) or fails (rejects with the API's error classes). */
export async function readEventStream(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  { signal, idleMs = 60_000, onOpen, onEvent }: EventsOptions,
): Promise<void> {
  const controller = new AbortController();
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let idle = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort();
    }, idleMs);
  };
  const failed = (cause: unknown) =>
    signal.aborted
      ? signal.reason
      : new ConnectionError(idle ? 'The live connection went quiet.' : 'The live connection was lost.', {
          code: idle ? 'timeout' : 'network_error',
          cause,
        });
  try {
    arm();
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, signal: controller.signal, credentials: 'omit', cache: 'no-store' });
    } catch (cause) {
      throw failed(cause);
    }
    if (!response.ok || !/^text\/event-stream\b/i.test(response.headers.get('Content-Type') ?? '')) {
      const body = await response.text().catch(() => '');
      throw errorFromResponse(response.ok ? 404 : response.status, body, undefined);
    }
    onOpen?.();
    const parser = createParser({
      onEvent({ id, event, data }) {
        try {
          onEvent({ id, event: event ?? 'message', data: JSON.parse(data) });
        } catch {
          // An event we cannot read is skipped: the history has every message anyway.
        }
      },
    });
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        arm();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (cause) {
      throw failed(cause);
    } finally {
      reader.releaseLock();
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}
