import { css } from 'lit';
import { shared } from '../shared.styles.js';

export const styles = [
  shared,
  css`
    :host {
      display: inline-block;
      position: relative;
      --_size: var(--opencx-trigger-size, 56px);
    }
    button {
      position: relative;
      display: grid;
      place-items: center;
      inline-size: var(--_size);
      block-size: var(--_size);
      border: 0;
      border-radius: 999px;
      background: var(--_primary, var(--opencx-primary-color, #4f46e5));
      color: var(--_on-primary, #fff);
      box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
      transition: transform 0.15s ease;
    }
    button:hover {
      transform: scale(1.05);
    }
    button:focus-visible {
      outline: 3px solid var(--_focus, #1d4ed8);
      outline-offset: 3px;
    }
    .badge {
      position: absolute;
      inset-block-start: -4px;
      inset-inline-end: -4px;
      min-inline-size: 22px;
      block-size: 22px;
      padding: 0 6px;
      border-radius: 999px;
      background: #b91c1c;
      color: #fff;
      font:
        600 12px/22px system-ui,
        sans-serif;
      /* A click on the badge is a click on the button under it. */
      pointer-events: none;
    }
  `,
];
