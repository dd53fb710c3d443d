// Browser tests in Chromium, Firefox and WebKit, from Debian's packages (README.md, "Tests").
// `npm test` (scripts/test.mjs) starts WebKitWebDriver under Xvfb and passes its port in
// WEBKIT_WEBDRIVER_PORT; OPENCX_BROWSERS=chromium,firefox picks a subset while developing.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { esbuildBundlePlugin } from './test/support/bundle-plugin.mjs';
import { agentApiProxy, liveServerPlugin } from './test/support/live-server.mjs';
import { mockApiPlugin } from './test/support/mock-api.mjs';
import { countingReporter } from './test/support/counting-reporter.mjs';
import { CHROMIUM_ARGS } from './test/support/server.mjs';
import { webkitLauncher } from './scripts/test/webkit-launcher.mjs';

const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    }),
  firefox: () =>
    puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
    }),
  webkit: () =>
    webkitLauncher({
      hostname: '127.0.0.1',
      port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444),
      logLevel: 'error',
      connectionRetryTimeout: 120_000,
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        // A navigation returns at DOMContentLoaded: the runner itself waits for the test page to
        // report in (testsStartTimeout), so waiting for `load` too only adds a way to hang (a CI
        // run once waited 300 s on one navigation, then stopped).
        pageLoadStrategy: 'eager',
        'webkitgtk:browserOptions': {
          binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      },
    }),
};

const wanted = (process.env.OPENCX_BROWSERS ?? 'chromium,firefox,webkit').split(',').map((b) => b.trim());

export default {
  files: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
  nodeResolve: true,
  // One file at a time per browser: WebKitWebDriver rejects the frame switching the WebDriver
  // launcher does for concurrent files (sendKeys then fails), and three browsers already share
  // our two cores.
  concurrency: 1,
  concurrentBrowsers: 3,
  testsFinishTimeout: 180_000,
  // Starting a file covers its page's navigation for WebKit (scripts/test/webkit-launcher.mjs awaits
  // it, and tries a stuck one again): with three browsers starting on two cores, a first WebKit page
  // took over 60 s, and a stuck navigation is given up by the driver after 300 s.
  browserStartTimeout: 600_000,
  // Three browsers share two cores: a test that takes 3 s alone can take 12 on a busy machine.
  testFramework: { config: { timeout: 20_000 } },
  // The console's tests (test/console/) call the agent API on their own origin, as the console does.
  middleware: [agentApiProxy()],
  plugins: [
    // The React suites (*.test.tsx) are served bundled: React ships only CommonJS (see the plugin).
    esbuildBundlePlugin({ include: /^\/test\/.*\.test\.tsx$/, packages: ['react', 'react-dom', 'scheduler'] }),
    // @sinonjs/fake-timers (the tests' fake clock) ships only CommonJS too: served as one ES module
    // whose default export is the package's `module.exports`.
    esbuildBundlePlugin({
      include: /^\/node_modules\/@sinonjs\/fake-timers\//,
      packages: ['@sinonjs/commons', 'type-detect'],
    }),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    mockApiPlugin(),
    liveServerPlugin(),
  ],
  browsers: wanted.map((name) => {
    const launch = launchers[name];
    if (!launch) throw new Error(`OPENCX_BROWSERS: unknown browser "${name}" (chromium, firefox, webkit)`);
    return launch();
  }),
  reporters: [defaultReporter(), countingReporter()],
};
