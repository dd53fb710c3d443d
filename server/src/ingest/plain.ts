import type { Token, Tokens } from 'marked';

const BLOCKS = new Set(['paragraph', 'list', 'code', 'table', 'blockquote', 'heading']);

/** The readable text of markdown tokens: what a search matches, an excerpt quotes and a title reads. */
export function plain(tokens: Token[]): string {
  return tokens
    .map((token) => {
      const t = token as Tokens.Generic;
      // Fenced again, so an answer quoting it shows a code block, not a run-on paragraph.
      if (token.type === 'code') return `\`\`\`\n${t.text}\n\`\`\``;
      if (token.type === 'list') return (token as Tokens.List).items.map((i) => `- ${plain(i.tokens)}`).join('\n');
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        return [table.header, ...table.rows].map((row) => row.map((cell) => cell.text).join(' | ')).join('\n');
      }
      if (t.tokens) return plain(t.tokens);
      if (token.type === 'space') return '\n';
      // A line break inside a paragraph is the file's wrapping, not the author's: a space.
      return token.type === 'text' ? (t.text ?? '').replace(/[ \t]*\n[ \t]*/g, ' ') : (t.text ?? '');
    })
    .join(tokens.some((t) => BLOCKS.has(t.type)) ? '\n\n' : '');
}
