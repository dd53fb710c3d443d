/**
 * A text that depends on a count, with `{count}` where the number goes: one text for every count,
 * or one per CLDR plural category of the language (`zero`, `one`, `two`, `few`, `many`, `other`;
 * see `Intl.PluralRules`), of which `other` is required and stands in for any category left out.
 */
export type CountText = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);

/** The plural categories a `CountText` may name. */
export const PLURAL_CATEGORIES: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** `text` for `count` in `language`: the form of the count's plural category (else `other`), `{count}` filled in. */
export function countText(text: CountText, count: number, language: string): string {
  const form = typeof text === 'string' ? text : (text[new Intl.PluralRules(language).select(count)] ?? text.other);
  return form.replaceAll('{count}', String(count));
}
