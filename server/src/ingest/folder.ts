import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { Database } from '../db/database.js';
import { knowledgeBaseSize, pageHashes, syncPages, type IngestedPage, type Section } from '../db/knowledge-base.js';
import { analyzeKnowledgeBase } from '../db/maintenance.js';
import { sectionsOfHtml } from './html.js';
import { sectionsOfMarkdown } from './markdown.js';
import { sectionsOf } from './sections.js';

/** What a knowledge-base folder may hold, by extension: how each kind is split into sections. */
const KINDS = new Map<string, (path: string, text: string, baseUrl: string) => Section[]>([
  ['.md', sectionsOfMarkdown],
  ['.markdown', sectionsOfMarkdown],
  ['.html', sectionsOfHtml],
  ['.htm', sectionsOfHtml],
  ['.txt', sectionsOfText],
]);
/** A text file is a page without headings, titled with its path; its paragraphs are its blocks. */
function sectionsOfText(path: string, text: string, baseUrl: string): Section[] {
  return sectionsOf({ pageId: path, pageTitle: path, pageUrl: baseUrl + path, blocks: text.split(/\n\s*\n/) });
}
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && KINDS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * What made a page's sections: its text, where it links to, and this ingester's version. A page
 * whose hash is unchanged is not read again; bump the version when reading changes.
 */
const INGEST_VERSION = '3';
const pageHash = (path: string, text: string, baseUrl: string) =>
  createHash('sha256').update(`${INGEST_VERSION}\0${baseUrl}\0${path}\0${text}`).digest('hex');

/**
 * Reads every Markdown, HTML or text file under `folder` into `widgetId`'s knowledge base, which
 * then holds what the folder holds now: new and changed pages are (re)indexed, unchanged ones
 * left as they are, and pages no longer there removed.
 */
export async function ingestFolder(db: Database, widgetId: string, folder: string, baseUrl: string) {
  const known = await pageHashes(db, widgetId);
  const changed: IngestedPage[] = [];
  const unchanged: string[] = [];
  for (const file of await filesUnder(folder)) {
    const pageId = relative(folder, file).split(sep).join('/');
    const text = await readFile(file, 'utf8');
    const hash = pageHash(pageId, text, baseUrl);
    if (known.get(pageId) === hash) unchanged.push(pageId);
    else changed.push({ pageId, hash, sections: KINDS.get(extname(file).toLowerCase())!(pageId, text, baseUrl) });
  }
  const { removed } = await syncPages(db, widgetId, { changed, unchanged });
  // Searches are planned by the statistics: without them, PGlite (no autovacuum) reads every section.
  if (changed.length || removed) await analyzeKnowledgeBase(db);
  return { ...(await knowledgeBaseSize(db, widgetId)), changed: changed.length, unchanged: unchanged.length, removed };
}
