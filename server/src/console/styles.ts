import { css } from 'lit';
import { shared, visuallyHidden } from '../../../src/elements/shared.styles.js';
import { dark, light } from '../../../src/elements/tokens.styles.js';

// The console wears the widget's design tokens (src/elements/tokens.styles.ts), so the messages
// the agent reads are drawn as the visitor sees them; the colour scheme follows the agent's system.
// A token fragment goes last in its block: minified, it ends without a semicolon.

/** The tokens, for the console's root element. */
export const tokens = css`
  :host {
    --_primary: var(--opencx-primary-color, #1d4ed8);
    --_on-primary: var(--opencx-on-primary-color, #ffffff);
    --_primary-text-light: #1d4ed8;
    --_primary-text-dark: #93c5fd;
    --_focus: #1d4ed8;
    --_note: #fef9c3;
    --_note-border: #a16207;
    color-scheme: light dark;
    ${light}
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_focus: #93c5fd;
      --_note: #422006;
      --_note-border: #facc15;
      ${dark}
    }
  }
`;

/** What every part of the console shares: buttons, fields, badges. */
export const base = [
  shared,
  visuallyHidden,
  css`
    :host {
      font-family: var(--_font);
      color: var(--_text);
    }
    button,
    .button {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 6px 12px;
      border: 1px solid var(--_border-strong);
      border-radius: 8px;
      background: var(--_surface);
      color: var(--_text);
      text-decoration: none;
      font: inherit;
      line-height: 1.3;
    }
    button.primary {
      background: var(--_primary);
      border-color: var(--_primary);
      color: var(--_on-primary);
    }
    button:disabled {
      cursor: not-allowed;
      opacity: 0.6;
    }
    input,
    textarea,
    select {
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border-strong);
      border-radius: 8px;
      padding: 6px 10px;
      min-block-size: 24px;
    }
    a {
      color: var(--_link);
    }
    .badge {
      display: inline-block;
      padding: 1px 8px;
      border-radius: 999px;
      border: 1px solid var(--_border-strong);
      font-size: 0.8125rem;
      white-space: nowrap;
    }
    .muted {
      color: var(--_muted);
    }
    .error {
      color: var(--_danger);
      background: var(--_danger-bg);
      padding: 6px 10px;
      border-radius: 8px;
      margin: 0;
    }
    h1,
    h2,
    h3 {
      margin: 0;
      line-height: 1.25;
    }
  `,
];
