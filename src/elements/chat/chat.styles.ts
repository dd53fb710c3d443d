import { css } from 'lit';
import { shared } from '../shared.styles.js';

// Public theme: --opencx-* custom properties. Private, derived values: --_*. The host page's own
// variables inherit into our shadow roots, so every name here is prefixed.
/** The dark palette: chosen by theme="dark", or by theme="auto" when the visitor prefers dark. */
const dark = css`
  --_surface: var(--opencx-surface-color, #111827);
  --_text: var(--opencx-text-color, #f9fafb);
  --_muted: #d1d5db;
  --_bubble: var(--opencx-bubble-color, #1f2937);
  --_border: #374151;
  --_border-strong: #9ca3af;
  --_code-bg: #374151;
  --_link: #93c5fd;
  --_focus: #93c5fd;
  --_danger: #fca5a5;
  --_danger-bg: #450a0a;
  --_primary-text: var(--_primary-text-dark);
`;

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
      --_font: var(--opencx-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
      --_radius: var(--opencx-radius, 16px);
      --_offset: var(--opencx-trigger-offset, var(--_offset-input, 20px));
      --_surface: var(--opencx-surface-color, #ffffff);
      --_text: var(--opencx-text-color, #1f2937);
      --_muted: #4b5563;
      --_bubble: var(--opencx-bubble-color, #f3f4f6);
      --_border: #e5e7eb;
      --_border-strong: #6b7280;
      --_code-bg: #e5e7eb;
      --_link: #1d4ed8;
      --_focus: #1d4ed8;
      --_danger: #b91c1c;
      --_danger-bg: #fef2f2;
      --_primary-text: var(--_primary-text-light);
      font-family: var(--_font);
      color: var(--_text);
    }
    .root[data-scheme='dark'] {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      .root[data-scheme='auto'] {
        ${dark}
      }
    }
    :host([mode='inline']) .root,
    :host([mode='inline']) .panel {
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
    :host(:not([mode='inline'])) .panel {
      position: fixed;
      z-index: var(--opencx-z-index, 2147483000);
      bottom: calc(var(--_offset) + var(--opencx-trigger-size, 56px) + 12px);
      right: var(--_offset);
      inline-size: min(var(--opencx-panel-width, 380px), calc(100vw - 2 * var(--_offset)));
      block-size: min(
        var(--opencx-panel-height, 600px),
        calc(100dvh - var(--_offset) * 2 - var(--opencx-trigger-size, 56px) - 12px)
      );
      border-radius: var(--_radius);
      overflow: hidden;
      box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
      animation: rise 0.18s ease-out;
    }
    .root[data-position='bottom-left'] .panel {
      right: auto;
      left: var(--_offset);
    }
    /* Phones: a full-screen sheet; the close button in its header takes the launcher's place. */
    @media (max-width: 479.98px) {
      :host(:not([mode='inline'])) .panel {
        inset: 0;
        inline-size: 100%;
        block-size: 100%;
        border-radius: 0;
      }
      :host([open]:not([mode='inline'])) opencx-trigger {
        display: none;
      }
    }
    @keyframes rise {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  `,
];
