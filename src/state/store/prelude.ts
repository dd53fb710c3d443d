import type { Prelude } from '../responses.js';
import { NO_ERROR } from '../chat-state.js';
import { retryDelay } from '../retry-policy.js';
import { sleep } from '../timing.js';
import { errorState, messageOf, type StoreCore } from './core.js';
import { keyboardFrom } from './messages.js';

/**
 * Loads the widget's settings; resolves after the first try (what `ready` waits for). A failure
 * that may pass (offline, a 5xx) is tried again in the background with the outbox's backoff.
 */
export async function loadPrelude(core: StoreCore): Promise<void> {
  const { api, life, logger, update } = core;
  try {
    applyPrelude(core, await api.widgetPrelude({ signal: life }));
  } catch (error) {
    if (life.aborted) return;
    logger.error(`Could not load the widget’s settings: ${messageOf(error)}`);
    update({ error: errorState(error) });
    void retryPrelude(core, error);
  }
}

async function retryPrelude(core: StoreCore, error: unknown): Promise<void> {
  const { api, life, platform, policy } = core;
  for (let attempt = 1; ; attempt++) {
    const delay = retryDelay(error, attempt, policy);
    if (delay === undefined || life.aborted) return;
    try {
      await sleep(delay, life, platform.network);
      applyPrelude(core, await api.widgetPrelude({ signal: life }));
      return;
    } catch (next) {
      if (life.aborted) return;
      error = next;
    }
  }
}

function applyPrelude(core: StoreCore, prelude: Prelude): void {
  core.update((s) => ({
    prelude,
    keyboard: s.messages.some((m) => m.role === 'user') ? s.keyboard : keyboardFrom(prelude),
    // The settings' own failure carries no chat error code; a failed message's error stays.
    error: s.error.code ? s.error : NO_ERROR,
  }));
}
