import { css } from 'lit';
import { base } from './styles.js';

export const styles = [
  base,
  css`
    :host {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(220px, 300px);
      min-block-size: 0;
      block-size: 100%;
    }
    .main {
      display: flex;
      flex-direction: column;
      min-block-size: 0;
      border-inline-end: 1px solid var(--_border);
    }
    header {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
      padding: 12px;
      border-block-end: 1px solid var(--_border);
    }
    header h2 {
      font-size: 1.125rem;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      margin-inline-start: auto;
    }
    .log {
      flex: 1;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 12px;
    }
    /* The console reads the conversation from the team's side: the visitor on the start side. */
    opencx-message[data-role='user']::part(message) {
      align-items: flex-start;
    }
    opencx-message[data-role='user']::part(bubble) {
      background: var(--_bubble);
      color: var(--_text);
    }
    opencx-message[data-role='agent']::part(message) {
      align-items: flex-end;
    }
    .note {
      align-self: flex-end;
      max-inline-size: 85%;
      padding: 8px 12px;
      border: 1px dashed var(--_note-border);
      border-radius: 8px;
      background: var(--_note);
    }
    .note p {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .rating {
      margin: 0;
      font-size: 0.875rem;
    }
    @media (max-width: 900px) {
      :host {
        grid-template-columns: 1fr;
        block-size: auto;
      }
      .log {
        max-block-size: 70vh;
      }
    }
  `,
];
