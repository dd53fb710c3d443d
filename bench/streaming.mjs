// What a streamed answer costs the page: 2,000 tokens at 100 tokens a second, written into our
// widget and into Deep Chat 2.4.2 in the same run, headless Chromium, the same tokens from a
// local server in each one's streaming format. Main-thread busy time (CDP's TaskDuration, the
// whole page) over the stream, and per token near the start and near the end of the answer.
//   npm run build && node bench/streaming.mjs [rounds=3] [--serve: only serve the two pages]
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { launchChromium } from '../test/support/server.mjs';
import { prelude, sendFile } from './page-kit.mjs';

const TOKENS = 2000;
const PER_SECOND = 100;
const WINDOW_S = 3; // "near the start" and "near the end": the first and last three seconds
const ROUNDS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);

/** The answer, in pieces: words, a paragraph break every 40, some Markdown. */
const tokens = Array.from({ length: TOKENS }, (_, i) => {
  if (i % 40 === 39) return 'end.\n\n';
  if (i % 13 === 0) return `**word${i}** `;
  return `word${i} `;
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const PRELUDE = prelude('bench');

const PAGES = {
  ours: `<!doctype html><html lang="en"><body>
    <opencx-chat widget-id="bench" api-url="" mode="inline" open persist-session="false"></opencx-chat>
    <script type="module">
      import '/dist/embed.js';
      const chat = document.querySelector('opencx-chat');
      chat.setAttribute('api-url', location.origin);
      window.ask = async () => { await chat.load(); void chat.send('Tell me everything'); };
      // How much of the answer is on screen: the text of the last message's bubble.
      window.shown = () => {
        const panel = chat.shadowRoot.querySelector('opencx-panel');
        return [...(panel?.shadowRoot.querySelectorAll('[part~="bubble"]') ?? [])].at(-1)?.textContent ?? '';
      };
    </script></body></html>`,
  deepchat: `<!doctype html><html lang="en"><body>
    <deep-chat style="width: 400px; height: 600px"></deep-chat>
    <script type="module">
      import '/node_modules/deep-chat/dist/deepChat.bundle.js';
      const chat = document.querySelector('deep-chat');
      chat.connect = { url: location.origin + '/deepchat', stream: true };
      window.ask = async () => {
        await customElements.whenDefined('deep-chat');
        await new Promise((r) => setTimeout(r, 200));
        chat.submitUserMessage({ text: 'Tell me everything' });
      };
      window.shown = () => chat.shadowRoot?.textContent ?? '';
    </script></body></html>`,
};

async function streamTokens(res, format) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Access-Control-Allow-Origin': '*' });
  const start = performance.now();
  for (const [i, text] of tokens.entries()) {
    const due = start + (i * 1000) / PER_SECOND;
    if (due > performance.now()) await sleep(due - performance.now());
    res.write(
      format === 'ours'
        ? `event: delta\ndata: ${JSON.stringify({ text })}\n\n`
        : `data: ${JSON.stringify({ text })}\n\n`,
    );
  }
  if (format === 'ours') {
    const response = {
      conversationId: '00000000-0000-4000-8000-000000000001',
      messageId: '00000000-0000-4000-8000-000000000002',
      answer: tokens.join(''),
      citations: [],
      relatedArticles: [],
      confidenceScore: 0.9,
      wasRefused: false,
    };
    res.write(`event: done\ndata: ${JSON.stringify(response)}\n\n`);
  }
  res.end();
}

function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const json = (body) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    if (url.pathname === '/ours.html' || url.pathname === '/deepchat.html') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end(PAGES[url.pathname === '/ours.html' ? 'ours' : 'deepchat']);
    }
    if (url.pathname === '/api/widget/visitors') return json({ visitorId: 'v_bench', visitorToken: 'v_bench.token' });
    if (url.pathname === '/api/widget/bench/prelude') return json(PRELUDE);
    if (url.pathname === '/api/widget/chat') return void streamTokens(res, 'ours');
    if (url.pathname === '/deepchat') return void streamTokens(res, 'deepchat');
    sendFile(url.pathname, res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function measure(browser, origin, peer) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${origin}/${peer}.html`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  await page.waitForFunction(() => typeof globalThis.ask === 'function');
  await page.evaluate(() => globalThis.ask());
  // Sampled every second from the moment the question leaves; the answer takes TOKENS / PER_SECOND.
  const samples = [await busy()];
  const shown = [];
  const seconds = Math.ceil(TOKENS / PER_SECOND) + 1;
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    samples.push(await busy());
    shown.push(await page.evaluate(() => (globalThis.shown().match(/word\d+/g) ?? []).length));
  }
  await page.close();
  // The figures mean something only if the answer really grew on screen, second by second, to its end.
  const last = tokens.filter((t) => t.startsWith('word') || t.startsWith('**word')).length;
  if (shown.at(-1) < last || shown[Math.floor(seconds / 2)] >= last) {
    throw new Error(
      `${peer}: the answer did not stream onto the screen (words shown each second: ${shown.join(', ')})`,
    );
  }
  const perToken = (from, to) => (samples[to] - samples[from]) / (WINDOW_S * PER_SECOND);
  return {
    busyMs: samples.at(-1) - samples[0],
    startMsPerToken: perToken(1, 1 + WINDOW_S),
    endMsPerToken: perToken(seconds - 1 - WINDOW_S, seconds - 1),
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
if (process.argv.includes('--serve')) {
  // To look at the pages yourself (or profile them): open <origin>/ours.html and call ask().
  console.log(origin);
  await new Promise(() => {});
}
const browser = await launchChromium();
const results = { ours: [], deepchat: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const peer of ['ours', 'deepchat']) results[peer].push(await measure(browser, origin, peer));
  }
} finally {
  await browser.close();
  server.close();
}

const row = (peer) => {
  const r = results[peer];
  const start = median(r.map((x) => x.startMsPerToken));
  const end = median(r.map((x) => x.endMsPerToken));
  return { busy: median(r.map((x) => x.busyMs)), start, end, growth: end / start };
};
const ours = row('ours');
const deep = row('deepchat');
const f = (n, digits = 1) => n.toFixed(digits);
console.log(`${TOKENS} tokens at ${PER_SECOND}/s, medians of ${ROUNDS}, headless Chromium\n`);
console.log('| figure | Deep Chat 2.4.2 | ours | ours / Deep Chat |');
console.log('|---|---:|---:|---:|');
console.log(
  `| main-thread busy over the stream (ms) | ${f(deep.busy, 0)} | ${f(ours.busy, 0)} | ${f(ours.busy / deep.busy, 2)} |`,
);
console.log(
  `| per token, first ${WINDOW_S} s (ms) | ${f(deep.start, 3)} | ${f(ours.start, 3)} | ${f(ours.start / deep.start, 2)} |`,
);
console.log(
  `| per token, last ${WINDOW_S} s (ms) | ${f(deep.end, 3)} | ${f(ours.end, 3)} | ${f(ours.end / deep.end, 2)} |`,
);
console.log(`| growth: last / first | ${f(deep.growth, 2)} | ${f(ours.growth, 2)} | |`);
const ok = ours.busy <= 0.2 * deep.busy && ours.growth <= 1.5;
console.log(`\ntargets: busy <= 0.2x Deep Chat's, growth <= 1.5: ${ok ? 'met' : 'NOT met'}`);
