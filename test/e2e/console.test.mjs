// The human half end to end (docs/console.md): a visitor asks for a person in the demo widget, an
// agent works the conversation in /console/ in another browser context, and each sees the other
// live. On the embedded database with one server, and on PostgreSQL with the visitor on one
// server process and the agent on another. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import sharp from 'sharp';
import { axeViolations } from '../support/axe.mjs';
import { launchChromium, ROOT, startServer } from '../support/server.mjs';

const SHOTS = join(ROOT, 'test-results', 'screenshots');
// The console asks whether it is signed in; before sign-in the answer is 401, which the browser logs.
const SIGNED_OUT = /status of 401 \(Unauthorized\)/;

let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
after(() => browser?.close());

/** A page in a fresh context, counting console errors and Content-Security-Policy violations. */
async function open(t, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  t.after(() => context.close());
  await context.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective));
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => m.type() === 'error' && !SIGNED_OUT.test(m.text()) && errors.push(m.text()));
  t.after(() => assert.deepEqual(errors, [], 'no error in the page or its console'));
  await page.goto(url);
  return page;
}

const violations = (page) => page.evaluate(() => window.violations);

/** A small PNG, as a file to pick. */
const picture = async (name) => ({
  name,
  mimeType: 'image/png',
  buffer: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0f766e' } })
    .png()
    .toBuffer(),
});

async function signIn(page, email, password) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The visitor asks what the docs cannot answer, then asks for a person with `email`. */
async function escalate(page, email) {
  await page.getByRole('button', { name: 'Open chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('What is the best recipe for sourdough bread?');
  await box.press('Enter');
  await page.getByRole('button', { name: 'Talk to a person' }).last().click();
  const form = page.locator('opencx-escalation-form');
  await form.getByRole('textbox', { name: 'Email' }).fill(email);
  await form.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thanks! A person will get back to you soon.').waitFor();
}

/** A conversation waiting for a person, started through the widget API as the widget would. */
async function waitingConversation(base, email) {
  const post = (path, body, headers = {}) =>
    fetch(`${base}/api/widget/${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ widgetId: 'demo', ...body }),
    }).then((r) => r.json());
  const { visitorToken } = await post('visitors', {});
  const headers = { 'X-Visitor-Token': visitorToken };
  const { conversationId } = await post('chat', { message: 'Do you ship to Iceland?' }, headers);
  await post('escalate', { conversationId, email, message: 'Please answer by email.' }, headers);
  return conversationId;
}

/** The whole handover: returns how long the agent's reply took to reach the visitor's page. */
async function handover(t, { visitorBase, consoleBase, email, password, agentName, shots }) {
  const agent = await open(t, `${consoleBase}/console/`, { width: 1400, height: 900 });
  await signIn(agent, email, password);
  const visitor = await open(t, `${visitorBase}/`);
  const visitorEmail = `visitor-${Date.now()}@example.com`;
  await escalate(visitor, visitorEmail);

  // It arrives in the agent's inbox live: nobody reloads the console.
  const item = agent.getByRole('link', { name: new RegExp(visitorEmail) });
  await item.waitFor();
  assert.match(await item.textContent(), /Waiting/);
  await item.click();
  const log = agent.getByRole('log');
  await log.getByText('What is the best recipe for sourdough bread?').waitFor();
  if (shots) await agent.screenshot({ path: join(SHOTS, 'console-01-waiting.png') });

  // Reply from the keyboard: `r` focuses the reply box, Enter sends.
  await agent.keyboard.press('r');
  await agent.keyboard.type('Hello, I am a person: sourdough is not something we sell, but **refunds** are.');
  const sent = Date.now();
  await agent.keyboard.press('Enter');
  const reply = visitor.locator('[part~="message"][data-role="agent"]').filter({ hasText: 'I am a person' });
  await reply.waitFor();
  const delay = Date.now() - sent;
  assert.equal(await reply.locator('.author').textContent(), agentName, 'the visitor sees the agent’s name');
  await visitor
    .locator('[part~="message"]')
    .filter({ hasText: `${agentName} joined the conversation.` })
    .waitFor();

  // The visitor answers; the agent sees it in the open conversation, live.
  const box = visitor.getByRole('textbox', { name: 'Your message' });
  await box.fill('Thanks! How long does a refund take?');
  await box.press('Enter');
  await log.getByText('How long does a refund take?').waitFor();

  // Files both ways: the visitor's screenshot reaches the console, the agent's picture the widget.
  await visitor.locator('input[type=file]').setInputFiles(await picture('error.png'));
  await visitor.locator('[part~="attachment-chip"][data-state="done"]').waitFor();
  await box.fill('This is what I get');
  await box.press('Enter');
  await log.locator('img[alt="error.png"]').waitFor();
  await agent.getByRole('button', { name: 'Reply', exact: true }).click();
  await agent.locator('opencx-console-composer input[type=file]').setInputFiles(await picture('how-to.png'));
  await agent.locator('opencx-console-composer [part~="attachment-chip"][data-state="done"]').waitFor();
  await agent.keyboard.type('Here is where to click.');
  await agent.keyboard.press('Enter');
  const shown = visitor.locator('[part~="attachment-image"] img[alt="how-to.png"]');
  await shown.waitFor();
  await visitor.waitForFunction((img) => img.complete && img.naturalWidth === 40, await shown.elementHandle());

  // A note stays with the team.
  await agent.getByRole('button', { name: 'Note' }).click();
  // Typed into the note box once it takes text: the reply before it may still be on its way (the
  // box is disabled while it sends), and keys typed then would go nowhere.
  const noteBox = agent.getByRole('textbox', { name: 'Note for the team' });
  await noteBox.fill('Checked with billing: five days.');
  await noteBox.press('Enter');
  await log.getByText('Checked with billing: five days.').waitFor();
  if (shots) await agent.screenshot({ path: join(SHOTS, 'console-02-conversation.png') });
  assert.deepEqual(await axeViolations(agent), [], 'the console with a conversation open is axe-clean');

  // The agent closes it; the visitor sees that, and never the note.
  await agent.getByRole('button', { name: 'Close conversation' }).click();
  await visitor
    .locator('[part~="message"]')
    .filter({ hasText: `${agentName} closed the conversation.` })
    .waitFor();
  await agent.getByRole('button', { name: 'Reopen conversation' }).waitFor();
  assert.equal(await visitor.locator('[part~="message"]').filter({ hasText: 'Checked with billing' }).count(), 0);
  if (shots) await visitor.screenshot({ path: join(SHOTS, 'console-03-visitor-closed.png') });
  assert.deepEqual(await violations(agent), [], 'no Content-Security-Policy or Trusted Types violation');
  return delay;
}

describe('the console on one server (embedded database)', () => {
  let server;
  let dataDir;
  let password;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'opencx-console-'));
    server = await startServer({ DATA_DIR: dataDir });
    // As the README tells a newcomer: npm start prints where the console is and how to sign in.
    password = /Agent console: \S+\/console\/ {2}sign in as demo@opencx\.local, password (\S+)/.exec(
      server.output(),
    )?.[1];
    assert.ok(password, `npm start printed the console and the demo agent's password:\n${server.output()}`);
  });
  after(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the sign-in page is locked down and axe-clean; a wrong password is said, and what was typed stays', async (t) => {
    const response = await fetch(`${server.base}/console/`);
    const policy = response.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /require-trusted-types-for 'script'/);
    assert.match(policy, /frame-ancestors 'none'/);
    const page = await open(t, `${server.base}/console/`);
    await page.getByRole('textbox', { name: 'Email' }).fill('demo@opencx.local');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The email or password is not right.' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Email' }).inputValue(), 'demo@opencx.local');
    assert.deepEqual(await axeViolations(page), []);
  });

  test('a visitor asks for a person; the agent sees it arrive, replies, notes and closes, each side live', async (t) => {
    const delay = await handover(t, {
      visitorBase: server.base,
      consoleBase: server.base,
      email: 'demo@opencx.local',
      password,
      agentName: 'Demo agent',
      shots: true,
    });
    t.diagnostic(`the reply reached the visitor's page ${delay} ms after the agent pressed Enter`);
  });

  test('keyboard: j opens the next conversation, / searches; at 200% zoom the console still fits', async (t) => {
    const email = `keyboard-${Date.now()}@example.com`;
    const conversationId = await waitingConversation(server.base, email);
    const page = await open(t, `${server.base}/console/`, { width: 640, height: 450 });
    await signIn(page, 'demo@opencx.local', password);
    await page.getByRole('list', { name: 'Conversations' }).getByRole('link').first().waitFor();
    await page.locator('body').press('j');
    await page.getByRole('log').getByText('Do you ship to Iceland?').waitFor();
    // Waiting conversations come first, newest first: the one just made.
    assert.ok(page.url().endsWith(`#/conversations/${conversationId}`), page.url());
    await page.locator('body').press('/');
    await page.keyboard.type(email);
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/agent/conversations?') && r.url().includes('q='),
    );
    await page.keyboard.press('Enter');
    const found = (await (await searched).json()).conversations;
    assert.deepEqual(
      found.map((c) => c.conversationId),
      [conversationId],
    );
    const links = page.getByRole('list', { name: 'Conversations' }).getByRole('link');
    await page.waitForFunction(
      () =>
        document
          .querySelector('opencx-console')
          .shadowRoot.querySelector('opencx-console-inbox')
          .shadowRoot.querySelectorAll('a.item').length === 1,
    );
    assert.match(await links.first().textContent(), new RegExp(email));
    // Nothing wider than the window: no sideways scrolling at 200% zoom (a 1280 px screen).
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true);
    await page.screenshot({ path: join(SHOTS, 'console-04-zoom.png'), fullPage: true });
    assert.deepEqual(await axeViolations(page), []);
  });

  test('signing out ends the session: the console shows the sign-in form and the agent API refuses', async (t) => {
    const page = await open(t, `${server.base}/console/`);
    await signIn(page, 'demo@opencx.local', password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/agent/conversations')).status);
    assert.equal(status, 401);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  test('questions the bot could not answer are listed, with their conversations', async (t) => {
    const page = await open(t, `${server.base}/console/#/unanswered`);
    await signIn(page, 'demo@opencx.local', password);
    const table = page.getByRole('table', { name: 'Questions the bot could not answer' });
    const row = table.getByRole('row').filter({ hasText: 'What is the best recipe for sourdough bread?' });
    await row.waitFor();
    await row.getByRole('link', { name: 'Conversation 1' }).click();
    await page.screenshot({ path: join(SHOTS, 'console-05-unanswered.png'), fullPage: true });
    await page.getByRole('log').getByText('What is the best recipe for sourdough bread?').waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });
});

const url = process.env.OPENCX_TEST_DATABASE_URL;
if (url) {
  describe('the console on PostgreSQL: the visitor on one server process, the agent on another', () => {
    const schema = new URL(url);
    schema.searchParams.set('options', '-c search_path=console_e2e');
    // One folder of files for both processes, as a shared volume would be (docs/server.md, "Attachments").
    const files = mkdtempSync(join(tmpdir(), 'opencx-console-files-'));
    const env = { DATABASE_URL: schema.href, ATTACHMENTS_DIR: files };
    const instances = [];
    before(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query('drop schema if exists console_e2e cascade');
      await client.query('create schema console_e2e');
      await client.end();
      instances.push(await startServer(env), await startServer(env));
      const cli = (...args) =>
        promisify(execFile)(process.execPath, ['server/dist/cli.js', ...args], {
          cwd: ROOT,
          env: { ...process.env, ...env },
        });
      // Each process seeded the demo widget for its own address: the visitor's page is on the first.
      await cli('widget', 'set', 'demo', ...instances.flatMap((i) => ['--origin', i.base]));
      await cli(
        'agent',
        'add',
        'ana@example.com',
        '--widget',
        'demo',
        '--name',
        'Ana',
        '--password',
        'a long password',
      );
    });
    after(async () => {
      await Promise.all(instances.map((i) => i.stop()));
      rmSync(files, { recursive: true, force: true });
    });

    test('the agent on process B replies to the visitor on process A, and closes', async (t) => {
      const [a, b] = instances;
      const delay = await handover(t, {
        visitorBase: a.base,
        consoleBase: b.base,
        email: 'ana@example.com',
        password: 'a long password',
        agentName: 'Ana',
      });
      t.diagnostic(`across processes, the reply reached the visitor's page ${delay} ms after Enter`);
    });
  });
}
