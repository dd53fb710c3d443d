import type { ReactiveElement } from 'lit';
import type { LauncherStrings } from '../../i18n/launcher.js';
import type { Chat } from '../../state/chat.js';
import type { ConfigOptions } from '../../state/config.js';
import type { LoggerSettings } from '../../state/logger.js';

// The seams of `<opencx-chat>` (docs/elements.md, "How the element is built"): what its lazily
// loaded runtime and a standalone `<opencx-trigger>` may use of it. Both import these types,
// never the element's module, so no module imports the element back.

/** The attributes that feed the configuration, as the element's properties. */
export interface ChatAttributes {
  token?: string;
  widgetId?: string;
  apiUrl?: string;
  language?: string;
  theme?: 'light' | 'dark' | 'auto';
  position?: 'bottom-right' | 'bottom-left';
  primaryColor?: string;
  triggerOffset?: string;
  greeting?: string;
  placeholder?: string;
  botName?: string;
  botAvatar?: string;
  collectUserData?: boolean | 'optional';
  persistSession?: boolean;
  sound?: boolean;
  debug?: boolean;
}

/** What the runtime (chat-runtime.ts) reads and sets on its element. */
export interface ChatHost extends ReactiveElement, ChatAttributes {
  open: boolean;
  mode: 'floating' | 'inline';
  config?: ConfigOptions;
  store?: Chat;
  /** The brand colour as the launcher shows it, and the text on it. */
  readonly launcherColors: { background: string; text: string };
}

/** The element's class, as the runtime and a trigger read its page-wide settings. */
export interface ChatHostClass {
  defaultApiUrl?: string;
  logger?: Partial<LoggerSettings>;
}

/**
 * What a standalone `<opencx-trigger for>` shows of its chat. The chat dispatches `opencx-change`
 * (not bubbling, not composed) after every update: read these again then.
 */
export interface LauncherState extends HTMLElement {
  readonly open: boolean;
  /** Answers that arrived while the panel was closed. */
  readonly unreadCount: number;
  /** The launcher's strings in the widget's language. */
  readonly translation: LauncherStrings;
  /** The launcher's colours: the brand colour and the text that reads on it. */
  readonly launcherColors: { background: string; text: string };
  toggle(): void;
}
