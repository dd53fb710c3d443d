// Shared by the talk-to-a-person form and the collect-user-data form.
import { css } from 'lit';
import { shared } from './shared.styles.js';

export const styles = [
  shared,
  css`
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
    }
    .intro {
      margin: 0 0 4px;
      color: var(--_muted);
      font-size: 0.875rem;
    }
    label {
      font-weight: 600;
      font-size: 0.875rem;
    }
    input,
    textarea {
      font: 16px/1.4 var(--_font);
      color: var(--_text);
      background: var(--_surface);
      padding: 8px 10px;
      border: 1px solid var(--_border-strong);
      border-radius: 8px;
    }
    [aria-invalid='true'] {
      border-color: var(--_danger);
    }
    .error {
      margin: 0;
      color: var(--_danger);
      font-size: 0.8125rem;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 8px;
      margin-block-start: 4px;
    }
    .actions button {
      min-block-size: 40px;
      padding: 0 16px;
      border-radius: 999px;
      border: 1px solid var(--_border-strong);
      background: transparent;
    }
    .actions button[type='submit'] {
      border-color: transparent;
      background: var(--_primary);
      color: var(--_on-primary);
    }
    .actions button:disabled {
      opacity: 0.6;
    }
  `,
];
