import { KNOWN_TYPES } from '../attachments/content-type.js';
import { number, UsageError } from './usage.js';

// What `widget set` takes for the settings that reach visitors' pages: origins as browsers send
// them, http(s) URLs, and colours that are only colours (docs/server.md, "Settings"). Refused with
// a one-line reason, so no setting the server stores can never match or is unsafe on a page.

/**
 * `value` as the `Origin` header a browser sends: scheme, host and port only, the host in lower
 * case and the default port left out (`new URL().origin`). A path, query, fragment or user can
 * never match, so they are refused rather than dropped.
 */
export function origin(value: string): string {
  const url = parsed(value, '--origin', 'an origin like https://example.com');
  if (url.username || url.password || url.search || url.hash || value.includes('?') || value.includes('#')) {
    throw new UsageError(
      `--origin must be an origin like https://example.com, without a path, query or user: "${value}".`,
    );
  }
  if (url.pathname !== '/' || /^[a-z]+:\/\/[^/]+\/./i.test(value)) {
    throw new UsageError(`--origin must be an origin like https://example.com, without a path: "${value}".`);
  }
  return url.origin;
}

/** An absolute http(s) URL: an avatar or a knowledge base's base URL. Never `javascript:` or `data:`. */
export function webUrl(value: string, option: string): string {
  return parsed(value, option, 'an http(s) URL').href;
}

/** Where citations link: an http(s) URL, or a path on the site the widget is on (`/help/`). */
export function baseUrl(value: string): string {
  return /^\/(?!\/)/.test(value) && !/[\s\\]/.test(value) ? value : webUrl(value, '--kb-base-url');
}

function parsed(value: string, option: string, expected: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} must be ${expected}, got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${option} must be ${expected} (http or https), got "${value}".`);
  }
  return url;
}

const HEX = /^#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i;
/** A colour function of numbers, percentages, angles, `none` and separators: no `url(`, `var(` or `;`. */
const FUNCTION = /^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\((?:[\d\s.,/%+-]|deg|grad|rad|turn|none|e)*\)$/i;
const NAMED = /^[a-z]{3,30}$/i;

/**
 * A CSS colour the widget can take as its brand colour: hex, a colour function of plain numbers,
 * or a name. Whatever else CSS allows in a colour (`var()`, `color-mix()`) is for the page's own
 * CSS; here it would let a stored setting reach into the page. The widget checks it again with
 * `CSS.supports`, so a name that is not a colour is ignored there.
 */
export function colour(value: string): string {
  const trimmed = value.trim();
  if (HEX.test(trimmed) || FUNCTION.test(trimmed) || NAMED.test(trimmed)) return trimmed;
  throw new UsageError(`--color must be a colour such as #0f766e, rgb(15 118 110) or teal, got "${value}".`);
}

/** A MIME type the server can recognise by content and serve safely (attachments/content-type.ts). */
export function attachmentType(value: string): string {
  const type = value.trim().toLowerCase();
  if (KNOWN_TYPES.has(type)) return type;
  throw new UsageError(`--attachment-type must be one of ${[...KNOWN_TYPES].join(', ')}, got "${value}".`);
}

/** `--attachment-max-mb` in bytes: up to 2,000 MB (the file store and the bench go that far). */
export function megabytes(value: string | undefined): number | undefined {
  const mb = number(value, 'attachment-max-mb', { min: 0.001, max: 2000 });
  return mb === undefined ? undefined : Math.round(mb * 1024 * 1024);
}
