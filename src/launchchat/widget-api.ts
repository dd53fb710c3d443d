// window.LaunchChatWidget (docs/embed.md, the LaunchChat API): a thin layer over one
// <opencx-chat> that it mounts, or the page's own when it mounted none. It loads with the
// launcher, before the visitor's first intent, so it stays small: the configuration is checked
// here only for what a script tag can get wrong (types), the rest by createConfig on first intent.
import { ATTRIBUTES, mismatch, type AttributeName } from '../elements/chat/attributes.js';
import type { OpenCXChat } from '../elements/chat/chat.js';
import type { LaunchChatConfig, WidgetAPI, WidgetEvents } from './types.js';

type EventName = keyof WidgetEvents;
type Callback = (data: never) => void;

/** What to say and throw when something goes wrong, loaded only then. */
const failures = () => import('./failures.js');

const EVENTS: readonly EventName[] = ['open', 'close', 'message', 'escalate', 'feedback'];

/**
 * The page's `<opencx-chat>` made from `config`, or what is wrong with `config` (one sentence):
 * what a type can tell, the rest is createConfig's on first intent.
 */
function mount(config: LaunchChatConfig): OpenCXChat | string {
  if (typeof config !== 'object' || config === null) return 'the configuration must be an object';
  if (!config.widgetId && !config.token) return '"widgetId" is required';
  const chat = document.createElement('opencx-chat');
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (!(name in ATTRIBUTES)) {
      options[name] = value;
      continue;
    }
    const wrong = mismatch(name as AttributeName, value);
    if (wrong) return `"${name}" ${wrong}, got ${JSON.stringify(value)}`;
    (chat as unknown as Record<string, unknown>)[name] = value;
  }
  if (Object.keys(options).length) chat.config = options;
  document.body.append(chat);
  return chat;
}

/** A stand-in's recorded call, with the promise it returned (see embed-classic.ts). */
export type QueuedCall = [keyof WidgetAPI, unknown[], (value: unknown) => void, (reason: unknown) => void];

/** The global API; `opencx` tells it from a stand-in that queues calls, or from another product's. */

export function createWidgetApi(): WidgetAPI & { readonly opencx: true } {
  let mounted: OpenCXChat | undefined;
  /** Calls that need a widget, made before there was one: replayed when one is mounted. */
  let waiting: ((chat: OpenCXChat) => void)[] = [];
  const callbacks = new Map<string, Set<Callback>>();

  const current = (): OpenCXChat | undefined =>
    mounted?.isConnected ? mounted : (document.querySelector('opencx-chat') ?? undefined);
  /** Runs `action` on the widget once it has rendered (a change then, which the page hears), or once there is one. */
  const withWidget = (action: (chat: OpenCXChat) => void) => {
    const chat = current();
    if (chat) void chat.updateComplete.then(() => action(chat));
    else waiting.push(action);
  };
  /** One listener for every `opencx-<event>` someone subscribed to; `detail` is copied for each callback. */
  const relay = (event: Event) => {
    if (event.target !== current()) return;
    for (const callback of callbacks.get(event.type.slice(7)) ?? []) {
      try {
        (callback as (data: unknown) => void)({ ...(event as CustomEvent).detail });
      } catch (error) {
        void failures().then((f) => f.callbackThrew(event.type.slice(7), error));
      }
    }
  };

  return {
    opencx: true,
    open: () => withWidget((chat) => chat.show()),
    close: () => withWidget((chat) => chat.hide()),
    destroy() {
      mounted?.remove();
      mounted = undefined;
      waiting = [];
      for (const event of callbacks.keys()) document.removeEventListener(`opencx-${event}`, relay);
      callbacks.clear();
    },
    // Called by the page, the chat loads at once and the promise settles when it is ready; mounted
    // from the snippet's `window.LaunchChatConfig`, it loads on the visitor's first intent (docs/embed.md).
    async init(config: LaunchChatConfig): Promise<void> {
      // Called from the page's <head> (a tag manager's classic script): the widget goes in <body>.
      if (!document.body) await new Promise((parsed) => addEventListener('DOMContentLoaded', parsed, { once: true }));
      const chat = mount(config);
      if (typeof chat === 'string') throw (await failures()).unmountable(chat);
      // Replaced only by a configuration that mounts: a wrong one leaves the widget there as it was.
      mounted?.remove();
      mounted = chat;
      const queued = waiting;
      waiting = [];
      queued.forEach(withWidget);
      if (config !== window.LaunchChatConfig) chat.load().catch(() => {});
      const { type, detail } = (await new Promise<Event>((settle) => {
        chat.addEventListener('opencx-ready', settle, { once: true });
        chat.addEventListener('opencx-error', settle, { once: true });
      })) as CustomEvent<{ code: string; message: string }>;
      if (type === 'opencx-error') throw (await failures()).errorFromReport(detail);
    },
    on(event, callback) {
      if (!EVENTS.includes(event)) {
        void failures().then((f) => f.unknownEvent(event, EVENTS));
        return;
      }
      if (!callbacks.has(event)) {
        callbacks.set(event, new Set());
        document.addEventListener(`opencx-${event}`, relay);
      }
      callbacks.get(event)!.add(callback as Callback);
    },
    off(event, callback) {
      const set = callbacks.get(event);
      if (!set?.delete(callback as Callback) || set.size) return;
      callbacks.delete(event);
      document.removeEventListener(`opencx-${event}`, relay);
    },
  };
}
