// A stand-in for an OpenAI-compatible chat-completions endpoint: a service we do not own and
// cannot reach from CI. It answers streamed (what the server asks for), in one piece, failing,
// or cut off midway, and can hold a streamed answer after its first piece.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MODEL_ANSWER = ['Use a ', '**Custom HTML** ', 'block in the footer ', '[1].'];

/**
 * `stream` (what the server asks for), `json` (one piece), `fail` (a 500), `cut` (the connection
 * dropped after the first piece), `unfinished` (the stream ends cleanly but without `[DONE]`),
 * `stall` (the first piece, then silence), `steady` (a piece every 100 ms for a second).
 */
export type ModelMode = 'stream' | 'json' | 'fail' | 'cut' | 'unfinished' | 'stall' | 'steady';

export interface FakeModel {
  baseUrl: string;
  requests: {
    path?: string;
    auth?: string;
    body: { model: string; stream: boolean; messages: { role: string; content: string }[] };
  }[];
  /** How the next request is answered (then back to `stream`). */
  next: ModelMode;
  /** What the next request answers, in pieces (then back to MODEL_ANSWER). */
  answer?: string[];
  /** While set, a streamed answer waits for it after its first piece. */
  hold?: Promise<void>;
  close(): Promise<void>;
}

export async function startFakeModel(): Promise<FakeModel> {
  const model = { requests: [], next: 'stream' } as unknown as FakeModel;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      model.requests.push({ path: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      const mode = model.next;
      const pieces = model.answer ?? MODEL_ANSWER;
      model.next = 'stream';
      model.answer = undefined;
      if (mode === 'fail') return void res.writeHead(500).end('{"error":"overloaded"}');
      if (mode === 'json') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(
          JSON.stringify({ choices: [{ message: { role: 'assistant', content: pieces.join('') } }] }),
        );
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const send = (content: string) => res.write(`data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`);
      send(pieces[0]!);
      await model.hold;
      if (mode === 'cut') return void res.destroy();
      if (mode === 'stall') return void setTimeout(() => res.destroy(), 5000);
      for (const piece of pieces.slice(1)) {
        if (mode === 'steady') await new Promise((resolve) => setTimeout(resolve, 1000 / pieces.length));
        send(piece);
      }
      res.end(mode === 'unfinished' ? '' : 'data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  model.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  model.close = () => new Promise((resolve) => server.close(() => resolve()));
  return model;
}
