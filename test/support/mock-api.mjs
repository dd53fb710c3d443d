// A small, real HTTP implementation of the widget API (docs/server.md, "The API") that the browser
// tests talk to: the routes are in mock-api-routes.mjs, held to the reference server's behaviour by
// the contract suite (test/contract/); this file adds what the mock is for, scripted faults and
// deterministic answers. It listens on its own port, so every call is
// cross-origin as on a real site (CORS and all), and it closes the connection after each response:
// a browser silently re-sends a request whose reused keep-alive connection dies, which would blur
// the faults below. Every test gets its own namespace (`/mock/<ns>/...`) so tests in three
// browsers at once never see each other's data.
//
// Tests script failures with POST /mock/<ns>/__faults: each fault applies to the next `times`
// requests whose method and path match, and is one of
//   drop         the connection is cut before the server does anything (offline, a lost request)
//   drop-after   the server does the work, then the connection is cut (a lost response: the
//                client retries, and idempotency must keep it from being answered twice)
//   respond      answer { status, headers, body } without doing anything
//   delay        wait `ms`, then do the work and answer normally
//   truncate     do the work, answer 200 with the JSON cut in half
//   cut-body     do the work, announce the full length, send half and cut the connection
// GET /mock/<ns>/__log lists the requests received; GET/POST /mock/<ns>/__state reads or changes
// the stored conversations (to play a human agent).
import { createServer } from 'node:http';
import { Blob } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { addAgentMessage, handle, HttpProblem, MAX_BODY_BYTES, sniff, uploadingVisitor } from './mock-api-routes.mjs';

const spaces = new Map();

function space(ns) {
  if (!spaces.has(ns)) {
    spaces.set(ns, {
      faults: [],
      log: [],
      conversations: new Map(),
      idempotency: new Map(),
      visitors: new Map(),
      feedback: [],
      contacts: [],
      tickets: [],
      attachments: new Map(),
      seq: 0,
      inflight: {},
      maxConcurrent: {},
    });
  }
  return spaces.get(ns);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function takeFault(s, method, path) {
  const i = s.faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || path.includes(f.path)));
  if (i < 0) return undefined;
  const fault = s.faults[i];
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) s.faults.splice(i, 1);
  return fault;
}

const CORS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key, X-Visitor-Token, X-Tenant, X-Custom',
  'Access-Control-Expose-Headers': 'Retry-After, Date, X-Conversation-Id',
  'Access-Control-Max-Age': '600',
  Vary: 'Origin',
};

function send(req, res, status, headers, text) {
  res.writeHead(status, {
    ...CORS,
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    Connection: 'close',
    ...headers,
  });
  res.end(text ?? undefined);
}

function snapshot(s) {
  return {
    conversations: [...s.conversations.values()],
    feedback: s.feedback,
    contacts: s.contacts,
    tickets: s.tickets,
    answered: s.idempotency.size,
    maxConcurrent: s.maxConcurrent,
  };
}

async function route(req, res) {
  const url = new URL(req.url, 'http://mock');
  const match = /^\/mock\/([\w-]+)(\/.*)$/.exec(url.pathname);
  if (!match) return send(req, res, 404, {}, 'not found');
  if (req.method === 'OPTIONS') return send(req, res, 204, {}, null);
  const [, ns, path] = match;
  const s = space(ns);
  const method = req.method;
  if (method === 'POST' && path === '/api/widget/attachments') return upload(s, req, res, url, ns);
  const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  const json = { 'Content-Type': 'application/json' };

  if (path === '/__faults' && method === 'POST') {
    s.faults.push(...JSON.parse(raw));
    return send(req, res, 204, {}, null);
  }
  if (path === '/__log') return send(req, res, 200, json, JSON.stringify(s.log));
  if (path === '/__state') {
    if (method === 'POST') {
      const { conversationId, status, agentMessage, agentMessages = [] } = JSON.parse(raw);
      const c = s.conversations.get(conversationId);
      if (status) c.status = status;
      for (const content of agentMessage ? [agentMessage, ...agentMessages] : agentMessages) {
        addAgentMessage(s, c, content);
      }
    }
    return send(req, res, 200, json, JSON.stringify(snapshot(s)));
  }

  // How many requests to one path were open at once: polling must never overlap itself.
  s.inflight[path] = (s.inflight[path] ?? 0) + 1;
  s.maxConcurrent[path] = Math.max(s.maxConcurrent[path] ?? 0, s.inflight[path]);
  res.on('close', () => (s.inflight[path] -= 1));
  const query = Object.fromEntries(url.searchParams);
  s.log.push({ method, path, query, headers: req.headers, body: raw ? safeJson(raw) : undefined, at: Date.now() });
  const fault = takeFault(s, method, path);
  if (fault?.action === 'drop') return req.socket.destroy();
  if (fault?.action === 'respond') {
    const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? null);
    return send(req, res, fault.status ?? 200, fault.headers ?? json, body);
  }
  if (fault?.action === 'delay') await sleep(fault.ms ?? 1000);

  let result;
  try {
    let body = {};
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES)
      throw new HttpProblem(413, 'bad_request', `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    if (raw) {
      body = safeJson(raw);
      if (typeof body !== 'object' || body === null)
        throw new HttpProblem(400, 'bad_request', 'The body is not a JSON object.');
    }
    result = handle(s, method, path, query, body, req.headers);
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    const { status, code, message, details } = error;
    return send(req, res, status, json, JSON.stringify({ error: { code, message, details } }));
  }
  if (fault?.action === 'drop-after') return req.socket.destroy();
  const text = result.json === undefined ? '' : JSON.stringify(result.json);
  if (fault?.action === 'truncate') return send(req, res, 200, json, text.slice(0, text.length / 2));
  if (fault?.action === 'cut-body') {
    res.writeHead(200, {
      ...CORS,
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      ...json,
      'Content-Length': Buffer.byteLength(text),
    });
    res.write(text.slice(0, text.length / 2));
    setTimeout(() => req.socket.destroy(), 50);
    return;
  }
  return send(req, res, result.status, result.json === undefined ? {} : json, result.json === undefined ? null : text);
}

/**
 * `POST /api/widget/attachments` as the server answers it (docs/server.md, "Attachments"), by the
 * first bytes: PNG, JPEG and PDF are taken, anything else is a 415; over 10 MB a 413. Faults apply.
 */
const TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf'];

async function upload(s, req, res, url, ns) {
  const json = { 'Content-Type': 'application/json' };
  const query = Object.fromEntries(url.searchParams);
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  s.log.push({ method: 'POST', path: '/api/widget/attachments', query, headers: req.headers, at: Date.now() });
  const fault = takeFault(s, 'POST', '/api/widget/attachments');
  if (fault?.action === 'drop') return req.socket.destroy();
  if (fault?.action === 'respond') {
    const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? null);
    return send(req, res, fault.status ?? 200, fault.headers ?? json, text);
  }
  if (fault?.action === 'delay') await sleep(fault.ms ?? 1000);
  const problem = (status, code, message, details) =>
    send(req, res, status, json, JSON.stringify({ error: { code, message, details } }));
  try {
    const visitor = uploadingVisitor(s, req.headers, query);
    const form = await new globalThis.Response(body, {
      headers: { 'Content-Type': req.headers['content-type'] ?? '' },
    }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) return problem(400, 'bad_request', 'The request holds no file.');
    const bytes = Buffer.from(await file.arrayBuffer());
    if (bytes.length > 10485760) {
      return problem(413, 'file_too_large', 'The file is larger than 10 MB.', { maxBytes: 10485760 });
    }
    const contentType = sniff(bytes);
    if (!contentType) {
      // As the server says it: the types taken, and what the file was found to be (text, here).
      const text = !bytes.includes(0) && Buffer.from(bytes.toString('utf8')).equals(bytes);
      const details = { types: TYPES, ...(text ? { detected: 'text/plain' } : {}) };
      return problem(415, 'type_not_allowed', 'This kind of file cannot be sent here.', details);
    }
    const attachmentId = `a_${randomUUID().replaceAll('-', '').slice(0, 22)}`;
    const attachment = {
      attachmentId,
      name: file.name || 'file',
      size: bytes.length,
      contentType,
      url: `http://${req.headers.host}/mock/${ns}/files/${attachmentId}`,
    };
    s.attachments.set(attachmentId, { ...attachment, conversationId: query.conversationId, visitorId: visitor });
    return send(req, res, 201, json, JSON.stringify(attachment));
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return problem(error.status, error.code, error.message);
  }
}

/** Starts the mock on a free loopback port; resolves to its origin and a `close()`. */
export function startMockApi() {
  const server = createServer((req, res) => {
    route(req, res).catch((error) => {
      console.error('mock API:', error);
      if (!res.headersSent)
        send(
          req,
          res,
          500,
          { 'Content-Type': 'application/json' },
          JSON.stringify({ error: { code: 'internal', message: 'Mock failure.' } }),
        );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** A test-runner plugin: runs the mock beside the dev server and serves its origin to the tests. */
export function mockApiPlugin() {
  let mock;
  return {
    name: 'opencx-mock-api',
    async serverStart() {
      mock = await startMockApi();
    },
    async serverStop() {
      await mock?.close();
    },
    serve(context) {
      if (context.path === '/__opencx/mock-origin.js')
        return { body: `export default ${JSON.stringify(mock.origin)};`, type: 'js' };
    },
  };
}

function safeJson(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
