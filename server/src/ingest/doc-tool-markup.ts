// What documentation tools add to Markdown that is not the page's text: VitePress and Docusaurus
// containers (`::: tip Title` … `:::`), MkDocs admonitions (`!!! note "Title"` and an indented
// body), Hugo shortcodes (`{{< name >}}`, `{{% name %}}`), `[[toc]]`, and in code blocks the
// twoslash directives (`// ---cut---`, `// ^?`, `// @errors`). The text inside is kept.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CONTAINER = /^ {0,3}:{3,}\s*([\w-]*)\s*(?:\[(.*)\])?(.*)$/;
const ADMONITION = /^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+"(.*)")?\s*$/;
const SHORTCODE = /\{\{[<%]\s*(\/?)\s*([\w./-]*)[^}]*?[>%]\}\}/g;
/** Shortcodes whose inner text is code (configuration shown in several formats, highlighted code). */
const CODE_SHORTCODES = new Set(['code-toggle', 'highlight', 'code']);
const TWOSLASH = /^\s*\/\/\s*(?:\^\?|@[\w-]+(?::.*)?|---cut(?:-before|-after)?---)\s*$/;

/** Markdown without the tools' markup, for the knowledge base (the docs pages render their own). */
export function withoutDocToolMarkup(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  let code: string[] = [];
  let admonitionIndent = false;
  for (const line of markdown.split(/\r?\n/)) {
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length && !line.trim().slice(opener.length)) {
        out.push(...withoutTwoslash(code), line);
        fence = undefined;
        code = [];
      } else {
        code.push(line);
      }
      continue;
    }
    if (opener) {
      fence = opener;
      out.push(line);
      continue;
    }
    if (admonitionIndent) {
      if (/^( {4}|\t)/.test(line) || !line.trim()) {
        out.push(line.replace(/^( {4}|\t)/, ''));
        continue;
      }
      admonitionIndent = false;
    }
    const container = CONTAINER.exec(line);
    if (container) {
      const title = (container[2] ?? container[3] ?? '').trim();
      if (title) out.push('', title, '');
      continue;
    }
    const admonition = ADMONITION.exec(line);
    if (admonition) {
      if (admonition[1]) out.push('', admonition[1], '');
      admonitionIndent = true;
      continue;
    }
    if (/^\s*\[\[toc\]\]\s*$/i.test(line)) continue;
    out.push(...withoutShortcodes(line));
  }
  if (fence) out.push(...withoutTwoslash(code));
  return out.join('\n');
}

/**
 * A line without its shortcodes; those whose text is code become a fence around it. Shortcodes
 * written in inline code are the docs talking about them, and stay.
 */
function withoutShortcodes(line: string): string[] {
  if (!/\{\{[<%]/.test(line)) return [line];
  const replaced = line
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(SHORTCODE, (_whole, closing: string, name: string) =>
            CODE_SHORTCODES.has(name) ? (closing ? '\n```\n' : '\n```text\n') : '',
          ),
    )
    .join('');
  // A line that held only shortcodes goes: a blank line in its place would split a paragraph.
  return replaced.split('\n').filter((piece) => piece.trim());
}

/** Code as the reader sees it: twoslash hides what comes before `// ---cut---`, and its directives. */
function withoutTwoslash(code: string[]): string[] {
  const cut = code.findLastIndex((line) => /^\s*\/\/\s*---cut(?:-before)?---\s*$/.test(line));
  return code.slice(cut + 1).filter((line) => !TWOSLASH.test(line));
}
