/** Languages the widget's interface is translated into. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it', 'ja', 'zh', 'ar', 'he'] as const;

export type Language = (typeof LANGUAGES)[number];

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['ar', 'he']);

/** Text direction of a language's script. */
export function directionOf(language: Language): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

/**
 * The supported language a BCP 47 tag asks for: an exact match, else its primary subtag
 * (`pt-BR` -> `pt`), else `undefined`.
 */
export function matchLanguage(tag: string): Language | undefined {
  const lower = tag.trim().toLowerCase();
  const primary = lower.split(/[-_]/)[0] ?? lower;
  return LANGUAGES.find((l) => l === lower) ?? LANGUAGES.find((l) => l === primary);
}
