import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { OpenCXCloseEvent } from '../../events/close.js';
import { OpenCXOpenEvent } from '../../events/open.js';
import { directionOf } from '../../i18n/languages.js';
import { launcherEn, type LauncherStrings } from '../../i18n/launcher.js';
import type { Chat } from '../../state/chat.js';
import type { ConfigOptions } from '../../state/config.js';
import type { LoggerSettings } from '../../state/logger.js';
import { define } from '../define.js';
import '../trigger/trigger.js';
import { reactiveProperties, type ChatAttributes } from './attributes.js';
import type { ChatHost, LauncherState } from './chat-host.js';
import type { ChatRuntime } from './chat-runtime.js';
import { readableOn } from './contrast.js';
import { styles } from './chat.styles.js';

const DEFAULT_PRIMARY = '#4f46e5';

const readable = new Map<string, string>();

/** The text colour that reads on `primary` (worked out once per colour: it paints a canvas). */
function textOn(primary: string): string {
  let text = readable.get(primary);
  if (!text) readable.set(primary, (text = readableOn(primary)));
  return text;
}

/**
 * @tagname opencx-chat
 * @summary The chat widget: a launcher and a chat panel (floating), or just the panel (`mode="inline"`).
 * @csspart trigger - The launcher (`<opencx-trigger>`); its button is `trigger-button`.
 * @csspart trigger-button - The launcher's button.
 * @csspart badge - The unread count on the launcher.
 * @csspart panel - The chat panel (`<opencx-panel>`), whose parts are forwarded too.
 * @cssproperty [--opencx-primary-color=#4f46e5] - Brand colour: header, the visitor's bubbles, buttons. Prefer the `primary-color` attribute: with it, the text on the colour is picked for contrast; with this property, also set `--opencx-on-primary-color`.
 * @cssproperty [--opencx-on-primary-color=black or white, whichever contrasts more with `primary-color`] - Text and icons on the brand colour.
 * @cssproperty [--opencx-font-family=system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif] - Font of the whole widget.
 * @cssproperty [--opencx-radius=16px] - Corner radius of bubbles and the panel.
 * @cssproperty [--opencx-z-index=2147483000] - Stacking order of the floating widget.
 * @cssproperty [--opencx-panel-width=380px] - Width of the floating panel.
 * @cssproperty [--opencx-panel-height=600px] - Height of the floating panel.
 * @cssproperty [--opencx-trigger-offset=20px] - Distance of launcher and panel from the viewport edges (`trigger-offset`).
 * @cssproperty [--opencx-trigger-size=56px] - Diameter of the launcher.
 * @cssproperty [--opencx-surface-color=#ffffff (light), #111827 (dark)] - Panel background.
 * @cssproperty [--opencx-text-color=#1f2937 (light), #f9fafb (dark)] - Main text colour.
 * @cssproperty [--opencx-bubble-color=#f3f4f6 (light), #1f2937 (dark)] - Background of the bot's and agents' bubbles.
 * @fires {OpenCXOpenEvent} opencx-open - The panel opened. `detail: { timestamp }`
 * @fires {OpenCXCloseEvent} opencx-close - The panel closed. `detail: { timestamp }`
 * @fires {OpenCXMessageEvent} opencx-message - The visitor sent a message or one arrived. `detail: { content, role, messageId }`
 * @fires {OpenCXEscalateEvent} opencx-escalate - The visitor asked for a human. `detail: { email, message }`
 * @fires {OpenCXFeedbackEvent} opencx-feedback - The visitor rated an answer. `detail: { messageId, type }`
 * @fires {OpenCXReadyEvent} opencx-ready - Configuration loaded, ready to chat. `detail: { widgetId }`
 * @fires {OpenCXErrorEvent} opencx-error - A configuration or connection problem. `detail: { code, message }`
 */
// Merged with the interface of its attributes' properties, below: Lit defines them at runtime.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class OpenCXChat extends LitElement implements ChatHost, LauncherState {
  static override styles = styles;

  // Declared as static properties rather than with decorators: the launcher is all a page loads
  // before the visitor's first intent, and the decorators' code would add a twentieth to it. The
  // attributes come from their table (attributes.ts).
  static override properties = {
    ...reactiveProperties(),
    open: { type: Boolean, reflect: true },
    // Reflected for the styles (`:host([mode='inline'])`), but only once the page sets it: a
    // `mode="floating"` written onto every chat would differ from the server-rendered HTML, which
    // React reports as a hydration mismatch (docs/frameworks.md, server-side rendering).
    mode: { reflect: true, useDefault: true },
    config: { attribute: false },
    store: { attribute: false },
  };

  /**
   * The `api-url` of chats that set none. Unset, that is the page's origin; the script-tag build
   * (embed.js) sets it to the origin it was loaded from.
   */
  static defaultApiUrl?: string;

  /**
   * The console settings (`Platform.logger`: `level`, `prefix`, `enabled`) of the widget on this
   * page: the stores its chats make, and what `<opencx-chat>`, `<opencx-trigger>` and
   * `window.LaunchChatWidget` log themselves. Unset, `{ level: 'warn', prefix: '[OpenCX]', enabled: true }`.
   */
  static logger?: Partial<LoggerSettings>;

  /** The panel is open. */
  open = false;
  /** `floating` (launcher + panel) or `inline` (the panel fills its parent). */
  mode: 'floating' | 'inline' = 'floating';

  /** Options of `createConfig` that attributes cannot carry; attributes win over the same field. */
  declare config?: ConfigOptions;
  /** The chat store. Created from the configuration unless you inject one. */
  declare store?: Chat;

  /** Loaded on first intent (hover, focus, touch, click, `show()`): configuration, store, panel. */
  #runtime?: ChatRuntime;
  #runtimeModule?: Promise<ChatRuntime>;
  #idle?: number;
  /** The panel was opened on the page (not open in the HTML from the start), before the runtime loaded. */
  #opened = false;

  /** Opens the panel. */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  /** Opens the panel when it is closed, closes it when it is open. */
  toggle(): void {
    this.open = !this.open;
  }

  /** Sends `text` as the visitor; resolves when the answer has arrived. */
  async send(text: string): Promise<void> {
    await this.load();
    await this.#runtime!.send(text);
  }

  /** Starts a new conversation. */
  async reset(): Promise<void> {
    await this.load();
    await this.store?.clearSession();
  }

  /**
   * Loads the chat now rather than on the visitor's first intent (hover, focus, touch or click
   * on the launcher): its configuration, store and panel. Resolves once the configuration is applied (and
   * the store made, when it is valid).
   */
  async load(): Promise<void> {
    this.#runtimeModule ??= import('./chat-runtime.js').then(
      ({ ChatRuntime }) => {
        const runtime = new ChatRuntime(this, this.open && this.#opened);
        this.#runtime = runtime;
        this.requestUpdate();
        return runtime;
      },
      (error: unknown) => {
        // Offline at the first intent, say: the next intent tries again.
        this.#runtimeModule = undefined;
        throw error;
      },
    );
    await this.#runtimeModule;
    await this.updateComplete;
  }

  /** The conversation is on screen: the panel is open, or inline. */
  get #visible(): boolean {
    return this.open || this.mode === 'inline';
  }

  /** Answers that arrived while the panel was closed. */
  get unreadCount(): number {
    return this.#runtime?.unread ?? 0;
  }

  /** The launcher's strings in the widget's language (a standalone `<opencx-trigger>` uses them). */
  get translation(): LauncherStrings {
    return this.#runtime?.launcher ?? launcherEn;
  }

  /** The launcher's colours (a standalone `<opencx-trigger>` uses them). */
  get launcherColors(): { background: string; text: string } {
    const { primary } = this.#theme();
    return { background: primary, text: textOn(primary) };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A page pays for the runtime when its visitor reaches for the chat (docs/elements.md, "What
    // loads when"); at idle time only when the site asks for it, or when this visitor has a
    // conversation kept here (a person's reply may come while the panel is closed).
    // `prefetch` (an attribute only: read once, here) loads it when the browser is idle.
    let wanted: unknown = this.hasAttribute('prefetch');
    try {
      wanted ||= localStorage[`opencx:${this.widgetId ?? this.token}:chat`];
    } catch {
      // storage refused (private mode): nothing is kept
    }
    if (!wanted || (navigator as { connection?: { saveData?: boolean } }).connection?.saveData) return;
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 2000));
    this.#idle = idle(() => void this.load()) as number;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#idle !== undefined) (globalThis.cancelIdleCallback ?? clearTimeout)(this.#idle);
  }

  protected override willUpdate(): void {
    if (this.#visible) void this.load();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Only a real change: hide() then show() in one task changes nothing the visitor sees.
    if (changed.has('open') && changed.get('open') !== undefined && changed.get('open') !== this.open) {
      this.#opened = this.open;
      this.dispatchEvent(this.open ? new OpenCXOpenEvent() : new OpenCXCloseEvent());
    }
    this.#applyThemeColors();
    this.dispatchEvent(new Event('opencx-change'));
  }

  /**
   * The theme's computed colours, set through CSSOM: a style attribute (what Lit's styleMap writes
   * on its first render) is blocked by a strict Content-Security-Policy.
   */
  #applyThemeColors(): void {
    const style = this.renderRoot.querySelector<HTMLElement>('.root')?.style;
    if (!style) return;
    const { primary, offset } = this.#theme();
    style.setProperty('--_primary-input', primary);
    style.setProperty('--_on-primary-auto', textOn(primary));
    if (offset) style.setProperty('--_offset-input', offset);
    else style.removeProperty('--_offset-input');
  }

  #theme() {
    const runtime = this.#runtime;
    const prelude = runtime?.prelude;
    const options = this.config ?? {};
    const themeOption = typeof options.theme === 'string' ? { colorScheme: options.theme } : (options.theme ?? {});
    // Until the runtime has checked the configuration, the attributes and `config` as given.
    const theme = runtime
      ? runtime.config?.theme
      : {
          primaryColor: this.primaryColor ?? themeOption.primaryColor ?? options.primaryColor,
          triggerOffset: this.triggerOffset ?? themeOption.triggerOffset,
        };
    // Until the runtime has matched it to a translation, the language as given.
    const language = runtime?.config?.language ?? this.language ?? options.language ?? 'en';
    const primary = theme?.primaryColor ?? prelude?.primaryColor ?? DEFAULT_PRIMARY;
    return {
      primary,
      language,
      scheme: this.theme ?? themeOption.colorScheme ?? prelude?.theme ?? 'auto',
      position: this.position ?? options.position ?? prelude?.position ?? 'bottom-right',
      offset: theme?.triggerOffset,
    };
  }

  override render() {
    const { scheme, position, language } = this.#theme();
    const floating = this.mode !== 'inline';
    const unread = this.open ? 0 : this.unreadCount;
    const intent = () => void this.load();
    return html`<div
      class="root"
      data-scheme=${scheme}
      data-position=${position}
      dir=${directionOf(language)}
      lang=${language}
    >
      ${
        floating
          ? html`<opencx-trigger
              part="trigger"
              exportparts="button: trigger-button, badge"
              .expanded=${this.open}
              .unread=${unread}
              .strings=${this.translation}
              @click=${() => this.toggle()}
              @pointerenter=${intent}
              @focusin=${intent}
            ></opencx-trigger>`
          : nothing
      }
      ${this.#runtime?.renderPanel(position, scheme)}
    </div>`;
  }
}

// The attributes' properties (token, widgetId, ...), typed and documented in attributes.ts, whose
// table declares them to Lit above.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface OpenCXChat extends ChatAttributes {}

define('opencx-chat', OpenCXChat);

declare global {
  interface HTMLElementTagNameMap {
    'opencx-chat': OpenCXChat;
  }
}
