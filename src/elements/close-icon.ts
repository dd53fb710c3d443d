import { html } from 'lit';

/**
 * The × of the panel's close and remove buttons: drawn, not a glyph (not every system has the
 * font). The launcher keeps its own copy of the path: importing this would put the template into
 * the 10 KB loaded before intent.
 */
const CLOSE_PATH = 'm6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z';

export const closeIcon = (size: number) =>
  html`<svg viewBox="0 0 24 24" width=${size} height=${size} aria-hidden="true" focusable="false">
    <path fill="currentColor" d=${CLOSE_PATH} />
  </svg>`;
