import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { notFound } from '../http/errors.js';
import type { Log } from '../log.js';
import { docsPages } from './docs-pages.js';

/**
 * What `npm start` serves beside the API, from the repository at `root`: the built widget
 * (`/dist/`), the docs as HTML pages (`/docs/`) and the demo site (`/`). Paths under `/api/` that no
 * route took get the API's JSON 404, not a page.
 */
export function demoSite(root: string, log: Log): Hono {
  const site = new Hono();
  site.all('/api/*', notFound);
  // Other websites load the widget: <script type="module"> fetches with CORS, so without these
  // headers the snippet works only on this server's own pages.
  site.use('/dist/*', cors({ origin: '*' }), async (c, next) => {
    await next();
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  });
  site.use('/dist/*', serveStatic({ root }));
  // docs/*.md as HTML pages with the anchors citations point at; the images beside them as files.
  site.route('/', docsPages(join(root, 'docs')));
  site.use('/docs/*', serveStatic({ root }));
  // The framework examples' sources, which the demo links to, read as text in the browser
  // (.vue, .svelte, .tsx and .md have no type a browser shows; .ts would be video/mp2t).
  site.use('/frameworks/*', async (c, next) => {
    await next();
    if (!/\/dist\//.test(c.req.path) && /\.(?:ts|tsx|vue|svelte|md)$/.test(c.req.path) && c.res.ok) {
      c.res.headers.set('Content-Type', 'text/plain; charset=utf-8');
      c.res.headers.set('X-Content-Type-Options', 'nosniff');
    }
  });
  site.use('/*', serveStatic({ root: join(root, 'demo') }));
  if (!existsSync(join(root, 'dist/embed.js')))
    log.warn('dist/embed.js is missing: run `npm run build` (npm start does).');
  return site;
}
