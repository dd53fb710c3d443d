import * as v from 'valibot';

// The rules for values that reach styles and URLs, one set for every source: the page's own
// configuration (config.ts) and the widget's settings from the server (responses.ts). A value the
// server sends is held to what the page may set (docs/security.md).

const text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

function cssCheck(property: string, what: string) {
  // Outside a browser (SSR) there is no CSS engine to ask; the value is then taken as given.
  return v.check<string, string>(
    (value) => typeof CSS === 'undefined' || typeof CSS.supports !== 'function' || CSS.supports(property, value),
    `must be a CSS ${what}`,
  );
}

/** A CSS colour, as the browser parses one: `url(...)` or `red; x: y` are not. */
export const color = v.pipe(text, cssCheck('color', 'color'));
export const length = v.pipe(text, cssCheck('margin-top', 'length'));

/** http(s), a relative path, or (for images) a `data:image/` URL: never `javascript:` or the like. */
export function url(options: { images?: boolean } = {}) {
  return v.pipe(
    text,
    v.check<string, string>((value) => {
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
      if (scheme === undefined) return true;
      if (scheme === 'http' || scheme === 'https') return true;
      return Boolean(options.images) && /^data:image\/[a-z0-9.+-]+[;,]/i.test(value);
    }, 'must be an http(s) or relative URL'),
  );
}
