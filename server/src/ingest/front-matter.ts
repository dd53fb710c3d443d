import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** What a page's front matter says about it that the knowledge base uses. */
export interface PageMeta {
  title?: string;
  description?: string;
}

// YAML between `---` lines (Jekyll, VitePress, Docusaurus, MkDocs, Hugo) or TOML between `+++`
// lines (Hugo), at the very start of the file.
const FENCES: { open: RegExp; close: RegExp; parse: (source: string) => unknown }[] = [
  { open: /^---[ \t]*\r?\n/, close: /^(?:---|\.\.\.)[ \t]*$/m, parse: (source) => parseYaml(source) },
  { open: /^\+\+\+[ \t]*\r?\n/, close: /^\+\+\+[ \t]*$/m, parse: parseToml },
];

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/**
 * Splits a page's front matter from its text: metadata, not content (an answer quoting
 * `layout: home` helps nobody). Front matter that does not parse is still removed, without meta.
 */
export function splitFrontMatter(source: string): { meta: PageMeta; body: string } {
  const page = source.replace(/^\uFEFF/, '');
  for (const { open, close, parse } of FENCES) {
    const start = open.exec(page);
    if (!start) continue;
    const rest = page.slice(start[0].length);
    const end = close.exec(rest);
    if (!end) continue;
    const body = rest.slice(end.index + end[0].length).replace(/^\r?\n/, '');
    let data: unknown;
    try {
      data = parse(rest.slice(0, end.index));
    } catch {
      return { meta: {}, body };
    }
    const fields = (data ?? {}) as Record<string, unknown>;
    const meta: PageMeta = {};
    const [title, description] = [text(fields.title), text(fields.description)];
    if (title) meta.title = title;
    if (description) meta.description = description;
    return { meta, body };
  }
  return { meta: {}, body: page };
}
