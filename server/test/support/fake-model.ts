// A stand-in for an OpenAI-compatible chat-completions and embeddings endpoint: a service we do
// not own and cannot reach from CI. It answers streamed (what the server asks for), in one piece,
// failing, or cut off midway, and can hold a streamed answer after its first piece; it embeds
// texts by a small table of words that mean the same.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Words that mean the same to the fake embedding model, though they share no letters: what
 * search by words cannot find and search by meaning can.
 */
const SAME_MEANING: Record<string, string> = {
  money: 'refund',
  refund: 'refund',
  refunds: 'refund',
  reimbursed: 'refund',
  invoices: 'invoice',
  bill: 'invoice',
  login: 'password',
  log: 'password',
  password: 'password',
  forgotten: 'password',
  brand: 'colour',
  colour: 'colour',
  color: 'colour',
  palette: 'colour',
};

/** A stand-in for a text's embedding: its words' meanings, hashed into 256 dimensions, not normalised. */
export function fakeEmbedding(text: string): number[] {
  const vector = Array.from({ length: 256 }, () => 0.01);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const meaning = SAME_MEANING[word] ?? word;
    let hash = 7;
    for (const char of meaning) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
    vector[hash % 256]! += SAME_MEANING[word] ? 5 : 1;
  }
  return vector;
}

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
    body: { model: string; stream: boolean; messages: { role: string; content: string }[]; input?: string[] };
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
      if (req.url === '/v1/embeddings') {
        if (mode === 'stall') return void setTimeout(() => res.destroy(), 5000);
        const { input } = JSON.parse(body) as { input: string[] };
        // In reverse, each with its place: the server must not rely on the order.
        const data = input.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) }));
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ object: 'list', data: data.reverse(), model: 'fake' }));
      }
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
