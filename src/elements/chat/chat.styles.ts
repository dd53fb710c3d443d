import { css } from 'lit';
import { shared } from '../shared.styles.js';

// The launcher's styles: all a page loads before the visitor's first intent. The panel places and
// colours itself (panel.styles.ts), from the attributes this element gives it.
// Public theme: --opencx-* custom properties. Private, derived values: --_*. The host page's own
// variables inherit into our shadow roots, so every name here is prefixed.
export const styles = [
  shared,
  css`
    :host {
      display: contents;
    }
    :host([mode='inline']) {
      display: block;
      block-size: 100%;
    }
    .root {
      --_primary: var(--opencx-primary-color, var(--_primary-input));
      --_on-primary: var(--opencx-on-primary-color, var(--_on-primary-auto));
      --_offset: var(--opencx-trigger-offset, var(--_offset-input, 20px));
      --_focus: #1d4ed8;
    }
    .root[data-scheme='dark'] {
      --_focus: #93c5fd;
    }
    @media (prefers-color-scheme: dark) {
      .root[data-scheme='auto'] {
        --_focus: #93c5fd;
      }
    }
    :host([mode='inline']) .root {
      block-size: 100%;
    }
    /* position is physical (the site's layout), so it does not flip with a right-to-left language. */
    opencx-trigger {
      position: fixed;
      z-index: var(--opencx-z-index, 2147483000);
      bottom: var(--_offset);
      right: var(--_offset);
    }
    .root[data-position='bottom-left'] opencx-trigger {
      right: auto;
      left: var(--_offset);
    }
    /* Phones: the panel is a full-screen sheet; the close button in its header takes the launcher's place. */
    @media (max-width: 479.98px) {
      :host([open]:not([mode='inline'])) opencx-trigger {
        display: none;
      }
    }
  `,
];
