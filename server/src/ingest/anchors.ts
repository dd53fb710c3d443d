import GithubSlugger from 'github-slugger';

/** `Title {#custom-id}` (VitePress, Hugo, kramdown): the id the page gives a heading itself. */
const EXPLICIT_ID = /\s*\{#([^}\s]+)[^}]*\}\s*$/;

/** A heading's text without an explicit id, and that id when it has one. */
export function explicitAnchor(heading: string): { text: string; id?: string } {
  const match = EXPLICIT_ID.exec(heading);
  return match ? { text: heading.slice(0, match.index).trim(), id: match[1] } : { text: heading.trim() };
}

/**
 * The ids a page's headings get, in order, as the docs site makes them: the explicit id when the
 * heading has one, else GitHub's slug of its text (what GitHub, Hugo's default and most Markdown
 * renderers use), numbered when a slug repeats on the page.
 */
export function pageSlugger(): (heading: string) => string {
  const slugger = new GithubSlugger();
  return (heading) => {
    const { text, id } = explicitAnchor(heading);
    return id ?? slugger.slug(text);
  };
}
