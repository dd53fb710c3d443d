import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import { htmlText } from './html-text.js';

const BLOCKS = new Set(['paragraph', 'list', 'code', 'table', 'blockquote', 'heading']);
const isBlock = (token: Token) => BLOCKS.has(token.type) || (token.type === 'html' && (token as Tokens.HTML).block);

/** The readable text of markdown tokens: what a search matches, an excerpt quotes and a title reads. */
export function plain(tokens: Token[]): string {
  return tokens
    .map((token) => {
      const t = token as Tokens.Generic;
      // Fenced again, whole, so an answer quoting it shows a code block, not a run-on paragraph.
      if (token.type === 'code') return `\`\`\`${(token as Tokens.Code).lang?.split(/\s/)[0] ?? ''}\n${t.text}\n\`\`\``;
      if (token.type === 'list') return (token as Tokens.List).items.map((i) => `- ${plain(i.tokens)}`).join('\n');
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        return [table.header, ...table.rows].map((row) => row.map((cell) => plain(cell.tokens)).join(' | ')).join('\n');
      }
      // Components and wrappers (`<div class="options-api">`, `<sup class="badge" />`): their text only.
      if (token.type === 'html') return htmlText(t.text).replace(/\s+/g, ' ').trim();
      if (t.tokens) return plain(t.tokens);
      if (token.type === 'space') return '\n';
      // A line break inside a paragraph is the file's wrapping, not the author's: a space.
      if (token.type === 'text') return decodeHTML(t.text ?? '').replace(/[ \t]*\n[ \t]*/g, ' ');
      return t.text ?? '';
    })
    .filter((text, _i, all) => text.trim() || all.length === 1 || !tokens.some(isBlock))
    .join(tokens.some(isBlock) ? '\n\n' : '');
}
