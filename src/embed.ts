// Script-tag entry (docs/embed.md): everything bundled into one module for
// <script type="module" src=".../embed.js">; the rest of the widget loads on the visitor's first
// intent, from chunks beside it. It registers the elements, installs window.LaunchChatWidget and,
// when the page set window.LaunchChatConfig, mounts the widget. Loaded twice, the second copy
// does nothing.
import './elements.js';
import { OpenCXChat } from './elements/chat/chat.js';
import { createWidgetApi, type QueuedCall } from './launchchat/widget-api.js';
import type { WidgetAPI } from './launchchat/types.js';

export type { LaunchChatConfig, WidgetAPI, WidgetEvents } from './launchchat/types.js';

if (typeof window !== 'undefined') {
  // A stand-in that queued calls (embed-classic.js), or this script already ran.
  const existing = window.LaunchChatWidget as (WidgetAPI & { opencx?: true; q?: QueuedCall[] }) | undefined;
  if (!existing?.opencx) {
    // Chats that name no server use the one this script came from.
    OpenCXChat.defaultApiUrl ??= new URL(import.meta.url).origin;
    const api = createWidgetApi();
    window.LaunchChatWidget = api;
    // A configuration error is logged (once) by init; the page needs no unhandled rejection.
    if (window.LaunchChatConfig) api.init(window.LaunchChatConfig).catch(() => {});
    for (const [method, args, resolve, reject] of existing?.q ?? []) {
      Promise.resolve((api[method] as (...a: unknown[]) => unknown)(...args)).then(resolve, reject);
    }
  }
}
