import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { Element, type AnyNode, type Text } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { Lexer, type Token, type Tokens } from 'marked';
import type { Database } from './db.js';

/** One part of a knowledge-base page: what a citation points at. */
export interface Section {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  heading: string;
  body: string;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');

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
const BLOCKS = new Set(['paragraph', 'list', 'code', 'table', 'blockquote', 'heading']);

/** A page in reading order: headings that start sections, and the text blocks between them. */
type Block = string | { heading: string; anchor: string };

/**
 * A page's sections: each heading starts one, running to the next; text before the first heading
 * belongs to the page title's section; a heading with no text under it makes none.
 */
function sectionsOf(pageId: string, pageTitle: string, pageUrl: string, blocks: Block[]): Section[] {
  const sections: Section[] = [];
  let heading = pageTitle;
  let anchor = '';
  let body: string[] = [];
  const flush = () => {
    const text = body
      .filter((b) => b.trim())
      .join('\n\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (!text) return;
    const url = anchor ? `${pageUrl}#${anchor}` : pageUrl;
    // One URL, one section: text before the first heading, or two headings with the same anchor.
    const same = sections.find((s) => s.pageUrl === url);
    if (same) same.body += `\n\n${text}`;
    else sections.push({ pageId, pageTitle, pageUrl: url, heading, body: text });
  };

  for (const block of blocks) {
    if (typeof block === 'string') {
      body.push(block);
      continue;
    }
    flush();
    ({ heading, anchor } = block);
    body = [];
  }
  flush();
  return sections;
}

/**
 * A Markdown page's tokens, and the anchor a citation gives each heading that starts a section
 * (the top-level headings of levels 1-3): '' for the first one, the page title, whose section is
 * the page itself. Whatever renders the page gives its headings these ids, so citations land.
 */
export function markdownAnchors(text: string): { tokens: Token[]; anchors: Map<Tokens.Heading, string> } {
  const tokens = new Lexer({ gfm: true }).lex(text);
  const headings = tokens.filter((t): t is Tokens.Heading => t.type === 'heading');
  const anchors = new Map<Tokens.Heading, string>();
  for (const heading of headings) {
    if (heading.depth <= 3) anchors.set(heading, heading === headings[0] ? '' : slug(heading.text));
  }
  return { tokens, anchors };
}

/**
 * Splits a Markdown page at its headings (levels 1-3), so a citation points at the right part.
 * The page title is its first heading, else the file name.
 */
export function sectionsOfMarkdown(path: string, text: string, baseUrl: string): Section[] {
  const { tokens, anchors } = markdownAnchors(text);
  const firstHeading = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  // Titles as text: a citation shows `<opencx-trigger>` as <opencx-trigger>, not with its backticks.
  const pageTitle = firstHeading ? plain(firstHeading.tokens) : path.replace(/\.[^.]+$/, '');
  const blocks = tokens.map((token): Block => {
    const anchor = anchors.get(token as Tokens.Heading);
    return anchor === undefined ? plain([token]) : { heading: plain((token as Tokens.Heading).tokens), anchor };
  });
  return sectionsOf(path, pageTitle, baseUrl + path, blocks);
}

/** Never content: scripts, styles, and the site's chrome around a page's text. */
const SKIPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'iframe',
  'nav',
  'footer',
  'aside',
  'form',
  'button',
  'select',
]);
/** Elements that end a line of text: what is inside is a block of its own. */
const BLOCK_ELEMENTS = new Set(
  'address article blockquote dd details dialog div dl dt fieldset figcaption figure h4 h5 h6 header hr li main ol p pre section summary table tbody thead tfoot tr ul'.split(
    ' ',
  ),
);

const textOf = (node: AnyNode): string => DomUtils.textContent(node).replace(/\s+/g, ' ').trim();

/**
 * Splits an HTML page at its headings (h1-h3), like Markdown. The page title is its first h1,
 * else its <title>, else the file name. Only the page's own content is read: its <main> (or
 * <article>) when it has one, without navigation, footers, asides, forms, scripts or styles, nor
 * anything hidden. A heading's anchor is its id when it has one.
 */
export function sectionsOfHtml(path: string, html: string, baseUrl: string): Section[] {
  const document = parseDocument(html);
  const find = (test: (e: Element) => boolean) => DomUtils.findOne(test, document.children, true);
  const root =
    find((e) => e.name === 'main' || e.attribs.role === 'main') ??
    find((e) => e.name === 'article') ??
    find((e) => e.name === 'body') ??
    document;
  const firstHeading = DomUtils.findOne((e) => e.name === 'h1', root.children, true);
  const titleElement = find((e) => e.name === 'title');
  const pageTitle =
    (firstHeading && textOf(firstHeading)) || (titleElement && textOf(titleElement)) || path.replace(/\.[^.]+$/, '');

  const blocks: Block[] = [];
  let line = '';
  /** `line` is a list item or a table row; `listed`: so is the last block. Such lines make one block, as in Markdown. */
  let item = false;
  let listed = false;
  const endLine = () => {
    const text = line.replace(/[ \t]+/g, ' ').trim();
    // An item whose text is inside a block of its own (<li><p>…): keep its dash for that text.
    if (text === '-') return;
    line = '';
    if (!text) return;
    if (item && listed) blocks[blocks.length - 1] += `\n${text}`;
    else blocks.push(text);
    listed = item;
    item = false;
  };
  const walk = (node: AnyNode): void => {
    if (node.type === 'text') {
      line += (node as Text).data.replace(/\s+/g, ' ');
      return;
    }
    if (!(node instanceof Element)) return;
    const { name, attribs } = node;
    if (SKIPPED.has(name) || 'hidden' in attribs || attribs['aria-hidden'] === 'true') return;
    if (/^h[1-3]$/.test(name)) {
      endLine();
      const heading = textOf(node);
      if (heading) blocks.push({ heading, anchor: node === firstHeading ? '' : attribs.id || slug(heading) });
      listed = item = false;
      return;
    }
    if (name === 'br') {
      line += '\n';
      return;
    }
    if (name === 'pre') {
      endLine();
      // Fenced, as from Markdown: an answer quoting it shows a code block.
      blocks.push(`\`\`\`\n${DomUtils.textContent(node).replace(/^\n|\n$/g, '')}\n\`\`\``);
      listed = item = false;
      return;
    }
    const block = BLOCK_ELEMENTS.has(name);
    if (block) endLine();
    if (name === 'li') {
      line += '- ';
      item = true;
    }
    if (name === 'tr') {
      const cells = node.children.filter((c): c is Element => c instanceof Element && /^t[hd]$/.test(c.name));
      line += cells.map(textOf).join(' | ');
      item = true;
    } else {
      node.children.forEach(walk);
    }
    if (block) endLine();
  };
  root.children.forEach(walk);
  endLine();
  return sectionsOf(path, pageTitle, baseUrl + path, blocks);
}

/** What a knowledge-base folder may hold, by extension: how each kind is split into sections. */
const KINDS = new Map<string, (path: string, text: string, baseUrl: string) => Section[]>([
  ['.md', sectionsOfMarkdown],
  ['.markdown', sectionsOfMarkdown],
  ['.html', sectionsOfHtml],
  ['.htm', sectionsOfHtml],
  ['.txt', sectionsOfText],
]);

/** A text file is one section, titled with its path. */
function sectionsOfText(path: string, text: string, baseUrl: string): Section[] {
  const body = text.trim();
  return body ? [{ pageId: path, pageTitle: path, pageUrl: baseUrl + path, heading: path, body }] : [];
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && KINDS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads every Markdown, HTML or text file under `folder` into `widgetId`'s knowledge base. Idempotent:
 * the widget's sections are replaced by what the folder holds now.
 */
export async function ingestFolder(db: Database, widgetId: string, folder: string, baseUrl: string) {
  const sections: Section[] = [];
  for (const file of await filesUnder(folder)) {
    const path = relative(folder, file).split(sep).join('/');
    const text = await readFile(file, 'utf8');
    sections.push(...KINDS.get(extname(file).toLowerCase())!(path, text, baseUrl));
  }
  await db.transaction(async (tx) => {
    // One ingest of a widget at a time, whichever process runs it: a second one waits, then
    // replaces what the first wrote, instead of colliding with its rows.
    await tx.query(`select pg_advisory_xact_lock(74190002, hashtext($1))`, [widgetId]);
    await tx.query('delete from kb_sections where widget_id = $1', [widgetId]);
    for (const s of sections) {
      await tx.query(
        'insert into kb_sections (widget_id, page_id, page_title, page_url, heading, body) values ($1, $2, $3, $4, $5, $6)',
        [widgetId, s.pageId, s.pageTitle, s.pageUrl, s.heading, s.body],
      );
    }
  });
  return { pages: new Set(sections.map((s) => s.pageId)).size, sections: sections.length };
}

export interface Hit extends Section {
  /** 0..1: how much of the question the section covers, and how strongly. */
  score: number;
}

/**
 * The sections that best match `question`, best first. Any of the question's words may match (an
 * AND of every word would miss most natural questions). Sections are ordered by PostgreSQL's
 * cover-density rank, normalised to 0..1 (`rank / (rank + 1)`), where a word in a title or
 * heading counts more than one in the body.
 *
 * The score, which an answer reports as its confidence, is
 *   known × (coverage + rank) / 2
 * where coverage is the share of the question's words the section contains, and known the share
 * of the question's words found anywhere in this knowledge base: a question about things the
 * docs never mention ("sourdough bread") scores low even when one of its words matches a heading.
 */
export async function search(db: Database, widgetId: string, question: string, limit = 5): Promise<Hit[]> {
  const rows = await db.query<Section & { coverage: number; rank: number; known: number }>(
    `with words as (
       select array(select unnest(tsvector_to_array(to_tsvector('english', $2)))) as lexemes
     ), q as (
       select lexemes,
              to_tsquery('english', array_to_string(array(select quote_literal(l) from unnest(lexemes) l), ' | ')) as query,
              (select count(*) from unnest(lexemes) l
                where exists (select 1 from kb_sections k where k.widget_id = $1 and k.search @@ to_tsquery('english', quote_literal(l)))
              )::float / cardinality(lexemes) as known
       from words where cardinality(lexemes) > 0
     )
     select page_id as "pageId", page_title as "pageTitle", page_url as "pageUrl", heading, body,
            (select count(*) from unnest(q.lexemes) l where search @@ to_tsquery('english', quote_literal(l)))::float
              / cardinality(q.lexemes) as coverage,
            ts_rank_cd(search, q.query, 32) as rank,
            q.known
     from kb_sections, q
     where widget_id = $1 and search @@ q.query
     order by rank desc, coverage desc
     limit $3`,
    [widgetId, question, limit],
  );
  return rows.map(({ coverage, rank, known, ...section }) => ({ ...section, score: (known * (coverage + rank)) / 2 }));
}
