import { css } from 'lit';
import { shared, visuallyHidden } from '../shared.styles.js';
import { chipStyles } from './attachment-tray.styles.js';

export const styles = [
  shared,
  visuallyHidden,
  chipStyles,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 8px;
    }
    textarea {
      flex: 1 1 0;
      min-inline-size: 0;
    }
    textarea {
      /* 16px: smaller text makes iOS zoom the page when the field gets focus. */
      font: 16px/1.4 var(--_font);
      color: var(--_text);
      background: var(--_surface);
      resize: none;
      field-sizing: content;
      max-block-size: 8lh;
      min-block-size: 44px;
      padding: 10px 12px;
      border: 1px solid var(--_border-strong);
      border-radius: var(--_radius);
    }
    textarea::placeholder {
      color: var(--_muted);
      opacity: 1;
    }
    button {
      inline-size: 44px;
      block-size: 44px;
      display: grid;
      place-items: center;
      border: 0;
      border-radius: 999px;
      background: var(--_primary);
      color: var(--_on-primary);
    }
    [part='stop-button'],
    [part='attach-button'] {
      background: var(--_surface);
      color: var(--_text);
      border: 1px solid var(--_border-strong);
    }
    button:disabled {
      opacity: 0.55;
      cursor: default;
    }
    :dir(rtl) svg {
      transform: scaleX(-1);
    }
    .counter {
      flex-basis: 100%;
      font-size: 0.75rem;
      color: var(--_muted);
    }
  `,
];
