import { stemmer } from 'stemmer';

// The part of a section that answers a question: a few sentences, or one code block with the
// sentence that leads into it — not the whole section (docs/server.md, "The default answerer").

/** Words too common to tell sentences apart. */
const STOP = new Set(
  'a an and are as at be but by can do does for from how i if in into is it its me my of on or so that the their then there these this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

/** The stems of the words of `text` that say something. */
export function stems(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}_$]+/gu) ?? [];
  return new Set(words.filter((w) => !STOP.has(w)).map((w) => stemmer(w)));
}

/** The blocks of a section's body (as ingest writes it): paragraphs and lists, and code blocks whole. */
export function blocksOf(body: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fenced = false;
  for (const line of body.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && !line.trim()) {
      if (current.length) blocks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length) blocks.push(current.join('\n'));
  return blocks;
}

/** The most characters an extract of sentences or list items runs to. */
const MAX_TEXT = 420;
/** The longest code block an extract shows whole; a longer one is left for the cited page. */
const MAX_CODE = 1200;

/** The sentences of a paragraph, or the items of a list: what an extract is cut from. */
function piecesOf(block: string): { pieces: string[]; joiner: string } {
  if (/^- /.test(block)) return { pieces: block.split(/\n(?=- )/).map((p) => p.trim()), joiner: '\n' };
  return { pieces: block.split(/(?<=[.!?])\s+(?=[\p{Lu}\d`*"(])/u).map((p) => p.trim()), joiner: ' ' };
}

/** The first pieces of `block` from `from`, up to about MAX_TEXT characters. */
function opening(block: string, from = 0): string {
  const { pieces, joiner } = piecesOf(block);
  const out: string[] = [];
  for (const piece of pieces.slice(from)) {
    if (out.length && out.join(joiner).length + piece.length > MAX_TEXT) break;
    out.push(piece);
  }
  return out.join(joiner);
}

const isCode = (block: string) => block.trimStart().startsWith('```');

/** The rows of a table as ingest writes it (docs/server.md, "Ingest"): a line a row, cells between ` | `. */
function rowsOf(block: string): string[][] | undefined {
  const lines = block.split('\n');
  const rows = lines.map((line) => line.split(' | ').map((cell) => cell.trim()));
  const width = rows[0]!.length;
  return lines.length >= 2 && width >= 2 && rows.every((row) => row.length === width) ? rows : undefined;
}

/**
 * A table answers by its rows: those sharing most words with the question (the first ones when
 * none does), each as a list item naming its columns — "- A — header: value; header: value" —
 * rather than a run of cells and pipes.
 */
function tableExtract(rows: string[][], overlap: (text: string) => number): string {
  const [head, ...body] = rows;
  const scores = body.map((row) => overlap(row.join(' ')));
  const top = Math.max(...scores);
  const chosen = body.filter((_, i) => scores[i] === top);
  const items: string[] = [];
  for (const [first, ...rest] of chosen) {
    const pairs = rest.flatMap((cell, i) => (cell ? [`${head![i + 1]}: ${cell}`] : []));
    const item = `- ${first}${pairs.length ? ` — ${pairs.join('; ')}` : ''}`;
    if (items.length && items.join('\n').length + item.length > MAX_TEXT) break;
    items.push(item);
  }
  return items.join('\n');
}

/**
 * The extract of `body` that best answers `question`: the block (paragraph, list or code block)
 * sharing most of its words, the earlier one on a tie, the first paragraph counting one word more. A paragraph or list is quoted from its start
 * (its first sentences say what the rest relies on), up to about MAX_TEXT characters, or from its
 * best sentence when that comes later; with the code block after it when it leads into one
 * ("like this:"). A code block comes with the sentence that leads into it.
 */
export function extract(body: string, question: string): string {
  const blocks = blocksOf(body);
  if (blocks.length === 0) return '';
  const wanted = stems(question);
  const overlap = (text: string) => [...stems(text)].filter((s) => wanted.has(s)).length;
  // The section's first paragraph usually says what the section is about: it counts one more.
  const opener = blocks.findIndex((b) => !isCode(b));
  let at = 0;
  let top = -1;
  blocks.forEach((block, i) => {
    if (isCode(block) && block.length > MAX_CODE) return;
    const score = overlap(block) + (i === opener ? 1 : 0);
    if (score > top) [at, top] = [i, score];
  });
  const block = blocks[at]!;
  const rows = isCode(block) ? undefined : rowsOf(block);
  if (rows) return tableExtract(rows, overlap);
  if (isCode(block)) {
    const lead = blocks[at - 1];
    const sentences = lead && !isCode(lead) ? piecesOf(lead).pieces : [];
    return sentences.length ? `${sentences.at(-1)}\n\n${block}` : block;
  }
  const { pieces } = piecesOf(block);
  let from = 0;
  if (opening(block).length < block.length) {
    // The best piece, when the opening does not reach it.
    const best = pieces.reduce((b, piece, i) => (overlap(piece) > overlap(pieces[b]!) ? i : b), 0);
    if (!opening(block).includes(pieces[best]!)) from = best;
  }
  const text = opening(block, from);
  const next = blocks[at + 1];
  return text.endsWith(':') && next && isCode(next) && next.length <= MAX_CODE ? `${text}\n\n${next}` : text;
}
