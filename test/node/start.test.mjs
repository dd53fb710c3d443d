// The server `npm start` runs, as a process: what a newcomer gets after `npm install && npm start`
// (npm test builds first, so dist/ and server/dist/ exist).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { freePort, ROOT, startServer } from '../support/server.mjs';

let child;
let base;
let port;

/** The server as a process that is expected to stop on its own (a start-up error). */
function spawnServer(env) {
  return spawn(process.execPath, ['server/dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

before(async () => {
  ({ child, port, base } = await startServer({ DATA_DIR: 'memory' }));
});

after(() => child.exitCode === null && child.kill('SIGKILL'));

test('serves the demo page and the self-contained widget', async () => {
  const page = await fetch(base + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<opencx-chat id="chat" widget-id="demo">/);
  const embed = await fetch(base + '/dist/embed.js');
  assert.equal(embed.status, 200);
  assert.match(embed.headers.get('content-type'), /javascript/);
  assert.doesNotMatch(await embed.text(), /from\s*["'](lit|rxjs|valibot|marked)["']/, 'no bare imports left');
  // Other websites load it: a module script is fetched with CORS.
  const elsewhere = await fetch(base + '/dist/embed.js', { headers: { Origin: 'https://shop.example' } });
  assert.equal(elsewhere.headers.get('access-control-allow-origin'), '*');
});

const ask = async (message) => {
  const response = await fetch(base + '/api/widget/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ widgetId: 'demo', message }),
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), base);
  return response.json();
};

/** The elements of an HTML page, parsed. */
const elementsOf = (html) => DomUtils.findAll(() => true, parseDocument(html).children);

/** Fetches a cited URL as a browser would: an HTML page, with an element whose id is the anchor. */
async function assertCitedPageLands(pageUrl) {
  const url = new URL(pageUrl);
  const page = await fetch(url, { headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200, `${pageUrl} is served`);
  assert.match(page.headers.get('content-type'), /^text\/html/, `${pageUrl} is an HTML page`);
  const elements = elementsOf(await page.text());
  assert.ok(
    elements.some((e) => e.name === 'main'),
    `${pageUrl} is a page of the site`,
  );
  if (url.hash) {
    const anchor = decodeURIComponent(url.hash.slice(1));
    assert.ok(
      elements.some((e) => e.attribs.id === anchor),
      `${pageUrl}: the page has an element with the id "${anchor}"`,
    );
  }
}

test('the demo widget answers "How do I change the widget\'s colour?" citing the styling page', async () => {
  const answer = await ask("How do I change the widget's colour?");
  assert.equal(answer.wasRefused, false);
  assert.match(answer.citations[0].pageUrl, new RegExp(`^${base}/docs/styling\\.md#`));
  await assertCitedPageLands(answer.citations[0].pageUrl);
});

test('every citation of an answer opens its docs page as HTML, at the section it cites', async () => {
  const questions = [
    'Which events can I listen to?',
    'How do I add the chat with a script tag?',
    'Can the chat speak Arabic, right to left?',
    'How do I use the widget in Vue?',
    'How do I run the server on PostgreSQL?',
  ];
  let cited = 0;
  for (const question of questions) {
    const answer = await ask(question);
    for (const { pageUrl } of [...answer.citations, ...answer.relatedArticles]) {
      await assertCitedPageLands(pageUrl);
      if (new URL(pageUrl).hash) cited++;
    }
  }
  assert.ok(cited >= questions.length, `the answers cite sections (${cited})`);
});

test('/docs/ lists the docs pages; unknown pages and paths out of docs/ are not served', async () => {
  const index = await fetch(`${base}/docs/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
  const links = elementsOf(await index.text())
    .filter((e) => e.name === 'a')
    .map((e) => e.attribs.href);
  for (const page of ['core', 'elements', 'embed', 'frameworks', 'react', 'server', 'styling']) {
    assert.ok(links.includes(`/docs/${page}.md`), `/docs/ links to ${page}.md`);
  }
  const bare = await fetch(`${base}/docs`, { redirect: 'manual' });
  assert.equal(bare.headers.get('location'), '/docs/');
  const missing = await fetch(`${base}/docs/nothing-here.md`);
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /No such page/);
  for (const path of ['/docs/..%2fREADME.md', '/docs/%2e%2e/README.md', '/docs/..%2fpackage.json']) {
    const response = await fetch(base + path);
    assert.equal(response.status, 404, path);
  }
  const image = await fetch(`${base}/docs/images/styling-light.png`);
  assert.equal(image.status, 200, 'the images beside the docs are served');
  assert.equal(image.headers.get('content-type'), 'image/png');
});

const PAGES = ['/', '/help-centre.html', '/playground.html', '/script-tag.html', '/frameworks.html'];

test('the demo pages and the docs share one site navigation, each page marked as the current one', async () => {
  const navs = [];
  for (const path of [...PAGES, '/docs/', '/docs/styling.md']) {
    const response = await fetch(base + path);
    assert.equal(response.status, 200, path);
    const elements = elementsOf(await response.text());
    const nav = elements.find((e) => e.name === 'nav' && e.attribs['aria-label'] === 'Site');
    assert.ok(nav, `${path} has the site navigation`);
    const links = DomUtils.findAll((e) => e.name === 'a', nav.children);
    navs.push(links.map((a) => a.attribs.href).join(' '));
    const current = links.filter((a) => a.attribs['aria-current']).map((a) => a.attribs.href);
    assert.deepEqual(current, [path.startsWith('/docs/') ? '/docs/' : path], `${path} marks itself`);
    assert.ok(
      elements.some((e) => e.name === 'main' && e.attribs.id === 'content'),
      `${path}: the skip link has its target`,
    );
  }
  assert.equal(new Set(navs).size, 1, 'the same links everywhere');
});

test('the demo pages run under a strict Content-Security-Policy: no inline script, style or handler', async () => {
  for (const path of PAGES) {
    const elements = elementsOf(await (await fetch(base + path)).text());
    for (const element of elements) {
      if (element.name === 'script') assert.ok(element.attribs.src, `${path}: an inline <script>`);
      assert.notEqual(element.name, 'style', `${path}: a <style> element`);
      for (const name of Object.keys(element.attribs)) {
        assert.ok(name !== 'style' && !/^on/.test(name), `${path}: <${element.name} ${name}>`);
      }
    }
  }
});

test('the demo pages have the ids the end-to-end tests drive', async () => {
  const ids = async (path) =>
    elementsOf(await (await fetch(base + path)).text())
      .map((e) => e.attribs.id)
      .filter(Boolean);
  const playground = await ids('/playground.html');
  for (const id of ['color', 'theme', 'position', 'language', 'mode', 'chat', 'snippet-element', 'snippet-config']) {
    assert.ok(playground.includes(id), `playground: #${id}`);
  }
  const languages = elementsOf(await (await fetch(`${base}/playground.html`)).text())
    .filter((e) => e.name === 'option' && e.parent?.attribs?.id === 'language')
    .map((e) => e.attribs.value);
  assert.deepEqual(languages, ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it', 'ja', 'zh', 'ar', 'he']);
  const scriptTag = await ids('/script-tag.html');
  for (const id of ['open', 'close', 'destroy', 'init', 'init-config', 'log-events', 'log']) {
    assert.ok(scriptTag.includes(id), `script-tag: #${id}`);
  }
  assert.ok((await ids('/')).includes('ask'));
  const help = await (await fetch(`${base}/help-centre.html`)).text();
  assert.match(help, /<opencx-chat id="help-chat" mode="inline" widget-id="demo">/);
});

test("the framework examples' sources are served as text a browser shows", async () => {
  for (const path of [
    '/frameworks/vue/src/App.vue',
    '/frameworks/react/src/App.tsx',
    '/frameworks/angular/src/main.ts',
  ]) {
    const response = await fetch(base + path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8', path);
  }
});

test('the demo widget refuses what the docs do not cover', async () => {
  const answer = await ask('What is the best recipe for sourdough bread?');
  assert.equal(answer.wasRefused, true);
  assert.deepEqual(answer.citations, []);
});

test('other websites may not use the demo widget', async () => {
  const response = await fetch(base + '/api/widget/demo/prelude', { headers: { Origin: 'https://elsewhere.example' } });
  assert.equal(response.status, 403);
  assert.equal((await response.json()).error.code, 'origin_not_allowed');
});

test('stops cleanly on SIGTERM: a request under way finishes first', async () => {
  // A visitor's message half sent when the signal comes.
  const body = JSON.stringify({ widgetId: 'demo', message: 'How do I change the colours?' });
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    `POST /api/widget/chat HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
  );
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  // The rest of the body, without closing our side: a client half-closing would make Node's HTTP
  // server drop the request (no half-open connections), which is not what browsers do.
  socket.write(body.slice(20));
  let response = '';
  for await (const chunk of socket) response += chunk;
  assert.match(response, /^HTTP\/1\.1 200 /);
  assert.match(response, /"wasRefused":false/);
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  await assert.rejects(fetch(base + '/'), 'no new requests after the stop');
});

test('a restart with the same DATA_DIR keeps conversations', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opencx-data-'));
  try {
    const run = async () => {
      const { child: server, base: url } = await startServer({ DATA_DIR: dataDir });
      return { server, url };
    };
    const first = await run();
    const created = await (
      await fetch(`${first.url}/api/widget/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ widgetId: 'demo', message: 'How do I install it?' }),
      })
    ).json();
    first.server.kill('SIGTERM');
    assert.equal((await once(first.server, 'exit'))[0], 0);
    const second = await run();
    const history = await (
      await fetch(`${second.url}/api/widget/conversations/${created.conversationId}/messages?widgetId=demo`, {
        // The visitor's token outlives the restart: the signing secret is in the data directory.
        headers: { 'X-Visitor-Token': created.visitorToken },
      })
    ).json();
    assert.deepEqual(
      history.messages.map((m) => m.role),
      ['user', 'assistant'],
    );
    second.server.kill('SIGTERM');
    await once(second.server, 'exit');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('your own docs: npm run widget and npm run kb, then the server answers from them', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opencx-cli-'));
  const cli = (...args) =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, ['server/dist/cli.js', ...args], {
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      p.stdout.on('data', (c) => (out += c));
      p.stderr.on('data', (c) => (out += c));
      p.on('exit', (code) => resolve({ code, out }));
    });
  try {
    const p = await freePort();
    const origin = `http://localhost:${p}`;
    assert.deepEqual(await cli('widget', 'set', 'shop', '--name', 'Shop help', '--origin', origin), {
      code: 0,
      out: 'Widget "shop" saved.\n',
    });
    const ingested = await cli(
      'kb',
      'ingest',
      'shop',
      'server/test/fixtures/kb',
      '--base-url',
      'https://shop.example/help/',
    );
    assert.equal(ingested.code, 0);
    assert.match(ingested.out, /Ingested 4 pages \(\d+ sections\) into "shop"/);
    const wrong = await cli('widget', 'set', 'shop', '--theme', 'purple');
    assert.equal(wrong.code, 1);
    assert.match(wrong.out, /--theme must be one of light, dark, auto, got "purple"/);

    const { child: server } = await startServer({ PORT: String(p), DATA_DIR: dataDir });
    const answer = await (
      await fetch(`${origin}/api/widget/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ widgetId: 'shop', message: 'How do I install it on WordPress?' }),
      })
    ).json();
    assert.equal(answer.citations[0].pageUrl, 'https://shop.example/help/install.md#wordpress');
    // The embedded database is the server's while it runs: a command refuses, and nothing hangs.
    const busy = await cli('widget', 'list');
    assert.equal(busy.code, 1);
    assert.match(busy.out, /is open in another process \(pid \d+\), such as the running server/);
    const still = await fetch(`${origin}/api/widget/shop/prelude`);
    assert.equal(still.status, 200, 'the server still answers');
    server.kill('SIGTERM');
    await once(server, 'exit');
    const tickets = await cli('tickets', 'list', 'shop');
    assert.deepEqual(tickets, { code: 0, out: 'No tickets.\n' });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('says clearly when the PostgreSQL of DATABASE_URL cannot be reached, and stops', async () => {
  const other = spawnServer({
    PORT: String(await freePort()),
    DATABASE_URL: `postgres://nobody:x@127.0.0.1:${await freePort()}/none`,
  });
  let errors = '';
  other.stderr.on('data', (chunk) => (errors += chunk));
  const [code] = await once(other, 'exit');
  assert.equal(code, 1);
  assert.match(errors, /Could not open the PostgreSQL server of DATABASE_URL: .*ECONNREFUSED/);
});
