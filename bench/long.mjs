// Long conversations, side by side with Deep Chat 2.4.2: opening a conversation of 100, 1,000 and
// 10,000 messages, appending one message to it, and what 1,000 messages cost in DOM nodes and JS
// heap. Headless Chromium, the same messages in each, a fresh page per measurement, the two
// widgets interleaved; medians of `rounds`.
//   npm run build && node bench/long.mjs [rounds=5] [--sizes=100,1000,10000] [--serve]
// Ours restores the conversation the way a returning visitor's page does: from the stored snapshot
// (the documented `opencx:<widgetId>:chat` key, docs/core.md "Platform") an earlier page wrote; Deep Chat from its
// documented `history` property. See bench/README.md for what each figure means.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launchChromium, ROOT } from '../test/support/server.mjs';
import { prelude, sendFile } from './page-kit.mjs';
import { brotli, gzip, widgetFiles } from './bundle-files.mjs';

const ROUNDS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const SIZES = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '100,1000,10000').split(',').map(Number);

/** Message `i` of a conversation: questions, and answers with some Markdown, as support chats go. */
function message(i) {
  const user = i % 2 === 0;
  const text = user
    ? `Question ${i}: how do I change the colour of the launcher on my pricing page?`
    : `Answer ${i}: set **primary-color** on the element, or in the dashboard.\n\n- it takes any CSS colour\n- the text colour follows it\n\nSee [the guide](https://example.com/docs/colours) for more.`;
  return { user, text };
}

const PRELUDE = prelude('bench', { greeting: null });

// Both pages: the widget 400 × 600 px, and the same helpers for the harness: `settledText()` (the
// last message's text once it is on screen), `append(text)`, `nodes()` (every node, shadow trees too).
const HELPERS = `
  window.nodes = () => {
    let count = 0;
    const walk = (root) => {
      const w = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let n = w.currentNode; n; n = w.nextNode()) {
        count++;
        if (n.shadowRoot) walk(n.shadowRoot);
      }
    };
    walk(document);
    return count;
  };
  window.longest = 0;
  window.blocking = 0;
  window.lastTaskEnd = 0;
  window.tasks = [];
  new PerformanceObserver((list) => {
    for (const t of list.getEntries()) {
      window.longest = Math.max(window.longest, t.duration);
      window.blocking += Math.max(0, t.duration - 50);
      window.lastTaskEnd = Math.max(window.lastTaskEnd, t.startTime + t.duration);
      window.tasks.push([Math.round(t.startTime), Math.round(t.duration)]);
    }
  }).observe({ type: 'longtask', buffered: true });
  const make = ${message.toString()};
  window.conversation = (n) => Array.from({ length: n }, (_, i) => make(i));
  window.frameEnd = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
`;

const PAGES = {
  // The returning visitor's browser already keeps the conversation: written by a page before.
  seed: `<!doctype html><html lang="en"><body>
    <script>${HELPERS}
      const n = Number(new URLSearchParams(location.search).get('n'));
      localStorage.clear();
      localStorage.setItem('opencx:bench:visitor', JSON.stringify({ visitorId: 'v_bench', visitorToken: 'v_bench.token' }));
      const start = Date.parse('2026-01-01T09:00:00Z');
      localStorage.setItem('opencx:bench:chat', JSON.stringify({
        v: 1,
        session: { id: 'c_bench', status: 'bot' },
        messages: conversation(n).map((m, i) => ({
          id: 'm' + i, role: m.user ? 'user' : 'assistant', content: m.text,
          createdAt: new Date(start + i * 60_000).toISOString(), ...(m.user ? { status: 'sent' } : {}),
        })),
      }));
    </script></body></html>`,
  ours: `<!doctype html><html lang="en"><body>
    <opencx-chat widget-id="bench" mode="inline" open style="display: block; width: 400px; height: 600px"></opencx-chat>
    <script>${HELPERS}</script>
    <script type="module">
      const chat = document.querySelector('opencx-chat');
      chat.setAttribute('api-url', location.origin);
      await import('/dist/embed.js');
      const root = () => chat.shadowRoot?.querySelector('opencx-panel')?.shadowRoot;
      // The bubbles: in the panel's own tree, or (before rendering was made flat) in each message's.
      const bubbles = () => {
        const panel = root();
        if (!panel) return [];
        const flat = [...panel.querySelectorAll('[part~="bubble"]')];
        if (flat.length) return flat;
        return [...panel.querySelectorAll('opencx-message')].flatMap((m) => [...(m.shadowRoot?.querySelectorAll('[part~="bubble"]') ?? [])]);
      };
      window.settledText = () => bubbles().at(-1)?.textContent ?? '';
      window.append = (text) => { void chat.send(text).catch(() => {}); };
      window.appendTarget = () => root();
    </script></body></html>`,
  deepchat: `<!doctype html><html lang="en"><body>
    <script>${HELPERS}</script>
    <script type="module">
      await import('/node_modules/deep-chat/dist/deepChat.bundle.js');
      const n = Number(new URLSearchParams(location.search).get('n'));
      const chat = document.createElement('deep-chat');
      chat.style.cssText = 'display: block; width: 400px; height: 600px';
      chat.history = conversation(n).map((m) => ({ role: m.user ? 'user' : 'ai', text: m.text }));
      chat.connect = { url: location.origin + '/deepchat' };
      document.body.append(chat);
      const messages = () => chat.shadowRoot?.querySelectorAll('.message-bubble') ?? [];
      window.settledText = () => [...messages()].at(-1)?.textContent ?? '';
      window.append = (text) => chat.addMessage({ role: 'user', text });
      window.appendTarget = () => chat.shadowRoot;
    </script></body></html>`,
};

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const json = (body, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    const page = /^\/(seed|ours|deepchat)\.html$/.exec(url.pathname)?.[1];
    if (page) {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(PAGES[page]);
    }
    if (url.pathname === '/api/widget/bench/prelude') return json(PRELUDE);
    if (url.pathname === '/api/widget/conversations/c_bench') {
      return json({ conversationId: 'c_bench', status: 'bot', createdAt: '2026-01-01T09:00:00Z' });
    }
    // The question appended is answered much later: its answer is not part of what is measured.
    if (url.pathname === '/api/widget/chat' || url.pathname === '/deepchat') {
      return void setTimeout(() => json({ error: 'later' }, 503), 30_000);
    }
    sendFile(url.pathname, res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One page of `peer` with a conversation of `n` messages: opening it, then appending one message. */
async function measure(browser, origin, peer, n) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  if (peer === 'ours') await page.goto(`${origin}/seed.html?n=${n}`);
  await page.goto(`${origin}/${peer}.html?n=${n}`);
  const last = n ? message(n - 1).text.slice(0, 12) : null;
  await page.waitForFunction((text) => text === null || globalThis.settledText?.().includes(text), last, {
    timeout: 120_000,
    polling: 50,
  });
  const shownAt = await page.evaluate(() => globalThis.performance.now());
  // Settled: shown, and a second without a long task.
  await page.waitForFunction(() => globalThis.performance.now() - Math.max(globalThis.lastTaskEnd, 0) > 1000, null, {
    timeout: 120_000,
    polling: 100,
  });
  const open = await page.evaluate(
    (shown) => ({
      blocking: globalThis.blocking,
      longest: globalThis.longest,
      settle: Math.max(shown, globalThis.lastTaskEnd),
    }),
    shownAt,
  );
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const nodes = await page.evaluate(() => globalThis.nodes());

  // Appending one message: from the call until it is in the DOM, and until the end of the next frame.
  const before = await metrics();
  const append = await page.evaluate(async () => {
    const text = `Appended ${Math.random().toString(36).slice(2)}`;
    const target = globalThis.appendTarget();
    let inDom = 0;
    const seen = new Promise((resolve) => {
      const observer = new globalThis.MutationObserver(() => {
        // Shadow roots inside the target are not observed: look for the text where it lands.
        if (!JSON.stringify(globalThis.settledText()).includes(text)) return;
        inDom = globalThis.performance.now();
        observer.disconnect();
        resolve();
      });
      observer.observe(target, { subtree: true, childList: true, characterData: true });
      // A message with its own shadow tree fills it after the mutation above: checked again then.
      const poll = () => (inDom ? undefined : (observer.takeRecords(), check()));
      const check = () => {
        if (JSON.stringify(globalThis.settledText()).includes(text)) {
          inDom ||= globalThis.performance.now();
          observer.disconnect();
          resolve();
        } else setTimeout(poll, 1);
      };
      setTimeout(poll, 1);
    });
    const start = globalThis.performance.now();
    globalThis.append(text);
    await seen;
    await globalThis.frameEnd();
    return { toDom: inDom - start, toFrame: globalThis.performance.now() - start };
  });
  const after = await metrics();
  append.styleLayout =
    (after.RecalcStyleDuration - before.RecalcStyleDuration + after.LayoutDuration - before.LayoutDuration) * 1000;
  await context.close();
  return { open, append, heap, nodes };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
if (process.argv.includes('--serve')) {
  console.log(`${origin}/seed.html?n=1000, then ${origin}/ours.html; ${origin}/deepchat.html?n=1000`);
  await new Promise(() => {});
}
const browser = await launchChromium();
const runs = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of [0, ...SIZES]) {
      for (const peer of ['ours', 'deepchat']) {
        (runs[`${peer}:${n}`] ??= []).push(await measure(browser, origin, peer, n));
      }
    }
    process.stderr.write(`round ${round + 1} of ${ROUNDS} done\n`);
  }
} finally {
  await browser.close();
  server.close();
}

const m = (peer, n, pick) => median(runs[`${peer}:${n}`].map(pick));
const rows = [];
const row = (figure, pick, digits = 0) => {
  const deep = pick('deepchat');
  const ours = pick('ours');
  rows.push({ figure, deep, ours, ratio: ours / deep, digits });
};
for (const n of SIZES) {
  const k = n.toLocaleString('en');
  row(`open ${k}: total blocking time (ms)`, (p) => m(p, n, (r) => r.open.blocking));
  row(`open ${k}: longest task (ms)`, (p) => m(p, n, (r) => r.open.longest));
  row(`open ${k}: settled (ms from navigation)`, (p) => m(p, n, (r) => r.open.settle));
}
for (const n of SIZES) {
  const k = n.toLocaleString('en');
  row(`append to ${k}: call → in the DOM (ms)`, (p) => m(p, n, (r) => r.append.toDom), 1);
  row(`append to ${k}: call → end of next frame (ms)`, (p) => m(p, n, (r) => r.append.toFrame), 1);
  row(`append to ${k}: style + layout (ms)`, (p) => m(p, n, (r) => r.append.styleLayout), 1);
}
const per1000 = (pick) => (p) => ((m(p, 1000, pick) - m(p, 0, pick)) * 1) / 1;
if (SIZES.includes(1000)) {
  row(
    'DOM nodes added by 1,000 messages',
    per1000((r) => r.nodes),
  );
  row('JS heap added by 1,000 messages (MB)', (p) => per1000((r) => r.heap)(p) / 2 ** 20, 2);
}

// Bytes: ours as bench/size.mjs counts them (before intent: embed.js and its static imports;
// whole: everything it ever loads, one language); Deep Chat is one bundle, all up front.
const { upFront, ever } = widgetFiles();
const deepBundle = join(ROOT, 'node_modules/deep-chat/dist/deepChat.bundle.js');
const total = (files, size) => files.reduce((sum, f) => sum + size(f), 0) / 1024;
for (const [name, size] of [
  ['gzip', gzip],
  ['brotli', brotli],
]) {
  const deep = size(deepBundle) / 1024;
  rows.push({ figure: `bytes before intent, ${name} (KB)`, deep, ours: total(upFront, size), digits: 1 });
  rows.push({ figure: `bytes of the whole widget, ${name} (KB)`, deep, ours: total(ever, size), digits: 1 });
}
for (const r of rows) r.ratio ??= r.ours / r.deep;

const fmt = (v, digits) => v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
console.log(`Medians of ${ROUNDS}, headless Chromium, widget 400 × 600 px\n`);
console.log('| figure | Deep Chat 2.4.2 | ours | ours / Deep Chat |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  const ratio = Number.isFinite(r.ratio) ? fmt(r.ratio, 2) : '—';
  console.log(`| ${r.figure} | ${fmt(r.deep, r.digits)} | ${fmt(r.ours, r.digits)} | ${ratio} |`);
}
