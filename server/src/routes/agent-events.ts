import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { linkFiles, type Attachments } from '../attachments/service.js';
import type { Database } from '../db/database.js';
import { newestEventId, widgetEvents, type WidgetEvent } from '../db/events.js';
import type { AgentEnv } from '../http/env.js';
import { ApiProblem } from '../http/problem.js';
import type { EventBus } from '../live/bus.js';
import { HEARTBEAT_MS } from './conversation-events.js';

/**
 * A stored event as an agent hears it: `message` with its conversation; `conversation` with its
 * new status or assignee; `note` with the team's note.
 */
function shown(event: WidgetEvent) {
  const { conversationId, widgetId } = event;
  const data = event.data as Record<string, unknown>;
  if (event.kind === 'status' || (event.kind === 'team' && 'assignee' in data)) {
    return { event: 'conversation', data: { conversationId, widgetId, ...data } };
  }
  if (event.kind === 'team') return { event: 'note', data: { conversationId, widgetId, ...data } };
  return { event: event.kind, data: { conversationId, widgetId, message: event.data } };
}

/**
 * `GET /api/agent/events` (docs/console.md, "Live events for agents"): every `message` and
 * `conversation` event of the agent's widgets, as it is written, on whichever server process.
 */
export function agentEventRoutes(db: Database, bus: EventBus, heartbeatMs = HEARTBEAT_MS, attachments?: Attachments) {
  return new Hono<AgentEnv>().get('/events', async (c) => {
    const { widgets } = c.var.agent;
    const linked = linkFiles(attachments, c);
    const resume = c.req.header('Last-Event-ID');
    if (resume !== undefined && !/^\d{1,18}$/.test(resume)) {
      throw new ApiProblem(400, 'bad_request', 'Last-Event-ID must be the id of an event of this stream.', {
        fields: ['Last-Event-ID'],
      });
    }
    const from = resume ?? (await newestEventId(db));
    const response = streamSSE(c, async (stream) => {
      let writing = Promise.resolve();
      const send = (events: WidgetEvent[]) => {
        for (const event of events) {
          const { event: name, data } = shown(event);
          writing = writing.then(async () => {
            const message = 'message' in data ? { ...data, message: await linked(data.message) } : data;
            await stream.writeSSE({ id: event.id, event: name, data: JSON.stringify(message) });
          });
        }
      };
      const unsubscribe = await bus.subscribeAll((_, signal) => {
        // Each event is read once, by its id, as it is committed: none is skipped or sent twice.
        if (signal.kind !== 'stored' || !signal.id) return;
        writing = writing.then(async () => send(await widgetEvents(db, widgets, { id: signal.id! })));
      });
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => {}), heartbeatMs);
      try {
        await stream.write(': open\n\n');
        if (resume !== undefined) send(await widgetEvents(db, widgets, { afterId: from }));
        await new Promise<void>((closed) => stream.onAbort(closed));
      } finally {
        clearInterval(heartbeat);
        unsubscribe();
      }
    });
    response.headers.set('Content-Type', 'text/event-stream; charset=utf-8');
    return response;
  });
}
