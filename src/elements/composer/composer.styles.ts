import { css } from 'lit';
import { shared } from '../shared.styles.js';

export const styles = [
  shared,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      grid-template-columns: 1fr auto;
      align-items: end;
      gap: 8px;
    }
    form.answering {
      grid-template-columns: 1fr auto auto;
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
    [part='stop-button'] {
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
      grid-column: 1 / -1;
      font-size: 0.75rem;
      color: var(--_muted);
    }
  `,
];
