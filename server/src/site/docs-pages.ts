// `/docs/`: the docs as pages of the demo site, served under a Content-Security-Policy that runs no
// script but the site's own files (docs-layout.ts).
import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { DOCS_CSP, layout } from './docs-layout.js';
import { renderDocsPage, type DocsPage } from './docs-render.js';
import { escapeHtml } from './html-escape.js';

/** Every Markdown page under `folder`, as paths relative to it with `/` separators, sorted. */
async function pagesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(folder.length + 1)
        .split(sep)
        .join('/'),
    )
    .sort();
}

/**
 * `/docs/` (the list of pages) and `/docs/<page>.md` (one page) from the Markdown of `folder`,
 * read on each request so edits show at once. Other paths under `/docs/` (images) are left to
 * the next handler.
 */
export function docsPages(folder: string): Hono {
  const app = new Hono();
  const read = async () => {
    const pages = await pagesIn(folder);
    return Promise.all(
      pages.map(async (path) => ({ path, ...renderDocsPage(path, await readFile(join(folder, path), 'utf8')) })),
    );
  };
  const pageList = (pages: (DocsPage & { path: string })[], current?: string) =>
    `<ul>${pages
      .map(({ path, title, contents }) => {
        const here = path === current;
        const toc =
          here && contents.length
            ? `<ul class="docs-toc">${contents.map((h) => `<li><a href="#${escapeHtml(h.id)}">${escapeHtml(h.text)}</a></li>`).join('')}</ul>`
            : '';
        return `<li><a href="/docs/${escapeHtml(path)}"${here ? ' aria-current="page"' : ''}>${escapeHtml(title)}</a>${toc}</li>`;
      })
      .join('')}</ul>`;
  const send = (c: Context, html: string, status: 200 | 404 = 200) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(html, status);
  };

  app.get('/docs', (c) => c.redirect('/docs/', 301));
  app.get('/docs/', async (c) => {
    const pages = await read();
    const cards = pages
      .map(
        ({ path, title, summary }) =>
          `<li><h2><a href="/docs/${escapeHtml(path)}">${escapeHtml(title)}</a></h2><p>${escapeHtml(summary)}</p></li>`,
      )
      .join('');
    const body = `<h1>Documentation</h1>
<p class="lead">Everything about the OpenCX widget. The demo bot answers from these pages, and its citations open them at the section it quotes.</p>
<ul class="docs-index">${cards}</ul>`;
    return send(c, layout({ title: 'Documentation — OpenCX', nav: pageList(pages), body }));
  });
  app.get('/docs/*', async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(c.req.path.slice('/docs/'.length));
    } catch {
      return next();
    }
    if (!path.endsWith('.md')) return next();
    const pages = await read();
    const page = pages.find((p) => p.path === path);
    if (!page) {
      const body = `<h1>No such page</h1><p>There is no <code>${escapeHtml(path)}</code> in the documentation. See <a href="/docs/">all the pages</a>.</p>`;
      return send(c, layout({ title: 'Not found — OpenCX docs', nav: pageList(pages), body }), 404);
    }
    return send(
      c,
      layout({
        title: `${page.title} — OpenCX docs`,
        nav: pageList(pages, path),
        body: `<article>${page.html}</article>`,
      }),
    );
  });
  return app;
}
