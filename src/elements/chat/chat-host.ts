import type { ReactiveElement } from 'lit';
import type { LauncherStrings } from '../../i18n/launcher.js';
import type { Chat } from '../../state/chat.js';
import type { ConfigOptions } from '../../state/config.js';
import type { LoggerSettings } from '../../state/logger.js';
import type { ChatAttributes } from './attributes.js';

// The seams of `<opencx-chat>` (docs/elements.md, "How the element is built"): what its lazily
// loaded runtime and a standalone `<opencx-trigger>` may use of it. Both import these types,
// never the element's module, so no module imports the element back.

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
  /** Loads the rest of the chat: the visitor reaches for the launcher. */
  load(): Promise<void>;
}
