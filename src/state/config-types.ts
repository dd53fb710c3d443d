import type { Translation } from '../i18n/en.js';
import type { Language } from '../i18n/languages.js';

// The options `createConfig` (config.ts) takes, and the configuration it gives back.

export type ColorScheme = 'light' | 'dark' | 'auto';
export type Position = 'bottom-right' | 'bottom-left';

export interface UserOptions {
  external_id?: string;
  name?: string;
  email?: string;
  phone?: string;
  customData?: Record<string, string>;
  avatarUrl?: string;
}

export interface BotOptions {
  name?: string;
  avatarUrl?: string;
  id?: number | null;
  is_ai?: boolean;
}

export interface ThemeOptions {
  /** Any CSS color; text on it is black or white, whichever contrasts more. */
  primaryColor?: string;
  /** Distance of the launcher from the viewport edges, a CSS length. */
  triggerOffset?: string;
  /** `light`, `dark`, or `auto` to follow `prefers-color-scheme`. */
  colorScheme?: ColorScheme;
}

/** What `createConfig` accepts: OpenCX's options plus LaunchChat's fields (docs/configuration.md). */
export interface ConfigOptions {
  /** Bot/widget token. `widgetId` is an alias; one of the two is required. */
  token?: string;
  widgetId?: string;
  /** Backend base URL, absolute or a path on this page's origin; may hold `{name}` placeholders filled from `pathParams`. Default: the page's origin. */
  apiUrl?: string;
  headers?: Record<string, string>;
  queryParams?: Record<string, string>;
  pathParams?: Record<string, string>;
  /** Ask for the visitor's name and email before the first message; `'optional'` lets them skip it. */
  collectUserData?: boolean | 'optional';
  debug?: boolean;
  /** Interface language, default `en`; an unsupported one falls back to `en` with a warning. */
  language?: string;
  /** Sent as `Authorization: Bearer <contactToken>`. */
  contactToken?: string;
  user?: UserOptions;
  bot?: BotOptions;
  /** OpenCX's theme object, or LaunchChat's colour scheme (`'light' | 'dark' | 'auto'`). */
  theme?: ThemeOptions | ColorScheme;
  settings?: { persistSession?: boolean; useSoundEffects?: boolean; attachments?: boolean };
  soundEffectFiles?: { messageArrived?: string };
  /** LaunchChat alias of `theme.primaryColor`. */
  primaryColor?: string;
  greeting?: string;
  placeholder?: string;
  position?: Position;
  /**
   * Replaces any of the interface's strings (see `src/i18n/en.ts` for the keys): a string, or for
   * the texts of counts either a string or one form per plural category (`{ one, other }`).
   */
  strings?: Partial<Translation>;
}

/** A validated configuration with every default applied. Frozen. */
export interface NormalizedConfig {
  readonly token: string;
  readonly widgetId: string;
  /** Absolute, with path params substituted and no trailing slash. */
  readonly apiUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly queryParams: Readonly<Record<string, string>>;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly collectUserData: boolean | 'optional';
  readonly debug: boolean;
  readonly language: Language;
  readonly dir: 'ltr' | 'rtl';
  readonly contactToken?: string;
  readonly user: Readonly<UserOptions>;
  readonly bot: Readonly<BotOptions>;
  readonly theme: Readonly<{ primaryColor?: string; triggerOffset?: string; colorScheme: ColorScheme }>;
  readonly settings: Readonly<{ persistSession: boolean; useSoundEffects: boolean; attachments: boolean }>;
  readonly soundEffectFiles: Readonly<{ messageArrived?: string }>;
  readonly greeting?: string;
  readonly placeholder?: string;
  readonly position: Position;
  readonly strings: Readonly<Partial<Translation>>;
}
