import { en, type Translation } from './en.js';
import type { Language } from './languages.js';

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

export { en };
export type { Translation };
