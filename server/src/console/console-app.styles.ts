import { css } from 'lit';
import { base, tokens } from './styles.js';

export const styles = [
  tokens,
  base,
  css`
    :host {
      display: flex;
      flex-direction: column;
      block-size: 100dvh;
      background: var(--_surface);
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
      padding: 8px 16px;
      border-block-end: 1px solid var(--_border);
    }
    .bar h1 {
      font-size: 1.125rem;
    }
    .bar nav {
      display: flex;
      gap: 8px;
    }
    .bar nav a[aria-current='page'] {
      font-weight: 700;
    }
    .me {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-inline-start: auto;
    }
    main {
      flex: 1;
      display: grid;
      grid-template-columns: minmax(240px, 340px) minmax(0, 1fr);
      min-block-size: 0;
    }
    main.wide {
      display: block;
      overflow-y: auto;
    }
    opencx-console-inbox {
      border-inline-end: 1px solid var(--_border);
      overflow-y: auto;
    }
    .pick {
      padding: 24px;
    }
    details {
      font-size: 0.875rem;
    }
    kbd {
      font-family: ui-monospace, monospace;
      border: 1px solid var(--_border-strong);
      border-radius: 4px;
      padding: 0 4px;
    }
    @media (max-width: 900px) {
      :host {
        block-size: auto;
        min-block-size: 100dvh;
      }
      main {
        display: block;
      }
      opencx-console-inbox {
        max-block-size: 50vh;
        border-inline-end: 0;
        border-block-end: 1px solid var(--_border);
      }
    }
  `,
];
