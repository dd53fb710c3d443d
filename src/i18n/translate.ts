import { countText } from './count.js';
import { en, type Translation } from './en.js';
import type { Language } from './languages.js';
import type { LauncherStrings } from './launcher.js';

// English ships with the widget; every other language is a small chunk fetched when asked for.
const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Translation }>> = {
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  de: () => import('./de.js'),
  pt: () => import('./pt.js'),
  nl: () => import('./nl.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  zh: () => import('./zh.js'),
  ar: () => import('./ar.js'),
  he: () => import('./he.js'),
};

/** The strings of `language`, with `overrides` (the `strings` option) on top. */
export async function loadTranslation(language: Language, overrides: Partial<Translation> = {}): Promise<Translation> {
  const base = language === 'en' ? en : (await loaders[language]()).default;
  return { ...base, ...overrides };
}

/**
 * The launcher's strings from the translation `strings` of `language`. The plural rules are applied
 * here, in the runtime, so that the launcher (all a page loads before intent) only calls `unread`.
 */
export function launcherStrings(strings: Translation, language: string): LauncherStrings {
  return {
    openChat: strings.openChat,
    closeChat: strings.closeChat,
    unread: (count) => countText(strings.unread, count, language),
  };
}

export { en };
export type { Translation };
