import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { Database } from '../db/database.js';
import { replaceSections, type Section } from '../db/knowledge-base.js';
import { sectionsOfHtml } from './html.js';
import { sectionsOfMarkdown } from './markdown.js';

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
  await replaceSections(db, widgetId, sections);
  return { pages: new Set(sections.map((s) => s.pageId)).size, sections: sections.length };
}
