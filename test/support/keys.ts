// Keyboard input as the visitor types it, in every launcher (Playwright, Puppeteer, WebDriver).
import { sendKeys } from '@web/test-runner-commands';

/** Shift+Enter in every launcher: WebDriver knows only `press` and `type`, where U+E008 holds Shift. */
export async function shiftEnter(): Promise<void> {
  try {
    await sendKeys({ down: 'Shift' });
  } catch {
    await sendKeys({ type: '\uE008\uE007\uE000' });
    return;
  }
  await sendKeys({ press: 'Enter' });
  await sendKeys({ up: 'Shift' });
}
