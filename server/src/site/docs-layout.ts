import { escapeHtml } from './html-escape.js';

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

export function layout({ title, nav, body }: { title: string; nav: string; body: string }): string {
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
