import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
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

/** The readable text of markdown tokens: what a search matches and an excerpt quotes. */
function plain(tokens: Token[]): string {
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
      return token.type === 'space' ? '\n' : (t.text ?? '');
    })
    .join(tokens.some((t) => BLOCKS.has(t.type)) ? '\n\n' : '');
}
const BLOCKS = new Set(['paragraph', 'list', 'code', 'table', 'blockquote', 'heading']);

/**
 * Splits a Markdown page at its headings (levels 1-3), so a citation points at the right part.
 * The page title is its first heading, else the file name.
 */
export function sectionsOfMarkdown(path: string, text: string, baseUrl: string): Section[] {
  const tokens = new Lexer({ gfm: true }).lex(text);
  const firstHeading = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  const pageTitle = firstHeading?.text ?? path.replace(/\.[^.]+$/, '');
  const pageUrl = baseUrl + path;
  const sections: Section[] = [];
  let heading = pageTitle;
  let anchor = '';
  let body: Token[] = [];
  const flush = () => {
    const text = plain(body)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    if (text)
      sections.push({
        pageId: path,
        pageTitle,
        pageUrl: anchor ? `${pageUrl}#${anchor}` : pageUrl,
        heading,
        body: text,
      });
  };
  for (const token of tokens) {
    if (token.type === 'heading' && (token as Tokens.Heading).depth <= 3) {
      flush();
      heading = (token as Tokens.Heading).text;
      anchor = token === firstHeading ? '' : slug(heading);
      body = [];
    } else {
      body.push(token);
    }
  }
  flush();
  return sections;
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && ['.md', '.markdown', '.txt'].includes(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * Reads every Markdown or text file under `folder` into `widgetId`'s knowledge base. Idempotent:
 * the widget's sections are replaced by what the folder holds now.
 */
export async function ingestFolder(db: Database, widgetId: string, folder: string, baseUrl: string) {
  const sections: Section[] = [];
  for (const file of await filesUnder(folder)) {
    const path = relative(folder, file).split(sep).join('/');
    const text = await readFile(file, 'utf8');
    sections.push(
      ...(extname(file).toLowerCase() === '.txt'
        ? [{ pageId: path, pageTitle: path, pageUrl: baseUrl + path, heading: path, body: text.trim() }]
        : sectionsOfMarkdown(path, text, baseUrl)),
    );
  }
  await db.transaction(async (tx) => {
    await tx.query('delete from kb_sections where widget_id = $1', [widgetId]);
    for (const s of sections) {
      await tx.query(
        `insert into kb_sections (widget_id, page_id, page_title, page_url, heading, body) values ($1, $2, $3, $4, $5, $6)
         on conflict (widget_id, page_url) do update set body = kb_sections.body || E'\\n\\n' || excluded.body`,
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
