import type { ReactiveController, ReactiveElement } from 'lit';
import type { LauncherStrings } from '../../i18n/launcher.js';
import { createLogger } from '../../state/logger.js';
import type { ChatHostClass, LauncherState } from '../chat/chat-host.js';

/** What the binding sets on its `<opencx-trigger>`. */
export interface TriggerHost extends ReactiveElement {
  for?: string;
  expanded: boolean;
  unread: number;
  strings: LauncherStrings;
}

/**
 * Binds a standalone `<opencx-trigger for="id">` to the `<opencx-chat>` of that id: it opens that
 * chat and shows its state, language and colours. Loaded only by triggers that have `for`.
 */
export class TriggerBinding implements ReactiveController {
  readonly #host: TriggerHost;
  #bound?: LauncherState;

  constructor(host: TriggerHost) {
    this.#host = host;
    host.addController(this);
    // The visitor reaching for this launcher is intent: the chat's runtime starts loading.
    const intent = () => void this.#bound?.load().catch(() => {});
    for (const type of ['pointerenter', 'focusin']) host.addEventListener(type, intent, { passive: true });
  }

  readonly #sync = () => {
    const chat = this.#bound;
    if (!chat) return;
    const host = this.#host;
    host.expanded = chat.open;
    host.unread = chat.open ? 0 : chat.unreadCount;
    // Outside the chat, its theme does not inherit here: take its language and colours from it.
    host.strings = chat.translation;
    const { background, text } = chat.launcherColors;
    host.style.setProperty('--_primary', background);
    host.style.setProperty('--_on-primary', text);
  };

  /** Opens or closes the bound chat: the trigger was clicked. */
  toggle(): void {
    this.#bound?.toggle();
  }

  hostConnected(): void {
    this.#bind();
  }

  hostDisconnected(): void {
    this.#unbind();
  }

  hostUpdated(): void {
    // `for` set or changed while on the page.
    if (this.#bound?.id !== this.#host.for) this.#bind();
  }

  #bind(): void {
    this.#unbind();
    const host = this.#host;
    if (!host.for) return;
    const chat = (host.getRootNode() as Document | ShadowRoot).getElementById?.(host.for);
    if (chat?.localName !== 'opencx-chat') {
      createLogger((customElements.get('opencx-chat') as ChatHostClass | undefined)?.logger).error(
        `<opencx-trigger for="${host.for}">: no <opencx-chat id="${host.for}"> on the page.`,
      );
      return;
    }
    if (!('translation' in chat)) {
      // The page's <opencx-chat> is not upgraded yet (this element was defined first): bind once it is.
      void customElements.whenDefined('opencx-chat').then(() => host.isConnected && this.#bind());
      return;
    }
    this.#bound = chat as LauncherState;
    chat.addEventListener('opencx-change', this.#sync);
    this.#sync();
  }

  #unbind(): void {
    this.#bound?.removeEventListener('opencx-change', this.#sync);
    this.#bound = undefined;
  }
}
