import { createParser } from 'eventsource-parser';
import { Observable } from 'rxjs';
import type { ChatResponse } from './responses.js';

// How an answer streamed as server-sent events (docs/server.md, "Streaming") is read: `delta`
// events with the text as it is written, then `done` with the whole response, or `error` with
// the documented error object. eventsource-parser does the SSE framing (fields split over
// chunks, comments, CRLF); we never use EventSource, which cannot POST.

/**
 * One step of an answer being written: `start` once the server has taken the message (with the
 * conversation it is in, when the server names it), `delta` for each piece of text, then `done`.
 */
export type AnswerEvent =
  | { type: 'start'; conversationId?: string }
  | { type: 'delta'; text: string }
  | { type: 'done'; response: ChatResponse };

/** How a stream ended: the `done` event's or the `error` event's data, or neither when it was cut. */
export type StreamEnd = { event: 'done' | 'error'; data: string } | { event: 'cut' };

/** Whether this browser can read a response as it arrives; without it the answer is asked for as JSON. */
export function canStream(): boolean {
  return typeof ReadableStream === 'function' && typeof TextDecoder === 'function';
}

/**
 * Reads `body` to its end, calling `onDelta` with each piece of text and `onChunk` with every
 * chunk that arrives (the caller's idle timeout). Rejects when reading fails.
 */
export async function readAnswerStream(
  body: ReadableStream<Uint8Array>,
  onDelta: (text: string) => void,
  onChunk: () => void,
): Promise<StreamEnd> {
  let end: StreamEnd = { event: 'cut' };
  const parser = createParser({
    onEvent({ event, data }) {
      if (end.event !== 'cut') return; // nothing counts after the end
      if (event === 'delta') {
        const text = deltaText(data);
        if (text) onDelta(text);
      } else if (event === 'done' || event === 'error') {
        end = { event, data };
      }
    },
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    reader.releaseLock();
  }
  return end;
}

function deltaText(data: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(data);
    const text = (parsed as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined; // a piece we cannot read is skipped: `done` carries the whole answer anyway
  }
}

/**
 * An answer as a cold Observable (`ApiCaller.streamMessage`): `run` sends the request with the
 * hooks that emit `start` and `delta`, and resolves to the response (`done`). Unsubscribing, or
 * `outer` aborting, aborts the request.
 */
export function observeAnswer(
  run: (
    onDelta: (text: string) => void,
    onResponse: (response: Response) => void,
    signal: AbortSignal,
  ) => Promise<ChatResponse>,
  outer?: AbortSignal,
): Observable<AnswerEvent> {
  return new Observable<AnswerEvent>((subscriber) => {
    const stop = new AbortController();
    const forward = () => stop.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });
    run(
      (text) => subscriber.next({ type: 'delta', text }),
      (response) =>
        subscriber.next({ type: 'start', conversationId: response.headers.get('X-Conversation-Id') ?? undefined }),
      stop.signal,
    ).then(
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
