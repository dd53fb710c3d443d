import type { ApiMessage, Assignee, Note, Status } from './types.js';

// The agent's live events (docs/console.md, "Live events for agents"), by the browser's own
// EventSource: it sends the session cookie and, when it reconnects, Last-Event-ID, so nothing
// written meanwhile is missed.

export type AgentEvent =
  | { kind: 'message'; conversationId: string; widgetId: string; message: ApiMessage }
  /** A change of status, or of assignee (then `status` is absent). */
  | { kind: 'conversation'; conversationId: string; widgetId: string; status?: Status; assignee?: Assignee | null }
  | { kind: 'note'; conversationId: string; widgetId: string; note: Note };

export interface LiveHandlers {
  event(event: AgentEvent): void;
  /** Whether the stream is connected; after a gap the console reloads what it shows. */
  connected(open: boolean): void;
}

/** Listens until the returned function is called. */
export function listen(handlers: LiveHandlers): () => void {
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    source = new EventSource('/api/agent/events');
    source.addEventListener('open', () => handlers.connected(true));
    source.addEventListener('message', (e) => handlers.event({ kind: 'message', ...JSON.parse(e.data) }));
    for (const kind of ['conversation', 'note'] as const) {
      source.addEventListener(kind, (e) => handlers.event({ kind, ...JSON.parse(e.data) }));
    }
    source.addEventListener('error', () => {
      handlers.connected(false);
      // EventSource retries a dropped stream itself; a refused one (the server restarting, a 5xx)
      // it gives up on, so the console starts again a little later.
      if (source?.readyState === EventSource.CLOSED) retry = setTimeout(open, 3000);
    });
  };
  open();
  return () => {
    clearTimeout(retry);
    source?.close();
  };
}
