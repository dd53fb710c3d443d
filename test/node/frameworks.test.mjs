// The framework examples of demo/frameworks/ (Vue, Angular, Svelte, React, and Next.js rendering
// on the server), as a developer would use them: each installed from its own lockfile and built by
// its own toolchain against this repository's dist/ (npm test builds it first), then served by the
// reference server and driven in Chromium. The app's bound colour must reach the launcher, `config`
// must arrive as a property, the app's button must open the panel through show(), and the app's
// own handlers must hear opencx-message and opencx-feedback. For Vue, Svelte and React the type
// checker must also reject a wrong binding of <opencx-chat>: proof that our typings are applied, not
// silently ignored. The Next.js app is rendered to HTML at build time and hydrated in the browser:
// it must hydrate without a mismatch, which React's development build would report.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand as run } from '../support/run-command.mjs';
import { launchChromium, ROOT, startServer } from '../support/server.mjs';

const INDIGO = 'rgb(79, 70, 229)';
const GREEN = 'rgb(4, 120, 87)';

/**
 * A component using <opencx-chat> wrongly twice: a theme that does not exist, and a handler of
 * opencx-feedback events given opencx-message. The type checker must report both.
 */
const WRONG = {
  vue: {
    file: 'Canary.vue',
    source: `<script setup lang="ts">
import type { OpenCXFeedbackEvent } from '@opencx/widget/elements';
const onFeedback = (event: OpenCXFeedbackEvent) => event.detail.type;
</script>
<template>
  <opencx-chat widget-id="demo" theme="purple" @opencx-message="onFeedback"></opencx-chat>
</template>
`,
    tsconfig: (app) => ({ extends: join(app, 'tsconfig.app.json'), include: ['Canary.vue'] }),
    check: (tsconfig) => ['vue-tsc', '--noEmit', '-p', tsconfig],
  },
  svelte: {
    file: 'Canary.svelte',
    source: `<script lang="ts">
  import type { OpenCXFeedbackEvent } from '@opencx/widget/elements';
  const onFeedback = (event: OpenCXFeedbackEvent) => event.detail.type;
</script>

<opencx-chat widget-id="demo" theme="purple" onopencx-message={onFeedback}></opencx-chat>
`,
    tsconfig: (app) => ({ extends: join(app, 'tsconfig.app.json'), include: ['Canary.svelte'] }),
    check: (tsconfig, dir) => ['svelte-check', '--workspace', dir, '--tsconfig', tsconfig, '--output', 'human'],
  },
  react: {
    file: 'Canary.tsx',
    source: `import type { OpenCXFeedbackEvent } from '@opencx/widget/elements';

const onFeedback = (event: OpenCXFeedbackEvent) => event.detail.type;
export const canary = (
  <>
    <opencx-chat widget-id="demo" theme="purple" />
    <opencx-chat widget-id="demo" onopencx-message={onFeedback} />
  </>
);
`,
    tsconfig: (app) => ({
      extends: join(app, 'tsconfig.app.json'),
      // The app's own declaration of our elements in React's JSX.
      include: ['Canary.tsx', join(app, 'src', 'opencx.d.ts')],
    }),
    check: (tsconfig) => ['tsc', '--noEmit', '-p', tsconfig],
  },
};

const EXAMPLES = ['vue', 'angular', 'svelte', 'react', 'next'];

let server;
let base;
let browser;

const tail = (text, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');

/**
 * `npm ci` in the example, unless node_modules was installed from this very package.json and
 * lockfile (a stamp in node_modules records which).
 */
async function install(dir, name) {
  const lockfile = join(dir, 'package-lock.json');
  assert.ok(
    existsSync(lockfile),
    `demo/frameworks/${name}/package-lock.json is missing: run npm install there and commit it`,
  );
  const fingerprint = createHash('sha256')
    .update(readFileSync(join(dir, 'package.json')))
    .update(readFileSync(lockfile))
    .digest('hex');
  const stamp = join(dir, 'node_modules', '.opencx-installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint) return;
  const { code, output } = await run('npm', ['ci', '--no-audit', '--no-fund'], dir);
  if (code !== 0) {
    const outOfSync = /package\.json and package-lock\.json[\s\S]*in sync/.test(output);
    throw new Error(
      `npm ci failed in demo/frameworks/${name} (exit ${code}).` +
        (outOfSync
          ? ' Its lockfile is out of sync. It also records the dependencies of the root package.json (the ' +
            'example depends on "file:../../.."), so it must be refreshed whenever those change: ' +
            `npm install --package-lock-only --no-audit --no-fund --prefix demo/frameworks/${name}, then commit it.`
          : '') +
        // npm's usage text after the error says nothing about it.
        `\n${tail(output.replace(/npm error Clean install a project[\s\S]*/, ''))}`,
    );
  }
  writeFileSync(stamp, fingerprint);
}

async function build(dir, name) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const { code, output } = await run('npm', ['run', 'build'], dir);
  if (code !== 0) throw new Error(`npm run build failed in demo/frameworks/${name} (exit ${code}):\n${tail(output)}`);
  assert.ok(existsSync(join(dir, 'dist', 'index.html')), `demo/frameworks/${name}/dist/index.html was not built`);
}

before(async () => {
  server = await startServer({ DATA_DIR: 'memory' });
  base = server.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the demo bot answers framework questions from docs/frameworks.md', async () => {
  const ask = async (message) => {
    const response = await fetch(`${base}/api/widget/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ widgetId: 'demo', message }),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    // The answer is Markdown: the docs' own characters come backslash-escaped; read as text.
    return { ...body, answer: body.answer.replace(/\\([\\`*_[\]])/g, '$1') };
  };
  const vue = await ask('How do I use the widget in Vue?');
  assert.match(vue.citations[0]?.pageUrl ?? '', /\/docs\/frameworks\.md#vue/);
  assert.match(vue.answer, /isCustomElement/);
  const angular = await ask('Why does Angular say opencx-chat is not a known element?');
  assert.match(angular.citations[0]?.pageUrl ?? '', /\/docs\/frameworks\.md#angular/);
  assert.match(angular.answer, /CUSTOM_ELEMENTS_SCHEMA/);
});

for (const name of EXAMPLES) {
  describe(`demo/frameworks/${name}`, () => {
    const dir = join(ROOT, 'demo', 'frameworks', name);
    let built;

    /** A fresh browser context (its own storage) on the built app; fails the test on any page error. */
    async function openApp(t) {
      await built;
      const context = await browser.newContext();
      t.after(() => context.close());
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      t.after(() => assert.deepEqual(errors, [], 'no uncaught error in the page'));
      await page.goto(`${base}/frameworks/${name}/dist/`);
      const chat = page.locator('opencx-chat');
      await page.waitForFunction(() =>
        document.querySelector('opencx-chat')?.shadowRoot?.querySelector('opencx-trigger'),
      );
      return { page, chat };
    }

    const launcherColor = (page) =>
      page.evaluate(() => {
        const trigger = document.querySelector('opencx-chat').shadowRoot.querySelector('opencx-trigger');
        return getComputedStyle(trigger.shadowRoot.querySelector('button')).backgroundColor;
      });

    test('installs from its lockfile and builds with its own toolchain', async () => {
      built = (async () => {
        await install(dir, name);
        await build(dir, name);
      })();
      // Later tests wait on this; they fail with the reason too, not with a confusing 404.
      built.catch(() => {});
      await built;
    });

    test('binding primary-color to the app state recolours the launcher', async (t) => {
      const { page, chat } = await openApp(t);
      assert.equal(await launcherColor(page), INDIGO);
      await page.getByLabel('Brand colour').selectOption({ label: 'Green' });
      await page.waitForFunction((green) => {
        const trigger = document.querySelector('opencx-chat').shadowRoot.querySelector('opencx-trigger');
        return getComputedStyle(trigger.shadowRoot.querySelector('button')).backgroundColor === green;
      }, GREEN);
      assert.equal(await chat.evaluate((el) => el.primaryColor), '#047857');
    });

    test("the app's button opens the panel through show(), configured by the config property", async (t) => {
      const { page, chat } = await openApp(t);
      assert.deepEqual(await chat.evaluate((el) => el.config), { strings: { newConversation: 'Start over' } });
      assert.equal(await chat.getAttribute('config'), null, 'config is a property, not an attribute');
      await chat.evaluate((el) => {
        const show = el.show;
        el.showCalls = 0;
        el.show = function () {
          this.showCalls++;
          return show.call(this);
        };
      });
      await page.getByRole('button', { name: 'Open the chat' }).click();
      await chat.getByRole('textbox', { name: 'Your message' }).waitFor();
      assert.equal(await chat.evaluate((el) => el.showCalls), 1);
      assert.equal(await chat.evaluate((el) => el.open), true);
      await chat.getByRole('button', { name: 'Start over' }).waitFor();
    });

    test("the app's handlers hear opencx-message and opencx-feedback", async (t) => {
      const { page, chat } = await openApp(t);
      const heard = page.getByRole('main').locator('ol li');
      await page.getByRole('button', { name: 'Open the chat' }).click();
      await chat.getByRole('textbox', { name: 'Your message' }).fill('How do I change the colours?');
      await chat.getByRole('button', { name: 'Send', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('main ol li').length === 2);
      assert.equal(await heard.nth(0).textContent(), 'user: How do I change the colours?');
      const answer = await chat.evaluate((el) => el.store.getState().messages.at(-1));
      assert.equal(answer.role, 'assistant');
      assert.equal(await heard.nth(1).textContent(), `assistant: ${answer.content}`);

      await chat.getByRole('button', { name: 'Helpful', exact: true }).click();
      await page.getByText(`positive on ${answer.id}`).waitFor();
    });

    if (name === 'next') {
      test('the server-rendered HTML hydrates without a mismatch, and the effect sets config', async (t) => {
        await built;
        // What the server sent: the element with its attributes, before any script ran.
        const html = await (await fetch(`${base}/frameworks/${name}/dist/`)).text();
        assert.match(html, /<opencx-chat widget-id="demo" primary-color="#4f46e5">/);
        assert.match(html, /<h1>OpenCX chat in Next\.js<\/h1>/);

        const context = await browser.newContext();
        t.after(() => context.close());
        const page = await context.newPage();
        const reported = [];
        const logged = [];
        page.on('console', (message) => {
          logged.push(message.text());
          if (['error', 'warning'].includes(message.type())) reported.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => reported.push(`uncaught: ${error.message}`));
        await page.goto(`${base}/frameworks/${name}/dist/`);
        // The app's effect runs once hydration is done: config set is the sign.
        await page.waitForFunction(() => document.querySelector('opencx-chat')?.config);
        await page.waitForFunction(() =>
          document.querySelector('opencx-chat')?.shadowRoot?.querySelector('opencx-trigger'),
        );
        const chat = page.locator('opencx-chat');
        // Only React's development build reports mismatches; it is the one that says where to get
        // React DevTools.
        assert.ok(
          logged.some((text) => text.includes('React DevTools')),
          `React's development build ran (console: ${JSON.stringify(logged)})`,
        );
        assert.deepEqual(reported, [], 'no hydration warning or error in the console');
        assert.equal(await chat.getAttribute('mode'), null, 'the element adds no attribute the server did not render');
      });
    }

    if (WRONG[name]) {
      test('its type checker rejects a wrong binding of <opencx-chat>: our typings are applied', async () => {
        await built;
        const wrong = WRONG[name];
        // Beside the app rather than in it: a folder of its own whose node_modules is the app's.
        const canary = mkdtempSync(join(tmpdir(), `opencx-${name}-canary-`));
        try {
          symlinkSync(join(dir, 'node_modules'), join(canary, 'node_modules'));
          writeFileSync(join(canary, wrong.file), wrong.source);
          writeFileSync(join(canary, 'tsconfig.json'), JSON.stringify(wrong.tsconfig(dir)));
          const [command, ...args] = wrong.check(join(canary, 'tsconfig.json'), canary);
          const { code, output } = await run(join(dir, 'node_modules', '.bin', command), args, canary);
          assert.notEqual(code, 0, `the type checker accepted the wrong bindings:\n${tail(output)}`);
          assert.match(output, /Type '"purple"' is not assignable to type '[^']*"light"[^']*'/);
          assert.match(output, /Type 'OpenCXMessageEvent' is not assignable to type 'OpenCXFeedbackEvent'/);
        } finally {
          rmSync(canary, { recursive: true, force: true });
        }
      });
    }
  });
}
