import { ApiCaller } from './api.js';
import { createChat, type Chat } from './chat.js';
import type { NormalizedConfig } from './config.js';
import type { Platform } from './platform.js';

/**
 * What a chat store is built from. A configuration change that keeps the key keeps the store (and
 * the conversation on screen); one that changes it — another widget, server, visitor identity,
 * persistence or logging — needs a new store. Colours, texts and language only change how the
 * store is shown.
 */
function storeKey(config: NormalizedConfig): string {
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

/**
 * Which store a configuration needs (docs/core.md, "Which store"): its `key`, and how to make it.
 * The one rule `<opencx-chat>` and React's `<WidgetRoot>` both follow: a holder keeps its store
 * while the key stays the same, and makes a new one (destroying its own old one) when it changes.
 */
export function storeFor(config: NormalizedConfig, platform: Platform): { key: string; create: () => Chat } {
  return {
    key: storeKey(config),
    create: () => createChat({ api: new ApiCaller({ config }), config, platform }),
  };
}
