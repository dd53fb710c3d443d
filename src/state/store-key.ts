import type { NormalizedConfig } from './config.js';

/**
 * What a chat store is built from. A configuration change that keeps the key keeps the store (and
 * the conversation on screen); one that changes it — another widget, server, visitor identity,
 * persistence or logging — needs a new store. Colours, texts and language only change how the
 * store is shown.
 */
export function storeKey(config: NormalizedConfig): string {
  return JSON.stringify([
    config.widgetId,
    config.apiUrl,
    config.headers,
    config.queryParams,
    config.contactToken,
    config.settings.persistSession,
    config.user.external_id,
    config.debug,
  ]);
}
