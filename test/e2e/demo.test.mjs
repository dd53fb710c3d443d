// End to end, as a newcomer meets the product after `npm install && npm start`: the reference
// server (the one npm start runs, on a free port and a fresh database of its own), its demo site
// and the built widget, driven in Chromium. Screenshots of the key states go to
// test-results/screenshots/ (named in the README) for people to look at.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createParser } from 'eventsource-parser';
import { after, before, describe, test } from 'node:test';
import { axeViolations } from '../support/axe.mjs';
import { freePort, launchChromium, ROOT, startServer } from '../support/server.mjs';

const SHOTS = join(ROOT, 'test-results', 'screenshots');

let server;
let browser;
let dataDir;

/**
 * A newcomer's own website, as the README tells them to set it up: a page on its own origin with
 * the script-tag snippet, a widget of theirs that allows that origin, and their own docs in it
 * (server/test/fixtures/kb), made with the CLI before the server starts.
 */
let shop;

async function openShop(chatServer) {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title>
    <script>window.LaunchChatConfig = { widgetId: 'shop', primaryColor: '#047857' };</script>
    <script type="module" src="${chatServer}/dist/embed.js"></script></head>
    <body><main><h1>A shop on its own origin</h1></main></body></html>`;
  const site = createServer((req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(page));
  await new Promise((resolve) => site.listen(shop.port, '127.0.0.1', resolve));
  return site;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'opencx-e2e-'));
  const port = await freePort();
  shop = { port, base: `http://127.0.0.1:${port}` };
  const cli = (...args) =>
    promisify(execFile)(process.execPath, ['server/dist/cli.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
    });
  await cli('widget', 'set', 'shop', '--name', 'Shop help', '--origin', shop.base);
  await cli('kb', 'ingest', 'shop', 'server/test/fixtures/kb', '--base-url', `${shop.base}/help/`);
  server = await startServer({ DATA_DIR: dataDir });
  shop.site = await openShop(server.base);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (shop?.site ? shop.site.close(resolve) : resolve()));
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A page (of the demo, or at `url`) in a fresh context; any uncaught or console error not `ignore`d fails the test. */
async function visit(t, path, viewport = { width: 1280, height: 800 }, url = server.base + path, { ignore } = {}) {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => m.type() === 'error' && !ignore?.test(m.text()) && errors.push(m.text()));
  t.after(() => assert.deepEqual(errors, [], 'no error in the page or its console'));
  await page.goto(url);
  return page;
}

// Animations finished: a screenshot mid-fade shows a half-transparent panel.
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });

/** Opens the chat from its launcher, as a visitor does. */
async function openChat(page) {
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.waitFor();
  return box;
}

/** The whole response of a streamed answer: its `done` event. */
function doneOf(stream) {
  let done;
  const parser = createParser({ onEvent: (event) => event.event === 'done' && (done = JSON.parse(event.data)) });
  parser.feed(stream);
  assert.ok(done, 'the stream ended with its done event');
  return done;
}

/** Asks `question` and waits for the answer to it: the last bubble once the bot has replied. */
async function ask(page, question) {
  const box = page.getByRole('textbox', { name: 'Your message' });
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/widget/chat') && r.request().method() === 'POST');
  await box.fill(question);
  await box.press('Enter');
  const response = await answered;
  assert.equal(response.status(), 200);
  // The widget asks for the answer as a stream, and the server streams it.
  assert.match(response.headers()['content-type'], /^text\/event-stream/);
  // Server-sent events are UTF-8 by definition: decoded as such, whatever the header says.
  const body = doneOf((await response.body()).toString('utf8'));
  // The answer is on screen when its text is: its first line, as the Markdown renders it.
  const firstLine = body.answer.split('\n')[0].replace(/[*`_]/g, '');
  await page
    .locator('[part~="message"]')
    .filter({ hasText: firstLine.slice(0, 40) })
    .last()
    .waitFor();
  return { body, message: page.locator('[part~="message"]').last() };
}

describe('the demo site with the widget, against the reference server', () => {
  test('a visitor opens the chat from the launcher, asks, and gets an answer citing the right docs page', async (t) => {
    const page = await visit(t, '/');
    await shot(page, '01-landing');
    await openChat(page);
    await shot(page, '02-open');
    const { body, message } = await ask(page, "How do I change the widget's colour?");
    assert.equal(body.wasRefused, false);
    const citation = message
      .getByRole('link')
      .filter({ hasText: /Styling/ })
      .first();
    const href = await citation.getAttribute('href');
    assert.match(href, new RegExp(`^${server.base}/docs/styling\\.md#`));
    assert.equal(await citation.getAttribute('target'), '_blank');
    const cited = await page.request.get(href);
    assert.equal(cited.status(), 200, 'the cited page is served');
    await shot(page, '03-answer-with-citation');
  });

  test('the citation opens the docs page at the cited section', async (t) => {
    const page = await visit(t, '/');
    await openChat(page);
    const { body, message } = await ask(page, 'How do I use the widget in Vue?');
    const cited = body.citations[0];
    const [docs] = await Promise.all([
      page.context().waitForEvent('page'),
      message
        .getByRole('link', { name: new RegExp(cited.pageTitle.split(' — ')[0]) })
        .first()
        .click(),
    ]);
    await docs.waitForLoadState();
    assert.equal(docs.url(), cited.pageUrl);
    const anchor = new URL(cited.pageUrl).hash.slice(1);
    const section = docs.locator(`[id="${anchor}"]`);
    assert.equal(await section.count(), 1, `the page has the cited section #${anchor}`);
    assert.ok(await section.isVisible());
    await shot(docs, '04-cited-docs-page');
  });

  test("a newcomer's own site, on another origin, with its own docs: the snippet from the README works", async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${shop.base}/`);
    await openChat(page);
    const { body } = await ask(page, 'How do I add the chat to WordPress?');
    assert.equal(body.wasRefused, false);
    assert.equal(body.citations[0].pageUrl, `${shop.base}/help/install.md#wordpress`);
    assert.deepEqual(errors, []);
    await shot(page, '09-own-site');
  });

  test('on an origin the widget does not allow, the chat says so instead of failing to connect', async (t) => {
    // The shop's widget allows http://127.0.0.1:PORT, not http://localhost:PORT.
    const page = await visit(t, '/', undefined, `http://localhost:${shop.port}/`, {
      ignore: /status of 403|This website may not use this widget/,
    });
    await openChat(page);
    await page.getByText('This chat isn’t available on this website.').waitFor();
    await shot(page, '10-origin-not-allowed');
  });

  test('feedback on an answer reaches the server and shows as chosen', async (t) => {
    const page = await visit(t, '/');
    await openChat(page);
    const { message } = await ask(page, 'Which events can I listen to?');
    const stored = page.waitForResponse((r) => r.url().endsWith('/api/widget/feedback'));
    const helpful = message.getByRole('button', { name: 'Helpful', exact: true });
    await helpful.click();
    assert.equal((await stored).status(), 204);
    await page.waitForFunction(
      () =>
        [
          ...document
            .querySelector('opencx-chat')
            .shadowRoot.querySelector('opencx-panel')
            .shadowRoot.querySelectorAll('[part~="message"]'),
        ]
          .at(-1)
          .querySelector('[part="feedback-button"]')
          .getAttribute('aria-pressed') === 'true',
    );
  });

  test('a question the docs cannot answer is refused politely, and the visitor can hand over to a person', async (t) => {
    const page = await visit(t, '/');
    await openChat(page);
    const { body, message } = await ask(page, 'What is the best recipe for sourdough bread?');
    assert.equal(body.wasRefused, true);
    await message.getByRole('button', { name: 'Talk to a person' }).click();
    const form = page.locator('opencx-escalation-form');
    await form.getByRole('textbox', { name: 'Email' }).fill('ana@example.com');
    const escalated = page.waitForResponse((r) => r.url().endsWith('/api/widget/escalate'));
    await form.getByRole('button', { name: 'Send' }).click();
    const response = await escalated;
    assert.equal(response.status(), 200);
    assert.match((await response.json()).ticketId, /^T-\d+$/);
    await page.getByText('Thanks! A person will get back to you soon.').waitFor();
    await shot(page, '05-escalated');
    // Read as the visitor the page is: with the token the widget kept; without it, nothing.
    const kept = await page.evaluate(() => globalThis.localStorage.getItem('opencx:demo:visitor'));
    const conversationUrl = `${server.base}/api/widget/conversations/${body.conversationId}?widgetId=demo`;
    const conversation = await (
      await fetch(conversationUrl, { headers: { 'X-Visitor-Token': JSON.parse(kept).visitorToken } })
    ).json();
    assert.equal(conversation.status, 'escalated');
    assert.equal((await fetch(conversationUrl)).status, 401, 'a stranger without the token reads nothing');
  });

  test('after a reload the conversation is still there', async (t) => {
    const page = await visit(t, '/');
    await openChat(page);
    await ask(page, 'How do I add the widget to my site?');
    await page.reload();
    await openChat(page);
    await page.locator('[part~="message"]').filter({ hasText: 'How do I add the widget to my site?' }).waitFor();
    await shot(page, '06-after-reload');
  });

  test('in the playground, switching to Arabic lays the panel out right to left', async (t) => {
    const page = await visit(t, '/playground.html');
    await page.getByLabel('Language').selectOption('ar');
    await page.locator('#open-chat').click();
    const panel = page.locator('opencx-panel');
    await panel.getByRole('textbox').waitFor();
    const direction = await panel.evaluate((el) => getComputedStyle(el.shadowRoot.querySelector('.panel')).direction);
    assert.equal(direction, 'rtl');
    assert.equal(await page.locator('opencx-chat').getAttribute('language'), 'ar');
    await shot(page, '07-arabic');
  });

  test('when the rest of the widget fails to load at the first intent, the next intent loads it', async (t) => {
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    let refused = 0;
    // The connection drops for the first request of the runtime chunk only.
    await page.route('**/dist/embed/chat-runtime-*.js', (route) =>
      refused++ === 0 ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.goto(server.base + '/');
    await page.getByRole('button', { name: 'Open chat' }).hover();
    await openChat(page);
    const { body } = await ask(page, 'How do I change the colours?');
    assert.equal(body.wasRefused, false);
    assert.ok(refused >= 2, 'the chunk was asked for again');
  });

  test('the landing page with the chat open is axe-clean', async (t) => {
    const page = await visit(t, '/');
    await openChat(page);
    await ask(page, 'How do I change the colours?');
    assert.deepEqual(await axeViolations(page), []);
  });

  test('on a phone the chat is a full-screen sheet that still answers', async (t) => {
    const page = await visit(t, '/', { width: 360, height: 740 });
    await openChat(page);
    const { body } = await ask(page, 'Does it work with a strict Content-Security-Policy?');
    assert.equal(typeof body.answer, 'string');
    const box = await page.locator('opencx-panel').boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 360, 740]);
    await shot(page, '08-phone');
  });
});
