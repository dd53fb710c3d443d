// docs/*.md as readable HTML pages: what a citation of the demo bot opens. The headings get the
// anchors the knowledge base cites (markdownAnchors, from kb.ts), so `page.md#anchor` lands on its
// section. Our docs are trusted, yet raw HTML in them is shown as text (a few inert inline tags
// such as <kbd> aside), links keep only safe schemes, and the page is served under a
// Content-Security-Policy that runs no script but the site's own files.
import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { Parser, Renderer, type Token, type Tokens } from 'marked';
import { markdownAnchors, plain } from './kb.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Inline tags that only style text: kept when they carry no attributes. Any other HTML is shown as text. */
const INERT_TAG = /^<\/?(?:kbd|br|sub|sup|b|i|em|strong|code|abbr|mark|s|del|ins|small)\s*\/?>$/i;

/** Relative URLs, and absolute ones with a scheme that cannot run script. */
const safeUrl = (href: string) => !/^[a-z][a-z0-9+.-]*:/i.test(href.trim()) || /^(?:https?|mailto):/i.test(href.trim());

/**
 * The anchor GitHub gives a heading: the docs link to one another with these (they are read on
 * GitHub too), and where it differs from the knowledge base's, the heading carries both.
 */
const githubAnchor = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

export interface DocsPage {
  /** The page title: its first heading, else its path. */
  title: string;
  /** What the index says of the page: its first paragraph, as text, with the list it introduces. */
  summary: string;
  /** The page's level-2 headings and their ids: its table of contents. */
  contents: { id: string; text: string }[];
  /** The rendered body. */
  html: string;
}

/** Renders a docs page: headings with their anchors, raw HTML as text, only safe links. */
class DocsRenderer extends Renderer {
  readonly contents: DocsPage['contents'] = [];
  readonly #anchors: Map<Tokens.Heading, string>;
  readonly #used = new Set<string>();

  constructor(anchors: Map<Tokens.Heading, string>) {
    super();
    this.#anchors = anchors;
  }

  /** `wanted` if no element of the page has it yet. */
  #claim(wanted: string | undefined): string | undefined {
    if (!wanted || this.#used.has(wanted)) return undefined;
    this.#used.add(wanted);
    return wanted;
  }

  override heading(token: Tokens.Heading): string {
    // The knowledge base's anchor first: that is what citations point at.
    const cited = this.#claim(this.#anchors.get(token));
    const github = this.#claim(githubAnchor(plain(token.tokens)));
    const id = cited ?? github;
    const alias = cited && github ? `<span id="${escapeHtml(github)}"></span>` : '';
    if (id && token.depth === 2) this.contents.push({ id, text: plain(token.tokens) });
    const inner = this.parser.parseInline(token.tokens);
    return `<h${token.depth}${id ? ` id="${escapeHtml(id)}"` : ''}>${alias}${inner}</h${token.depth}>\n`;
  }

  override html(token: Tokens.HTML | Tokens.Tag): string {
    if (INERT_TAG.test(token.text.trim())) return token.text;
    return token.block ? `<p>${escapeHtml(token.text)}</p>\n` : escapeHtml(token.text);
  }

  override link(token: Tokens.Link): string {
    const text = this.parser.parseInline(token.tokens);
    if (!safeUrl(token.href)) return text;
    const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
    return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
  }

  override image(token: Tokens.Image): string {
    if (!safeUrl(token.href)) return escapeHtml(token.text);
    return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" loading="lazy">`;
  }

  // Wide tables and long code lines scroll sideways: a keyboard must be able to scroll them too.
  override table(token: Tokens.Table): string {
    return `<div class="scroll" tabindex="0">${super.table(token)}</div>\n`;
  }

  override code(token: Tokens.Code): string {
    const language = /^[\w-]+$/.test(token.lang ?? '') ? ` class="language-${token.lang}"` : '';
    return `<pre tabindex="0"><code${language}>${escapeHtml(token.text)}</code></pre>\n`;
  }
}

/**
 * A page's first paragraph as text, about 240 characters at most. A paragraph that ends with a
 * colon introduces a list ("ships as two Web Components:"): the list's items follow it.
 */
function summaryOf(tokens: Token[]): string {
  const blocks = tokens.filter((t) => t.type !== 'space');
  const at = blocks.findIndex((t) => t.type === 'paragraph');
  if (at < 0) return '';
  let text = plain((blocks[at] as Tokens.Paragraph).tokens);
  const next = blocks[at + 1];
  if (text.trimEnd().endsWith(':') && next?.type === 'list') {
    text += ` ${(next as Tokens.List).items.map((item) => plain(item.tokens).replace(/[.;:]\s*$/, '')).join('; ')}.`;
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length <= 240 ? text : `${text.slice(0, 240).replace(/\s+\S*$/, '')}…`;
}

/** Renders one Markdown page of the docs. */
export function renderDocsPage(path: string, markdown: string): DocsPage {
  const { tokens, anchors } = markdownAnchors(markdown);
  const renderer = new DocsRenderer(anchors);
  const html = Parser.parse(tokens, { gfm: true, renderer });
  const first = tokens.find((t): t is Tokens.Heading => t.type === 'heading');
  return {
    title: first ? plain(first.tokens) : path,
    summary: summaryOf(tokens),
    contents: renderer.contents,
    html,
  };
}

/** The site's header: the same links as the demo pages' (demo/*.html). */
function siteHeader(): string {
  const links = [
    ['/', 'Product'],
    ['/help-centre.html', 'Help centre'],
    ['/playground.html', 'Playground'],
    ['/script-tag.html', 'Script tag'],
    ['/frameworks.html', 'Frameworks'],
    ['/docs/', 'Docs'],
  ];
  const items = links
    .map(([href, text]) => `<li><a href="${href}"${href === '/docs/' ? ' aria-current="true"' : ''}>${text}</a></li>`)
    .join('');
  return `<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/"><img src="/favicon.svg" alt="" width="28" height="28"> OpenCX</a>
  <nav aria-label="Site"><ul>${items}</ul></nav>
</header>`;
}

/** Strict: only the site's own scripts (the chat widget), styles and images run or load. */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function layout({ title, nav, body }: { title: string; nav: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
<link rel="stylesheet" href="/docs.css">
<script type="module" src="/dist/embed.js"></script>
</head>
<body>
${siteHeader()}
<div class="docs-layout">
<nav class="docs-nav" aria-label="Documentation">
${nav}
</nav>
<main id="content" class="docs-main">
${body}
</main>
</div>
<opencx-chat widget-id="demo"></opencx-chat>
</body>
</html>
`;
}

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
