import { createContext } from '@lit/context';
import type { Translation } from '../i18n/en.js';
import type { Chat } from './chat.js';
import type { NormalizedConfig } from './config.js';

/** What the visitor sees instead of a working chat. */
export type WidgetProblem = 'configuration' | 'connection' | 'unavailable' | 'forbidden' | 'rate_limited';

/** What `<opencx-chat>` provides to everything inside it. Replaced, never mutated. */
export interface WidgetContext {
  /** `undefined` while the configuration is invalid. */
  chat?: Chat;
  config?: NormalizedConfig;
  strings: Translation;
  problem?: WidgetProblem;
  mode: 'floating' | 'inline';
  /** Closes the panel and gives focus back to the launcher. */
  close(): void;
}

export const widgetContext = createContext<WidgetContext>(Symbol('opencx-widget'));
