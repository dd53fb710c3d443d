import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { findConversation } from '../db/conversations.js';
import { linkFiles, type Attachments } from '../attachments/service.js';
import type { Database } from '../db/database.js';
import { eventsAfter, lastEventId } from '../db/events.js';
import type { VisitorEnv } from '../http/env.js';
import { widgetQuery } from '../http/fields.js';
import { ApiProblem, conversationNotFound } from '../http/problem.js';
import { queryParams } from '../http/validate.js';
import { identifyVisitor } from '../http/visitor.js';
import { requireWidget } from '../http/widget.js';
import type { EventBus } from '../live/bus.js';

/** A comment line at least this often keeps proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/widget/conversations/{id}/events`: the conversation's events as server-sent events
 * (docs/console.md, "Live events") — `message`, `status` and `typing` — each stored one with its
 * id, so a stream that reconnects with `Last-Event-ID` gets what it missed, once and in order.
 * Without it, the stream starts from now. Only the conversation's visitor may open it.
 */
export function conversationEventRoutes(
  db: Database,
  bus: EventBus,
  heartbeatMs = HEARTBEAT_MS,
  attachments?: Attachments,
) {
  return new Hono<VisitorEnv>().get(
    '/conversations/:id/events',
    queryParams(widgetQuery),
    requireWidget(db, 'query'),
    identifyVisitor(db, 'refuse'),
    async (c) => {
      const conversation = await findConversation(db, c.var.widget.id, c.req.param('id'), c.var.visitor.id);
      if (!conversation) throw conversationNotFound();
      const resume = c.req.header('Last-Event-ID');
      if (resume !== undefined && !/^\d{1,18}$/.test(resume)) {
        throw new ApiProblem(400, 'bad_request', 'Last-Event-ID must be the id of an event of this stream.', {
          fields: ['Last-Event-ID'],
        });
      }
      let sent = resume ?? (await lastEventId(db, conversation.id));
      const linked = linkFiles(attachments, c);
      const response = streamSSE(c, async (stream) => {
        // One reader at a time: events go out in order, each once, whatever wakes the reader.
        let reading = Promise.resolve();
        const read = () =>
          (reading = reading
            .then(async () => {
              for (const event of await eventsAfter(db, conversation.id, sent)) {
                const data = event.kind === 'message' ? await linked(event.data) : event.data;
                await stream.writeSSE({ id: event.id, event: event.kind, data: JSON.stringify(data) });
                sent = event.id;
              }
            })
            .catch(() => stream.abort()));
        const unsubscribe = await bus.subscribe(conversation.id, (signal) => {
          if (signal.kind === 'stored') return void read();
          reading = reading.then(() => stream.writeSSE({ event: signal.event, data: JSON.stringify(signal.data) }));
        });
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => {}), heartbeatMs);
        try {
          // At once, so that the headers go out: the client knows the stream is open (and reads
          // the history of what came before it) without waiting for the first event.
          await stream.write(': open\n\n');
          await read(); // what happened since Last-Event-ID, before anything new
          await new Promise<void>((closed) => stream.onAbort(closed));
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
        }
      });
      response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
      return response;
    },
  );
}
