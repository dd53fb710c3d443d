// The TypeScript declarations of the script-tag API, LaunchChat's (docs/embed.md#typescript), with
// what our widget adds: every attribute of <opencx-chat> as a LaunchChatConfig field, and
// `messageId` (and the `agent` role) in the message payload.
import type { AttributeName, ChatAttributes } from '../elements/chat/attributes.js';
import type { ConfigOptions } from '../state/config.js';

/**
 * `window.LaunchChatConfig` and `LaunchChatWidget.init()`: LaunchChat's fields, every attribute
 * of `<opencx-chat>` in camelCase, and the options of `createConfig` that attributes cannot carry
 * (`headers`, `user`, `strings`, ...).
 */
export interface LaunchChatConfig extends Omit<ConfigOptions, 'widgetId' | AttributeName>, ChatAttributes {
  /** Required (or `token`, the OpenCX name of the same thing). */
  widgetId: string;
}

export interface WidgetEvents {
  open: { timestamp: number };
  close: { timestamp: number };
  message: { content: string; role: 'user' | 'assistant' | 'agent'; messageId: string };
  escalate: { email: string; message: string };
  feedback: { messageId: string; type: 'positive' | 'negative' };
}

export interface WidgetAPI {
  open(): void;
  close(): void;
  destroy(): void;
  init(config: LaunchChatConfig): Promise<void>;
  on<E extends keyof WidgetEvents>(event: E, callback: (data: WidgetEvents[E]) => void): void;
  off<E extends keyof WidgetEvents>(event: E, callback: (data: WidgetEvents[E]) => void): void;
}

declare global {
  interface Window {
    LaunchChatConfig?: LaunchChatConfig;
    LaunchChatWidget?: WidgetAPI;
  }
}
