import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

/** Where `npm run build` puts the console page (vite.console.config.ts), from src/ or dist/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/console/', import.meta.url));

// The console is the one page that holds an agent's session, so it gets the strictest policy the
// page allows: its own scripts and styles only, Trusted Types (Lit's policy), no framing, no referrer.
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** `/console/`: the agent console page (docs/console.md), with its security headers. */
export function consolePage(dir = CONSOLE_DIR): Hono {
  const page = new Hono();
  page.get('/console', (c) => c.redirect('/console/', 301));
  page.use('/console/*', async (c, next) => {
    if (!existsSync(dir)) return c.text('The console is not built: run `npm run build`.', 503);
    await next();
    c.header('Content-Security-Policy', POLICY);
    c.header('X-Frame-Options', 'DENY');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    // The page is small and changes with each build; its assets are named by their content.
    if (!c.req.path.startsWith('/console/assets/')) c.header('Cache-Control', 'no-cache');
  });
  page.use('/console/*', serveStatic({ root: dir, rewriteRequestPath: (path) => path.replace(/^\/console/, '') }));
  return page;
}
