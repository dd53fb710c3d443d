import type { Section } from '../db/knowledge-base.js';

/** A heading in a page: it starts a section. `anchor` is '' for the page's title. */
export interface HeadingBlock {
  depth: number;
  heading: string;
  anchor: string;
}

/** A page in reading order: headings, and the text blocks (paragraphs, lists, code…) between them. */
export type Block = string | HeadingBlock;

export interface Page {
  pageId: string;
  pageTitle: string;
  /** Without an anchor. */
  pageUrl: string;
  blocks: Block[];
}

/** A section shorter than this (in characters) joins the section it sits under. */
const TINY = 24;
/** A section longer than this is split into parts of about PART characters, at block boundaries. */
const LONG = 2400;
const PART = 1500;

/**
 * A page's sections: every heading starts one, running to the next heading, with the path of
 * headings it sits under; text before the first heading belongs to the page title's section.
 * A heading with no text under it makes none; a tiny section joins the one it sits under (a
 * search weighs a few words alone too heavily); a long one is split into parts that share a block
 * of context, never inside a code block.
 */
export function sectionsOf(page: Page): Section[] {
  type Raw = { heading: HeadingBlock; path: string[]; parent?: number; blocks: string[] };
  const raw: Raw[] = [];
  const open: { heading: HeadingBlock; index: number }[] = [];
  let current: Raw = { heading: { depth: 0, heading: page.pageTitle, anchor: '' }, path: [page.pageTitle], blocks: [] };
  raw.push(current);
  for (const block of page.blocks) {
    if (typeof block === 'string') {
      if (block.trim()) current.blocks.push(block.trim());
      continue;
    }
    if (block.anchor === '') {
      // The page's own title heading: its text is the page's first section.
      current.heading = { ...block, heading: page.pageTitle };
      continue;
    }
    while (open.length && open.at(-1)!.heading.depth >= block.depth) open.pop();
    const path = [page.pageTitle, ...open.map((o) => o.heading.heading), block.heading];
    current = { heading: block, path, parent: open.at(-1)?.index ?? 0, blocks: [] };
    open.push({ heading: block, index: raw.length });
    raw.push(current);
  }
  // Tiny sections join their parent, deepest first, so a chain of them ends in a real section.
  for (let i = raw.length - 1; i > 0; i--) {
    const section = raw[i]!;
    const size = section.blocks.join('\n\n').length;
    if (size === 0 || size >= TINY || section.parent === undefined) continue;
    raw[section.parent]!.blocks.push(section.heading.heading, ...section.blocks);
    section.blocks = [];
  }
  return raw.flatMap(({ heading, path, blocks }) =>
    parts(blocks).map((body) => ({
      pageId: page.pageId,
      pageTitle: page.pageTitle,
      pageUrl: heading.anchor ? `${page.pageUrl}#${heading.anchor}` : page.pageUrl,
      heading: heading.heading,
      headingPath: path,
      body,
    })),
  );
}

/** The blocks of a section as one body, or as parts of about PART characters when it is long. */
function parts(blocks: string[]): string[] {
  const whole = blocks.join('\n\n');
  if (!whole) return [];
  if (whole.length <= LONG) return [whole];
  const result: string[][] = [[]];
  let size = 0;
  for (const block of blocks) {
    const part = result.at(-1)!;
    if (size > 0 && size + block.length > PART) {
      // The next part starts with the block before it, when that one is short: its context.
      const previous = part.at(-1)!;
      const carried = previous.length <= PART / 4 ? [previous] : [];
      result.push([...carried, block]);
      size = carried.reduce((n, b) => n + b.length, 0) + block.length;
    } else {
      part.push(block);
      size += block.length;
    }
  }
  return result.map((p) => p.join('\n\n'));
}
