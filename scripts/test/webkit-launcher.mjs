// The WebDriver launcher for WebKit, with one change: a navigation that fails fails that test file,
// not the whole run. The stock launcher starts each file's navigation without awaiting it, so a
// WebKitWebDriver navigation that never answered (seen on CI with three browsers on two cores, after
// hundreds of passing tests) became an uncaught rejection and stopped the runner. Here the navigation
// is awaited, tried a second time, and otherwise reported for that file alone.
import { WebdriverLauncher } from '@web/test-runner-webdriver';

class SturdyWebdriverLauncher extends WebdriverLauncher {
  async startSession(id, url) {
    await this.ensureManagerInitialized();
    try {
      await this.driverManager.startSession(id, url);
    } catch (first) {
      console.warn(`WebKit: navigation failed (${first.message}); trying once more`);
      await this.driverManager.startSession(id, url);
    }
  }
}

export function webkitLauncher(options) {
  return new SturdyWebdriverLauncher(options);
}
