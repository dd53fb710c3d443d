import { Element, Text, type AnyNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** Never text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

/** The text of an HTML fragment, without tags, scripts or styles: `<kbd>Ctrl</kbd>` reads `Ctrl`. */
export function htmlText(html: string): string {
  const walk = (nodes: AnyNode[]): string =>
    nodes
      .map((node) =>
        node instanceof Element
          ? HIDDEN.has(node.name)
            ? ''
            : walk(node.children)
          : node instanceof Text
            ? node.data
            : '',
      )
      .join('');
  return walk(parseDocument(html, { decodeEntities: true }).children);
}
