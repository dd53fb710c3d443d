import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AnswerHooks } from '../answering/answer-once.js';
import { isForPerson, type ChatResult } from '../answering/answer.js';
import { ApiProblem, INTERNAL, problemBody } from '../http/problem.js';
import { TextQueue } from '../http/text-queue.js';
import type { Log } from '../log.js';

/**
 * The answer as server-sent events (docs/server.md, "Streaming"): `delta` events with the text as
 * it is written, then `done` with the whole response, or `error`. The response starts with the
 * first piece of text, so whatever is refused before it (limits, an unknown conversation) still
 * gets its proper HTTP status. `X-Conversation-Id` names the conversation from the start, so a
 * visitor who stops the answer halfway still goes on in the same conversation.
 */
export async function streamAnswer(
  c: Context,
  answer: (hooks: AnswerHooks) => Promise<ChatResult>,
  log: Log,
): Promise<Response> {
  const written = new TextQueue();
  let conversationId: string | undefined;
  const answering = answer({
    onConversation: (id) => (conversationId = id),
    onText: (text) => written.push(text),
  });
  answering.then(
    () => written.end(),
    () => written.end(),
  );
  const first = await Promise.race([answering, written.started.then(() => undefined)]);
  // A message for a person is not answered now: no stream, the same 202 receipt as without one.
  if (first && isForPerson(first)) return c.json(first, 202);
  if (conversationId) c.header('X-Conversation-Id', conversationId);
  const response = streamSSE(c, async (stream) => {
    const delta = (text: string) => stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) });
    try {
      let streamed = false;
      for await (const text of written) {
        streamed = true;
        await delta(text);
      }
      const response = await answering;
      if (isForPerson(response)) throw new Error('a receipt for a person after the answer started');
      // Composed answers and replays arrive whole: they are streamed in words. When a model
      // failed midway, `done` carries the answer that replaced what it had written.
      if (!streamed) for (const text of response.answer.match(/\S+\s*|\s+/g) ?? []) await delta(text);
      await stream.writeSSE({ event: 'done', data: JSON.stringify(response) });
    } catch (error) {
      const body = error instanceof ApiProblem ? problemBody(error.code, error.message) : INTERNAL;
      if (!(error instanceof ApiProblem)) log.error('[server] stream', error);
      await stream.writeSSE({ event: 'error', data: JSON.stringify(body) });
    }
  });
  // Event streams are UTF-8 by definition; said anyway, for tools that read the header alone.
  response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
  return response;
}
