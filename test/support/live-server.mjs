// The reference server with a language model behind it, for the browser suites that must meet the
// real thing (streamed answers): the server in this process on an embedded PostgreSQL in memory,
// answering widget `live` from the test knowledge base; a fake OpenAI-compatible model (the one
// boundary we do not own) that writes its answer in timed pieces; and in front of the server a
// small proxy that can cut a response halfway, as a dropped connection would.
//
// Tests script an answer with POST <origin>/__script { id, pieces, delayMs, cutAfterDeltas } and
// then ask a question containing `script-<id>`: the model writes those pieces `delayMs` apart,
// and the proxy cuts the first response to that question once `cutAfterDeltas` pieces went
// through (the retry then gets through whole). Ids keep three browsers' tests apart. A script's
// `faults` (names of test/support/proxy-faults.mjs) are done, one a request, to the requests that
// carry its question before they pass through as usual; `GET /__conversation?id=` reads a
// conversation as the server stored it.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { SignJWT } from 'jose';
import {
  addAgent,
  createAgentToken,
  createApp,
  diskStore,
  createLlmAnswerer,
  ensureIdentitySecret,
  hashPassword,
  ingestFolder,
  migrate,
  openEmbedded,
  upsertWidget,
} from '@opencx/server';
import { FAULTS } from './proxy-faults.mjs';

const KB = fileURLToPath(new URL('../../server/test/fixtures/kb/', import.meta.url));
const DEFAULT_PIECES = ['Install it ', 'from npm ', '[1].'];
const scripts = new Map();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const scriptIn = (text) => scripts.get(/\bscript-([a-z0-9]+)\b/i.exec(text)?.[1] ?? '');

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Writes each scripted answer in its pieces, as a streaming chat completion. */
async function startModel() {
  const server = createServer(async (req, res) => {
    const body = JSON.parse((await readBody(req)).toString('utf8'));
    const question = body.messages?.at(-1)?.content ?? '';
    const { pieces = DEFAULT_PIECES, delayMs = 0 } = scriptIn(question) ?? {};
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (const [i, piece] of pieces.entries()) {
      if (i > 0 && delayMs) await sleep(delayMs);
      if (res.destroyed) return;
      res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  });
  return { server, baseUrl: `http://127.0.0.1:${await listen(server)}/v1` };
}

/**
 * Forwards to the server; cuts a scripted response after its `cutAfterDeltas` pieces, once.
 * `POST /__agent-reply { conversationId, content }` replies as the agent Ana through the agent API
 * (`/__agent-typing { conversationId }`: Ana is typing)
 * (which answers no CORS: a test page could not call it), with the status it got.
 * `POST /__contact-token { sub, name?, email?, expiresIn }` answers a contact token for widget
 * `live`, signed as a customer's backend signs it (docs/console.md, "Verified contacts").
 */
function startProxy(target, agentToken, identitySecret) {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/__contact-token') {
      const { expiresIn, ...claims } = JSON.parse(body.toString('utf8'));
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(expiresIn)
        .sign(new TextEncoder().encode(identitySecret));
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      return void res.end(token);
    }
    if (req.url === '/__agent-reply' || req.url === '/__agent-typing') {
      const { conversationId, content } = JSON.parse(body.toString('utf8'));
      const action = req.url === '/__agent-reply' ? 'messages' : 'typing';
      const reply = await fetch(`http://127.0.0.1:${target}/api/agent/conversations/${conversationId}/${action}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${agentToken}` },
        body: action === 'messages' ? JSON.stringify({ content }) : undefined,
      });
      res.writeHead(reply.status, { 'Access-Control-Allow-Origin': '*' });
      return void res.end();
    }
    if (req.url.startsWith('/__conversation?')) {
      const id = new URL(req.url, 'http://proxy').searchParams.get('id');
      const stored = await fetch(`http://127.0.0.1:${target}/api/agent/conversations/${id}`, {
        headers: { Authorization: `Bearer ${agentToken}` },
      });
      res.writeHead(stored.status, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'application/json' });
      return void res.end(await stored.text());
    }
    if (req.url === '/__script') {
      const script = JSON.parse(body.toString('utf8'));
      scripts.set(script.id, script);
      // A simple cross-origin request (text/plain): no preflight needed.
      res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
      return void res.end();
    }
    const script = scriptIn(body.toString('utf8'));
    const forward = (onAnswer) => {
      const upstream = request(
        { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
        onAnswer,
      );
      upstream.on('error', () => res.socket?.destroy());
      upstream.end(body);
    };
    const fault = script?.faults?.shift();
    if (fault) return void FAULTS[fault](req, res, forward);
    const cutAfter = script?.cutAfterDeltas;
    if (cutAfter !== undefined) script.cutAfterDeltas = undefined;
    forward((answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      if (cutAfter === undefined) return void answer.pipe(res);
      // Event by event, so that the cut comes right after the last piece allowed, however the
      // server's writes were grouped into chunks on a busy machine.
      let pending = '';
      let deltas = 0;
      answer.setEncoding('utf8');
      answer.on('data', (text) => {
        pending += text;
        let end;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = pending.slice(0, end + 2);
          pending = pending.slice(end + 2);
          if (event.startsWith('event: delta') && ++deltas >= cutAfter) {
            // The connection drops once the words are in the browser: written, then a moment for
            // the browser to take them in (WebKit drops what it holds on a reset), then cut.
            answer.destroy();
            res.write(event, () => setTimeout(() => res.socket?.destroy(), 300));
            return;
          }
          res.write(event);
        }
      });
      answer.on('end', () => res.end(pending));
    });
  });
  return listen(server).then((port) => ({ server, origin: `http://127.0.0.1:${port}` }));
}

async function startLive() {
  const db = await openEmbedded('memory');
  await migrate(db);
  await upsertWidget(db, {
    id: 'live',
    name: 'Live widget',
    bot_name: 'Ada',
    kb_base_url: 'https://docs.example/',
    rate_limit_per_minute: 10_000,
    daily_quota: 1_000_000,
    client_quota_share: 1,
    // The model is asked whenever the docs match at all: these tests are about how its answer travels.
    refusal_threshold: 0,
  });
  await ingestFolder(db, 'live', KB, 'https://docs.example/');
  const { agent } = await addAgent(db, {
    email: 'ana@live.example',
    widgetId: 'live',
    name: 'Ana',
    passwordHash: await hashPassword('a long password'),
  });
  const agentToken = await createAgentToken(db, agent.id);
  const { secret } = await ensureIdentitySecret(db, 'live', false);
  const model = await startModel();
  const silent = { warn() {}, error() {} };
  const answerer = createLlmAnswerer({ apiKey: 'test', baseUrl: model.baseUrl }, silent);
  // Attachments kept in a folder of this run's own, gone with it.
  const files = mkdtempSync(join(tmpdir(), 'opencx-live-files-'));
  process.once('exit', () => rmSync(files, { recursive: true, force: true }));
  const app = serve({
    fetch: createApp({ db, answerer, log: silent, files: diskStore(files) }).fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => app.once('listening', resolve));
  const proxy = await startProxy(app.address().port, agentToken, secret);
  return {
    origin: proxy.origin,
    async close() {
      for (const server of [proxy.server, app, model.server]) {
        server.closeAllConnections?.();
        await new Promise((resolve) => server.close(resolve));
      }
      await db.close();
    },
  };
}

/** The running live server, once the plugin started it. */
let live;

export function liveServerPlugin() {
  return {
    name: 'opencx-live-server',
    async serverStart() {
      live = await startLive();
    },
    async serverStop() {
      await live?.close();
    },
    serve(context) {
      if (context.path === '/__opencx/live-origin.js')
        return { body: `export default ${JSON.stringify(live.origin)};`, type: 'js' };
    },
  };
}

/**
 * The agent API of the live server on the test pages' own origin, as the console has it on the
 * server it is served from (it answers no CORS): `/api/agent/*` is passed through, streams too.
 */
export function agentApiProxy() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/api/agent/') || !live) return next();
    ctx.respond = false;
    const target = new URL(live.origin);
    await new Promise((resolve) => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: ctx.method, path: ctx.url, headers: ctx.req.headers },
        (answer) => {
          ctx.res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(ctx.res);
          answer.on('close', resolve);
        },
      );
      upstream.on('error', () => {
        ctx.res.destroy();
        resolve();
      });
      ctx.res.on('close', () => upstream.destroy());
      ctx.req.pipe(upstream);
    });
  };
}
