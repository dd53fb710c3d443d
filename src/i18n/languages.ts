/** Languages the widget's interface is translated into. */
export const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it', 'ja', 'zh', 'ar', 'he'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Text direction of a language's script, from its tag (`ar`, `he-IL`, ...). */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return /^(ar|he)\b/i.test(language) ? 'rtl' : 'ltr';
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
