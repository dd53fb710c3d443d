import { minifyHTMLLiterals } from 'minify-literals';
import type { Plugin } from 'vite';

/**
 * Minifies the CSS inside Lit's css`` templates, which the JavaScript minifier keeps as written.
 * HTML templates are left alone: their whitespace can be text the visitor sees.
 */
export function minifyCssLiterals(): Plugin {
  return {
    name: 'opencx-minify-css-literals',
    async transform(code, id) {
      if (!id.includes('/src/') || !code.includes('css`')) return null;
      const result = await minifyHTMLLiterals(code, { fileName: id, html: false });
      return result && { code: result.code, map: result.map };
    },
  };
}
