// The app over real HTTP on a free loopback port, and a client for it that reads any response.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Served {
  base: string;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 at a free port. */
export function listen(app: Pick<Hono, 'fetch'>): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

export interface Reply {
  status: number;
  headers: Headers;
  // Tests read whatever the API answered: the shape is what they assert.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as it is, as JSON (malformed on purpose, or too large). */
  raw?: string;
  headers?: Record<string, string>;
}

/** `method path` against `base`; a JSON body gets its Content-Type. */
export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const { body, raw, headers = {} } = options;
  const hasBody = body !== undefined || raw !== undefined;
  const response = await fetch(base + path, {
    method,
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** The events of a server-sent event stream, as they arrive. */
export async function* events(response: Response): AsyncGenerator<{ event: string; data: unknown }> {
  for await (const block of sseBlocks(response)) {
    if (block.event !== undefined) yield { event: block.event, data: block.data };
  }
}

/** Every block of a server-sent event stream as it arrives: an event (with its id, if any), or a comment line. */
export async function* sseBlocks(
  response: Response,
): AsyncGenerator<{ id?: string; event?: string; data?: unknown; comment?: string }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, 'm').exec(block)?.[1];
      const data = field('data');
      yield {
        id: field('id'),
        event: field('event'),
        data: data === undefined ? undefined : JSON.parse(data),
        comment: /^:(.*)$/m.exec(block)?.[1]?.trim(),
      };
    }
  }
}
