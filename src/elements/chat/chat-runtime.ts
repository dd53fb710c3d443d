// Everything of <opencx-chat> beyond its launcher: configuration, the chat store, the context its
// panel reads, and the events that follow the conversation. It is loaded on the visitor's first
// intent (hover, focus, click, or idle time), with the panel, so that a page pays for the
// launcher alone until then (bench/size.mjs: 10 KB gzip before intent).
import { ContextProvider } from '@lit/context';
import { html, type ReactiveController } from 'lit';
import type { Subscription } from 'rxjs';
import { OpenCXErrorEvent } from '../../events/error.js';
import { OpenCXMessageEvent } from '../../events/message.js';
import { OpenCXReadyEvent } from '../../events/ready.js';
import type { LauncherStrings } from '../../i18n/launcher.js';
import { en, launcherStrings, loadTranslation, type Translation } from '../../i18n/translate.js';
import type { Chat } from '../../state/chat.js';
import type { ChatState } from '../../state/chat-state.js';
import { createConfig, type NormalizedConfig } from '../../state/config.js';
import { widgetContext, type WidgetContext, type WidgetProblem } from '../../state/context.js';
import { ConfigurationError } from '../../state/errors.js';
import { createLogger } from '../../state/logger.js';
import { createWebPlatform } from '../../state/platform.js';
import { storeFor } from '../../state/store-key.js';
import type { Prelude } from '../../state/responses.js';
import '../panel/panel.js';
import { PANEL_PARTS } from '../panel/parts.js';
import { deepActiveElement } from '../deep-active-element.js';
import { prepareMessageTime } from '../message/time.js';
import type { ChatHost, ChatHostClass } from './chat-host.js';
import { CONFIG_PROPERTIES, optionsOf } from './chat-options.js';
import { contrast } from './contrast.js';
import { playArrivalSound } from './sound.js';

function problemOf(state: ChatState): WidgetProblem | undefined {
  const { cause = '', status } = state.error;
  if (cause === 'rate_limited' || cause === 'quota_exceeded') return 'rate_limited';
  if (!state.ready || state.prelude) return undefined;
  if (status === 404 || cause === 'widget_not_found') return 'unavailable';
  if (status === 401 || status === 403) return 'forbidden';
  return 'connection';
}

/** Every part of the panel, re-exported under the same name so `opencx-chat::part(bubble)` works. */
const PANEL_EXPORTS = PANEL_PARTS.join(', ');

/** What the runtime watches on its element: a change to any of these is acted on in `hostUpdate`. */
const WATCHED = [...CONFIG_PROPERTIES, 'store', 'open', 'mode'] as const;
type Watched = (typeof WATCHED)[number];

/**
 * The runtime of one `<opencx-chat>` (docs/elements.md, "How the element is built"): a Lit
 * ReactiveController the element adds to itself once this module has loaded. It works through
 * the `ChatHost` interface only, notices what changed on the element itself (`hostUpdate`), and
 * everything it subscribes to ends with the element's time on the page (`hostDisconnected`).
 */
export class ChatRuntime implements ReactiveController {
  /** The valid configuration; `undefined` while it is invalid. */
  config?: NormalizedConfig;
  strings: Translation = en;
  /** The launcher's strings in the same language. */
  launcher: LauncherStrings = launcherStrings(en, 'en');
  /** The widget's settings from the server, as the store has them. */
  get prelude(): Prelude | null {
    return this.#host.store?.getState().prelude ?? null;
  }

  /** Answers that arrived while the panel was closed, as the store counts them. */
  get unread(): number {
    return this.#host.store?.getState().unreadCount ?? 0;
  }

  readonly #host: ChatHost;
  /** Where focus was when the panel opened: it goes back there on close. */
  #opener?: HTMLElement;
  /** The panel opened (perhaps before this module loaded): its message box takes focus once rendered. */
  #focusPending = false;
  readonly #provider: ContextProvider<typeof widgetContext>;
  #configProblem = false;
  #storeProblem?: WidgetProblem;
  /** The store this element made (and must destroy), as opposed to one injected through `store`. */
  #own?: Chat;
  #ownKey?: string;
  #watched?: Chat;
  #subscriptions: Subscription[] = [];
  #lastError?: string;
  #configured = false;
  #provided = false;

  /** `opened`: the panel was opened on the page while this module loaded; focus goes to it as it renders. */
  constructor(host: ChatHost, opened: boolean) {
    this.#host = host;
    if (opened) this.#focusOnOpen();
    this.#provider = new ContextProvider(host, { context: widgetContext });
    host.addController(this);
  }

  /** The element's watched properties as the runtime last saw them. */
  readonly #seen = new Map<Watched, unknown>();
  /** What changed in the update under way: its properties, with their values before it. */
  #changed = new Map<Watched, unknown>();

  #diff(): Map<Watched, unknown> {
    const changed = new Map<Watched, unknown>();
    for (const key of WATCHED) {
      const value = this.#host[key];
      if (this.#seen.has(key) && this.#seen.get(key) !== value) changed.set(key, this.#seen.get(key));
      this.#seen.set(key, value);
    }
    return changed;
  }

  /** Sends `text` as the visitor; resolves when the answer has arrived. */
  async send(text: string): Promise<void> {
    const store = this.#host.store;
    if (!store) throw new ConfigurationError('send: the chat is not configured (see the console).');
    await store.sendMessage({ content: text });
  }

  hostUpdate(): void {
    const host = this.#host;
    const changed = (this.#changed = this.#diff());
    if (!this.#configured || CONFIG_PROPERTIES.some((p) => changed.has(p))) this.#configure();
    if (changed.has('store') && host.store !== this.#own) {
      // A store was injected: ours is no longer needed.
      const injected = host.store;
      this.#dropOwnStore();
      host.store = injected;
    }
    if (host.store) this.#watch(host.store);
    if ((changed.has('open') || !this.#provided) && host.open) {
      host.store?.markRead();
    }
    // Opened on the page: focus moves into the panel. A chat open in the HTML from the start
    // (or inline) does not take the page's focus as it loads.
    if (changed.get('open') === false && host.open) this.#focusOnOpen();
    this.#provide();
  }

  #focusOnOpen(): void {
    const active = deepActiveElement();
    this.#opener = active && active !== document.body ? active : undefined;
    this.#focusPending = true;
  }

  hostUpdated(): void {
    const host = this.#host;
    const changed = this.#changed;
    if (changed.has('open') && !host.open) this.#focusPending = false;
    if (this.#focusPending) {
      this.#focusPending = false;
      void this.#panel()?.focusComposer();
    }
    // aria-controls from the launcher's button to the panel. Both live in different shadow roots,
    // where id references do not reach; ARIA element reflection does, in the browsers that have it.
    const button = host.renderRoot.querySelector('opencx-trigger')?.shadowRoot?.querySelector('button');
    const panel = this.#panel();
    if (button && panel && 'ariaControlsElements' in button) button.ariaControlsElements = [panel];
    if (panel) this.#colourText(panel, host.launcherColors.background);
  }

  #textColour?: string;

  /**
   * The brand colour as text (links, buttons' labels) on each surface, when it reads there at
   * 4.5:1; otherwise the surface's own text colour. Set through CSSOM: a strict CSP blocks style attributes.
   */
  #colourText(panel: HTMLElement, primary: string): void {
    if (primary === this.#textColour) return;
    this.#textColour = primary;
    const on = (surface: string, fallback: string) => (contrast(primary, surface) >= 4.5 ? primary : fallback);
    panel.style.setProperty('--_primary-text-light', on('#ffffff', '#1f2937'));
    panel.style.setProperty('--_primary-text-dark', on('#111827', '#f9fafb'));
  }

  /** The panel, placed and coloured by the attributes it is given. */
  renderPanel(position: string, scheme: string) {
    const host = this.#host;
    const floating = host.mode !== 'inline';
    return html`<opencx-panel
      part="panel"
      id="panel"
      mode=${floating ? 'floating' : 'inline'}
      position=${position}
      scheme=${scheme}
      exportparts=${PANEL_EXPORTS}
      ?hidden=${floating && !host.open}
    ></opencx-panel>`;
  }

  #panel() {
    return this.#host.renderRoot.querySelector('opencx-panel');
  }

  async #closeAndReturnFocus(): Promise<void> {
    const host = this.#host;
    host.open = false;
    // After the update: on a phone the launcher is hidden while the panel is open.
    await host.updateComplete;
    const opener =
      this.#opener?.isConnected && !this.#panel()?.shadowRoot?.contains(this.#opener) ? this.#opener : undefined;
    (opener ?? host.renderRoot.querySelector<HTMLElement>('opencx-trigger'))?.focus();
  }

  /** Back on the page after a removal: rebuild what `hostDisconnected` tore down. */
  hostConnected(): void {
    if (this.#configured) this.#configure();
    if (this.#host.store) this.#watch(this.#host.store);
  }

  /** Removed from the page: nothing may keep running. A store we made is rebuilt on reconnect. */
  hostDisconnected(): void {
    this.#unwatch();
    this.#dropOwnStore();
  }

  #dropOwnStore(): void {
    if (!this.#own) return;
    this.#own.destroy();
    if (this.#host.store === this.#own) this.#host.store = undefined;
    this.#own = undefined;
    this.#ownKey = undefined;
    this.#storeProblem = undefined;
  }

  #configure(): void {
    const host = this.#host;
    const { logger } = host.constructor as ChatHostClass;
    this.#configured = true;
    try {
      const config = createConfig(optionsOf(this.#host));
      this.config = config;
      void prepareMessageTime(config.language);
      this.#configProblem = false;
      this.#lastError = undefined;
      void loadTranslation(config.language, config.strings).then((strings) => {
        this.strings = strings;
        this.launcher = launcherStrings(strings, config.language);
        host.requestUpdate();
      });
      const wanted = storeFor(config, createWebPlatform({ logger }));
      const injected = host.store && host.store !== this.#own;
      if (!injected && wanted.key !== this.#ownKey && host.isConnected) {
        this.#dropOwnStore();
        const chat = wanted.create();
        this.#own = chat;
        this.#ownKey = wanted.key;
        host.store = chat;
        this.#watch(chat);
      }
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      this.config = undefined;
      this.#configProblem = true;
      this.#dropOwnStore();
      // One message per distinct problem, however often the element re-renders.
      if (error.message !== this.#lastError) {
        this.#lastError = error.message;
        createLogger(logger).error(`<opencx-chat>: ${error.message}`);
        host.dispatchEvent(new OpenCXErrorEvent({ code: error.code, message: error.message }));
      }
    }
  }

  #unwatch(): void {
    this.#subscriptions.forEach((s) => s.unsubscribe());
    this.#subscriptions = [];
    this.#watched = undefined;
  }

  #watch(chat: Chat): void {
    if (chat === this.#watched) return;
    this.#unwatch();
    this.#watched = chat;
    const host = this.#host;
    const visible = () => host.open || host.mode === 'inline';
    let readySent = false;
    this.#subscriptions = [
      chat
        .select((s) => s.unreadCount)
        .subscribe((unread) => {
          if (visible() && unread > 0) chat.markRead();
          else host.requestUpdate();
        }),
      chat.select(problemOf).subscribe((problem) => {
        this.#storeProblem = problem;
        host.requestUpdate();
      }),
      chat
        .select((s) => s.prelude)
        .subscribe((prelude) => {
          host.requestUpdate();
          // Ready once the settings are in, even when they arrive on a retry.
          if (prelude && !readySent) {
            readySent = true;
            host.dispatchEvent(new OpenCXReadyEvent({ widgetId: this.config?.widgetId ?? prelude.widgetId }));
          }
        }),
      chat
        .select((s) => s.error)
        .subscribe((error) => {
          if (error.hasError)
            host.dispatchEvent(
              new OpenCXErrorEvent({ code: error.cause ?? error.code ?? 'error', message: error.message ?? '' }),
            );
        }),
      chat.events$.subscribe(({ message }) => {
        if (message.role === 'system') return;
        const settings = this.config;
        const unseen = !visible() || globalThis.document?.visibilityState === 'hidden';
        if (message.role !== 'user' && settings?.settings.useSoundEffects && unseen) {
          playArrivalSound(settings.soundEffectFiles.messageArrived);
        }
        host.dispatchEvent(
          new OpenCXMessageEvent({ content: message.content, role: message.role, messageId: message.id }),
        );
      }),
    ];
  }

  /**
   * Gives the panel its context: a new value only when something in it changed, so that an update
   * of the element that changes nothing the panel shows (opening, a colour) re-renders nothing.
   */
  #provide(): void {
    const host = this.#host;
    const next: WidgetContext = {
      chat: this.#configProblem ? undefined : host.store,
      config: this.config,
      strings: this.strings,
      problem: this.#configProblem ? 'configuration' : this.#storeProblem,
      mode: host.mode,
      close: this.#close,
    };
    const last = this.#context;
    this.#provided = true;
    if (last && (Object.keys(next) as (keyof WidgetContext)[]).every((key) => last[key] === next[key])) return;
    this.#context = next;
    this.#provider.setValue(next);
  }

  #context?: WidgetContext;
  readonly #close = () => void this.#closeAndReturnFocus();
}
