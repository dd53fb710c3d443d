import { ContextProvider } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Subscription } from 'rxjs';
import {
  OpenCXCloseEvent,
  OpenCXErrorEvent,
  OpenCXMessageEvent,
  OpenCXOpenEvent,
  OpenCXReadyEvent,
} from '../../events.js';
import { en, loadTranslation, type Translation } from '../../i18n/translate.js';
import { ApiCaller } from '../../state/api.js';
import { createChat, type Chat } from '../../state/chat.js';
import type { ChatState } from '../../state/chat-state.js';
import type { Prelude } from '../../state/responses.js';
import { createConfig, type ConfigOptions, type NormalizedConfig, type ThemeOptions } from '../../state/config.js';
import { widgetContext, type WidgetProblem } from '../../state/context.js';
import { ConfigurationError } from '../../state/errors.js';
import { createWebPlatform } from '../../state/platform.js';
import { storeKey } from '../../state/store-key.js';
import { deepActiveElement } from '../deep-active-element.js';
import { define } from '../define.js';
import { PANEL_PARTS } from '../panel/parts.js';
import '../trigger/trigger.js';
import type { OpenCXTrigger } from '../trigger/trigger.js';
import { contrast, readableOn } from './contrast.js';
import { playArrivalSound } from './sound.js';
import { styles } from './chat.styles.js';

/** `attr` absent: not set (the `config` property or the default decides); present: true unless "false". */
const optionalBoolean = {
  fromAttribute: (value: string | null) => (value === null ? undefined : value !== 'false'),
  toAttribute: (value: boolean | undefined) => (value === undefined ? null : String(value)),
};

// Every part of the panel, re-exported under the same name so `opencx-chat::part(bubble)` works.
const PANEL_EXPORTS = PANEL_PARTS.join(', ');

/** The properties that feed `createConfig`: a change to any of them reconfigures the widget. */
const CONFIG_PROPERTIES = [
  'token',
  'widgetId',
  'apiUrl',
  'language',
  'theme',
  'position',
  'primaryColor',
  'triggerOffset',
  'greeting',
  'placeholder',
  'botName',
  'botAvatar',
  'collectUserData',
  'persistSession',
  'sound',
  'debug',
  'config',
] as const;

const DEFAULT_PRIMARY = '#4f46e5';
const LIGHT_SURFACE = '#ffffff';
const DARK_SURFACE = '#111827';

const colorCache = new Map<string, Record<string, string>>();

/** The primary colour, the text that reads on it, and the primary to use as text on each surface. */
function colorsFor(primary: string): Record<string, string> {
  let colors = colorCache.get(primary);
  if (!colors) {
    const textOn = (surface: string, fallback: string) => (contrast(primary, surface) >= 4.5 ? primary : fallback);
    colors = {
      '--_primary-input': primary,
      '--_on-primary-auto': readableOn(primary),
      '--_primary-text-light': textOn(LIGHT_SURFACE, '#1f2937'),
      '--_primary-text-dark': textOn(DARK_SURFACE, '#f9fafb'),
    };
    colorCache.set(primary, colors);
  }
  return colors;
}

function problemOf(state: ChatState): WidgetProblem | undefined {
  const { cause = '', status } = state.error;
  if (cause === 'rate_limited' || cause === 'quota_exceeded') return 'rate_limited';
  if (!state.ready || state.prelude) return undefined;
  if (status === 404 || cause === 'widget_not_found') return 'unavailable';
  if (status === 401 || status === 403) return 'forbidden';
  return 'connection';
}

/**
 * @tagname opencx-chat
 * @summary The chat widget: a launcher and a chat panel (floating), or just the panel (`mode="inline"`).
 * @csspart trigger - The launcher (`<opencx-trigger>`); its button is `trigger-button`.
 * @csspart trigger-button - The launcher's button.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat panel (`<opencx-panel>`), whose parts are forwarded too.
 * @cssproperty [--opencx-primary-color=#4f46e5] - Brand colour: header, the visitor's bubbles, buttons. Prefer the `primary-color` attribute: with it, the text on the colour is picked for contrast; with this property, also set `--opencx-on-primary-color`.
 * @cssproperty --opencx-on-primary-color - Text and icons on the brand colour (default: black or white, whichever contrasts more with `primary-color`).
 * @cssproperty [--opencx-font-family=system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif] - Font of the whole widget.
 * @cssproperty [--opencx-radius=16px] - Corner radius of bubbles and the panel.
 * @cssproperty [--opencx-z-index=2147483000] - Stacking order of the floating widget.
 * @cssproperty [--opencx-panel-width=380px] - Width of the floating panel.
 * @cssproperty [--opencx-panel-height=600px] - Height of the floating panel.
 * @cssproperty [--opencx-trigger-offset=20px] - Distance of launcher and panel from the viewport edges (`trigger-offset`).
 * @cssproperty [--opencx-trigger-size=56px] - Diameter of the launcher.
 * @cssproperty --opencx-surface-color - Panel background (defaults follow the light/dark theme).
 * @cssproperty --opencx-text-color - Main text colour.
 * @cssproperty --opencx-bubble-color - Background of the bot's and agents' bubbles.
 * @fires opencx-open - The panel opened. `detail: { timestamp }`
 * @fires opencx-close - The panel closed. `detail: { timestamp }`
 * @fires opencx-message - The visitor sent a message or one arrived. `detail: { content, role, messageId }`
 * @fires opencx-escalate - The visitor asked for a human. `detail: { email, message }`
 * @fires opencx-feedback - The visitor rated an answer. `detail: { messageId, type }`
 * @fires opencx-ready - Configuration loaded, ready to chat. `detail: { widgetId }`
 * @fires opencx-error - A configuration or connection problem. `detail: { code, message }`
 */
export class OpenCXChat extends LitElement {
  static override styles = styles;

  @property() token?: string;
  @property({ attribute: 'widget-id' }) widgetId?: string;
  @property({ attribute: 'api-url' }) apiUrl?: string;
  @property() language?: string;
  @property() theme?: 'light' | 'dark' | 'auto';
  @property() position?: 'bottom-right' | 'bottom-left';
  @property({ attribute: 'primary-color' }) primaryColor?: string;
  @property({ attribute: 'trigger-offset' }) triggerOffset?: string;
  @property() greeting?: string;
  @property() placeholder?: string;
  @property({ attribute: 'bot-name' }) botName?: string;
  @property({ attribute: 'bot-avatar' }) botAvatar?: string;
  /** Ask for name and email before the first message; `"optional"` lets the visitor skip it. */
  @property({
    attribute: 'collect-user-data',
    converter: {
      fromAttribute: (v: string | null) => (v === 'optional' ? 'optional' : optionalBoolean.fromAttribute(v)),
    },
  })
  collectUserData?: boolean | 'optional';
  @property({ attribute: 'persist-session', converter: optionalBoolean }) persistSession?: boolean;
  @property({ converter: optionalBoolean }) sound?: boolean;
  @property({ converter: optionalBoolean }) debug?: boolean;
  /** The panel is open. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** `floating` (launcher + panel) or `inline` (the panel fills its parent). */
  @property({ reflect: true }) mode: 'floating' | 'inline' = 'floating';
  /** Options of `createConfig` that attributes cannot carry; attributes win over the same field. */
  @property({ attribute: false }) config?: ConfigOptions;
  /** The chat store. Created from the configuration unless you inject one. */
  @property({ attribute: false }) store?: Chat;

  @state() private normalized?: NormalizedConfig;
  @state() private strings: Translation = en;
  @state() private unread = 0;
  @state() private storeProblem?: WidgetProblem;
  @state() private prelude: Prelude | null = null;
  @state() private panelLoaded = false;
  @state() private configProblem = false;

  readonly #provider = new ContextProvider(this, { context: widgetContext });
  /** The store this element made (and must destroy), as opposed to one injected through `store`. */
  #own?: Chat;
  #ownKey?: string;
  #watched?: Chat;
  #subscriptions: Subscription[] = [];
  /** Where focus was when the panel opened: it goes back there on close. */
  #opener?: HTMLElement;
  #lastError?: string;
  #idle?: number;
  #panelModule?: Promise<unknown>;

  /** Opens the panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  toggle(): void {
    this.open = !this.open;
  }

  /** Sends `text` as the visitor; resolves when the answer has arrived. */
  async send(text: string): Promise<void> {
    if (!this.hasUpdated) await this.updateComplete;
    if (!this.store) throw new ConfigurationError('send: the chat is not configured (see the console).');
    await this.store.sendMessage({ content: text });
  }

  /** Starts a new conversation. */
  async reset(): Promise<void> {
    await this.store?.clearSession();
  }

  /** The conversation is on screen: the panel is open, or inline. */
  get #visible(): boolean {
    return this.open || this.mode === 'inline';
  }

  /** Answers that arrived while the panel was closed. */
  get unreadCount(): number {
    return this.unread;
  }

  /** The interface strings in the widget's language (a standalone `<opencx-trigger>` uses them). */
  get translation(): Translation {
    return this.strings;
  }

  /** The launcher's colours (a standalone `<opencx-trigger>` uses them). */
  get launcherColors(): { background: string; text: string } {
    const colors = colorsFor(this.#theme().primary);
    return { background: colors['--_primary-input']!, text: colors['--_on-primary-auto']! };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page after a removal: rebuild what disconnectedCallback tore down.
    if (this.hasUpdated) this.#configure();
    if (this.store) this.#watch(this.store);
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 2000));
    this.#idle = idle(() => void this.#loadPanel()) as number;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#idle !== undefined) (globalThis.cancelIdleCallback ?? clearTimeout)(this.#idle);
    this.#unwatch();
    // Removed from the page: nothing may keep running. A store we made is rebuilt on reconnect.
    this.#dropOwnStore();
  }

  #dropOwnStore(): void {
    if (!this.#own) return;
    this.#own.destroy();
    if (this.store === this.#own) this.store = undefined;
    this.#own = undefined;
    this.#ownKey = undefined;
    this.unread = 0;
    this.storeProblem = undefined;
    this.prelude = null;
  }

  #options(): ConfigOptions {
    const base: ConfigOptions = { ...this.config };
    const pick = <K extends keyof ConfigOptions>(key: K, value: ConfigOptions[K] | undefined) => {
      if (value !== undefined) base[key] = value;
    };
    if (this.token !== undefined || this.widgetId !== undefined) {
      delete base.token;
      delete base.widgetId;
    }
    pick('token', this.token);
    pick('widgetId', this.widgetId);
    pick('apiUrl', this.apiUrl);
    pick('language', this.language);
    pick('greeting', this.greeting);
    pick('placeholder', this.placeholder);
    pick('position', this.position);
    pick('collectUserData', this.collectUserData);
    pick('debug', this.debug);
    const theme: ThemeOptions = typeof base.theme === 'string' ? { colorScheme: base.theme } : { ...base.theme };
    if (this.theme !== undefined) theme.colorScheme = this.theme;
    if (this.primaryColor !== undefined) theme.primaryColor = this.primaryColor;
    if (this.triggerOffset !== undefined) theme.triggerOffset = this.triggerOffset;
    base.theme = theme;
    if (this.botName !== undefined || this.botAvatar !== undefined) {
      base.bot = {
        ...base.bot,
        ...(this.botName !== undefined && { name: this.botName }),
        ...(this.botAvatar !== undefined && { avatarUrl: this.botAvatar }),
      };
    }
    if (this.persistSession !== undefined || this.sound !== undefined) {
      base.settings = {
        ...base.settings,
        ...(this.persistSession !== undefined && { persistSession: this.persistSession }),
        ...(this.sound !== undefined && { useSoundEffects: this.sound }),
      };
    }
    return base;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || CONFIG_PROPERTIES.some((p) => changed.has(p))) this.#configure();
    if (changed.has('store') && this.store !== this.#own) {
      // A store was injected: ours is no longer needed.
      const injected = this.store;
      this.#dropOwnStore();
      this.store = injected;
    }
    if (changed.has('store') && this.store) this.#watch(this.store);
    if (this.mode === 'inline' || this.open) void this.#loadPanel();
    if (changed.has('open') && this.open) {
      this.store?.markRead();
      this.unread = 0;
      const active = deepActiveElement();
      this.#opener = active && active !== document.body ? active : undefined;
    }
    this.#provide();
  }

  #configure(): void {
    try {
      const config = createConfig(this.#options());
      this.normalized = config;
      this.configProblem = false;
      this.#lastError = undefined;
      void loadTranslation(config.language, config.strings).then((strings) => (this.strings = strings));
      const key = storeKey(config);
      const injected = this.store && this.store !== this.#own;
      if (!injected && key !== this.#ownKey && this.isConnected) {
        this.#dropOwnStore();
        const chat = createChat({
          api: new ApiCaller({ config }),
          config,
          platform: createWebPlatform({ logger: { enabled: true } }),
        });
        this.#own = chat;
        this.#ownKey = key;
        this.store = chat;
        this.#watch(chat);
      }
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      this.normalized = undefined;
      this.configProblem = true;
      this.#dropOwnStore();
      // One message per distinct problem, however often the element re-renders.
      if (error.message !== this.#lastError) {
        this.#lastError = error.message;
        console.error(`[OpenCX] <opencx-chat>: ${error.message}`);
        this.dispatchEvent(new OpenCXErrorEvent({ code: error.code, message: error.message }));
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
    let readySent = false;
    this.#subscriptions = [
      chat
        .select((s) => s.unreadCount)
        .subscribe((unread) => {
          if (this.#visible && unread > 0) chat.markRead();
          else this.unread = unread;
        }),
      chat.select(problemOf).subscribe((problem) => (this.storeProblem = problem)),
      chat
        .select((s) => s.prelude)
        .subscribe((prelude) => {
          this.prelude = prelude;
          // Ready once the settings are in, even when they arrive on a retry.
          if (prelude && !readySent) {
            readySent = true;
            this.dispatchEvent(new OpenCXReadyEvent({ widgetId: this.normalized?.widgetId ?? prelude.widgetId }));
          }
        }),
      chat
        .select((s) => s.error)
        .subscribe((error) => {
          if (error.hasError)
            this.dispatchEvent(
              new OpenCXErrorEvent({ code: error.cause ?? error.code ?? 'error', message: error.message ?? '' }),
            );
        }),
      chat.events$.subscribe(({ message }) => {
        if (message.role === 'system') return;
        const settings = this.normalized;
        const unseen = !this.#visible || globalThis.document?.visibilityState === 'hidden';
        if (message.role !== 'user' && settings?.settings.useSoundEffects && unseen) {
          playArrivalSound(settings.soundEffectFiles.messageArrived);
        }
        this.dispatchEvent(
          new OpenCXMessageEvent({ content: message.content, role: message.role, messageId: message.id }),
        );
      }),
    ];
  }

  #provide(): void {
    this.#provider.setValue({
      chat: this.configProblem ? undefined : this.store,
      config: this.normalized,
      strings: this.strings,
      problem: this.configProblem ? 'configuration' : this.storeProblem,
      mode: this.mode,
      close: () => void this.#closeAndReturnFocus(),
    });
  }

  #loadPanel(): Promise<unknown> {
    this.#panelModule ??= import('../panel/panel.js').then(() => (this.panelLoaded = true));
    return this.#panelModule;
  }

  async #closeAndReturnFocus(): Promise<void> {
    this.open = false;
    // After the update: on a phone the launcher is hidden while the panel is open.
    await this.updateComplete;
    const opener =
      this.#opener?.isConnected && !this.renderRoot.querySelector('opencx-panel')?.shadowRoot?.contains(this.#opener)
        ? this.#opener
        : undefined;
    (opener ?? this.renderRoot.querySelector<OpenCXTrigger>('opencx-trigger'))?.focus();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Only a real change: hide() then show() in one task changes nothing the visitor sees.
    if (changed.has('open') && changed.get('open') !== undefined && changed.get('open') !== this.open) {
      this.dispatchEvent(this.open ? new OpenCXOpenEvent() : new OpenCXCloseEvent());
      if (this.open) void this.#focusComposer();
    }
    this.#applyThemeColors();
    this.#linkLauncherToPanel();
    this.dispatchEvent(new Event('opencx-change'));
  }

  #themeProperties: string[] = [];

  /**
   * The theme's computed colours, set through CSSOM: a style attribute (what Lit's styleMap writes
   * on its first render) is blocked by a strict Content-Security-Policy.
   */
  #applyThemeColors(): void {
    const root = this.renderRoot.querySelector<HTMLElement>('.root');
    if (!root) return;
    const { style } = this.#theme();
    for (const name of this.#themeProperties) if (!(name in style)) root.style.removeProperty(name);
    for (const [name, value] of Object.entries(style)) root.style.setProperty(name, value);
    this.#themeProperties = Object.keys(style);
  }

  /**
   * aria-controls from the launcher's button to the panel. Both live in different shadow roots,
   * where id references do not reach; ARIA element reflection does, in the browsers that have it.
   */
  #linkLauncherToPanel(): void {
    const button = this.renderRoot.querySelector('opencx-trigger')?.shadowRoot?.querySelector('button');
    const panel = this.renderRoot.querySelector('opencx-panel');
    if (button && panel && 'ariaControlsElements' in button) button.ariaControlsElements = [panel];
  }

  async #focusComposer(): Promise<void> {
    await this.#loadPanel();
    await this.updateComplete;
    await this.renderRoot.querySelector('opencx-panel')?.focusComposer();
  }

  #theme() {
    const prelude = this.prelude;
    const options = this.config ?? {};
    const explicitScheme =
      this.theme ?? (typeof options.theme === 'string' ? options.theme : options.theme?.colorScheme);
    const primary = this.normalized?.theme.primaryColor ?? prelude?.primaryColor ?? DEFAULT_PRIMARY;
    return {
      primary,
      scheme: explicitScheme ?? prelude?.theme ?? 'auto',
      position: this.position ?? options.position ?? prelude?.position ?? 'bottom-right',
      style: {
        ...colorsFor(primary),
        ...(this.normalized?.theme.triggerOffset ? { '--_offset-input': this.normalized.theme.triggerOffset } : {}),
      },
    };
  }

  override render() {
    const { scheme, position } = this.#theme();
    const floating = this.mode !== 'inline';
    const dir = this.normalized?.dir ?? 'ltr';
    const unread = this.open ? 0 : this.unread;
    return html`<div
      class="root"
      data-scheme=${scheme}
      data-position=${position}
      dir=${dir}
      lang=${this.normalized?.language ?? 'en'}
    >
      ${
        floating
          ? html`<opencx-trigger
              part="trigger"
              exportparts="button: trigger-button, badge"
              .expanded=${this.open}
              .unread=${unread}
              .strings=${this.strings}
              @click=${() => this.toggle()}
              @pointerenter=${() => void this.#loadPanel()}
              @focusin=${() => void this.#loadPanel()}
            ></opencx-trigger>`
          : nothing
      }
      ${
        this.panelLoaded
          ? html`<opencx-panel
              part="panel"
              id="panel"
              class="panel"
              exportparts=${PANEL_EXPORTS}
              ?hidden=${floating && !this.open}
            ></opencx-panel>`
          : nothing
      }
    </div>`;
  }
}

define('opencx-chat', OpenCXChat);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-chat': OpenCXChat;
  }
}
