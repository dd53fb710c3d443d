import { css } from 'lit';
import { shared, visuallyHidden } from '../shared.styles.js';

export const styles = [
  shared,
  visuallyHidden,
  css`
    :host {
      display: block;
    }
    .message {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 4px;
    }
    :host([data-role='user']) .message {
      align-items: flex-end;
    }
    .bubble {
      max-inline-size: 85%;
      padding: 8px 12px;
      border-radius: var(--_radius);
      border-end-start-radius: 4px;
      background: var(--_bubble);
      color: var(--_text);
      overflow-wrap: anywhere;
      line-height: 1.45;
    }
    :host([data-role='user']) .bubble {
      background: var(--_primary);
      color: var(--_on-primary);
      border-end-start-radius: var(--_radius);
      border-end-end-radius: 4px;
    }
    :host([data-role='system']) .bubble {
      background: transparent;
      font-style: italic;
    }
    .bubble > :first-child,
    .bubble p:first-child {
      margin-block-start: 0;
    }
    .bubble > :last-child,
    .bubble p:last-child {
      margin-block-end: 0;
    }
    .plain {
      margin: 0;
      white-space: pre-wrap;
    }
    .bubble a {
      color: inherit;
      text-decoration: underline;
    }
    pre {
      overflow-x: auto;
      padding: 8px;
      border-radius: 6px;
      background: var(--_code-bg);
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.9em;
    }
    table {
      border-collapse: collapse;
    }
    td {
      border: 1px solid var(--_border);
      padding: 2px 6px;
    }
    blockquote {
      margin-inline: 0;
      padding-inline-start: 8px;
      border-inline-start: 3px solid var(--_border);
    }
    .meta,
    .status {
      margin: 0;
      font-size: 0.75rem;
      color: var(--_muted);
    }
    .status.failed {
      color: var(--_danger);
    }
    .status button,
    .offer button {
      margin-inline-start: 4px;
      padding: 2px 8px;
      border: 1px solid currentColor;
      border-radius: 999px;
      background: transparent;
    }
    .citations,
    .related {
      max-inline-size: 85%;
      font-size: 0.85rem;
    }
    .heading {
      margin: 4px 0;
      font-weight: 600;
    }
    .citations ol,
    .related ul {
      margin: 0;
      padding-inline-start: 20px;
    }
    .citations a,
    .related a {
      color: var(--_link);
    }
    .excerpt {
      margin: 2px 0 6px;
      color: var(--_muted);
    }
    .offer {
      margin: 0;
      font-size: 0.85rem;
    }
    .feedback {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .feedback button {
      min-inline-size: 32px;
      min-block-size: 32px;
      border: 1px solid transparent;
      border-radius: 999px;
      background: transparent;
    }
    .feedback button[aria-pressed='true'] {
      border-color: var(--_primary);
      background: var(--_bubble);
    }
    .feedback svg.down {
      transform: rotate(180deg);
    }
    .thanks {
      font-size: 0.75rem;
      color: var(--_muted);
    }
  `,
];
