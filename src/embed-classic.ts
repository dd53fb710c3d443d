// embed-classic.js: for tag managers and CMSs that can only add a classic <script> (no
// type="module"). It installs a LaunchChatWidget that records calls, then imports embed.js from
// beside itself; embed.js replays the calls on the real API. Everything else is embed.js's.
import type { QueuedCall } from './launchchat/widget-api.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script && !window.LaunchChatWidget) {
  const q: QueuedCall[] = [];
  const stand: Record<string, unknown> = { q };
  for (const method of ['open', 'close', 'destroy', 'init', 'on', 'off'] as const) {
    // A promise for every call, settled by the real one: init's is the one people await.
    stand[method] = (...args: unknown[]) => new Promise((resolve, reject) => q.push([method, args, resolve, reject]));
  }
  window.LaunchChatWidget = stand as unknown as Window['LaunchChatWidget'];
  // A failure shows in the console as the browser's own "failed to fetch ... embed.js".
  void import(/* @vite-ignore */ new URL('embed.js', script.src).href);
}
