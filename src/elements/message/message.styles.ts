import { css } from 'lit';
import { shared, visuallyHidden } from '../shared.styles.js';

/** How a message looks wherever it is rendered (see message-view.ts): every rule under `.message`. */
export const messageStyles = css`
  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 4px;
  }
  .message[data-role='user'] {
    align-items: flex-end;
  }
  .message .bubble {
    max-inline-size: 85%;
    padding: 8px 12px;
    border-radius: var(--_radius);
    border-end-start-radius: 4px;
    background: var(--_bubble);
    color: var(--_text);
    overflow-wrap: anywhere;
    line-height: 1.45;
  }
  .message[data-role='user'] .bubble {
    background: var(--_primary);
    color: var(--_on-primary);
    border-end-start-radius: var(--_radius);
    border-end-end-radius: 4px;
  }
  .message[data-role='system'] .bubble {
    background: transparent;
    font-style: italic;
  }
  .message .bubble > :first-child,
  .message .bubble p:first-child {
    margin-block-start: 0;
  }
  .message .bubble > :last-child,
  .message .bubble p:last-child {
    margin-block-end: 0;
  }
  .message .plain {
    margin: 0;
    white-space: pre-wrap;
  }
  .message .bubble a {
    color: inherit;
    text-decoration: underline;
  }
  .message pre {
    overflow-x: auto;
    padding: 8px;
    border-radius: 6px;
    background: var(--_code-bg);
  }
  .message code {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .message table {
    border-collapse: collapse;
  }
  .message td {
    border: 1px solid var(--_border);
    padding: 2px 6px;
  }
  .message blockquote {
    margin-inline: 0;
    padding-inline-start: 8px;
    border-inline-start: 3px solid var(--_border);
  }
  .message .meta,
  .message .status {
    margin: 0;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .message .status.failed {
    color: var(--_danger);
  }
  .message .avatar {
    border-radius: 50%;
    vertical-align: middle;
    margin-inline-end: 4px;
  }
  .message .status button,
  .message .offer button {
    margin-inline-start: 4px;
    padding: 2px 8px;
    border: 1px solid currentColor;
    border-radius: 999px;
    background: transparent;
  }
  .message .citations,
  .message .related {
    max-inline-size: 85%;
    font-size: 0.85rem;
  }
  .message .heading {
    margin: 4px 0;
    font-weight: 600;
  }
  .message .citations ol,
  .message .related ul {
    margin: 0;
    padding-inline-start: 20px;
  }
  .message .citations a,
  .message .related a {
    color: var(--_link);
  }
  .message .attachments {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    max-inline-size: 85%;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.85rem;
  }
  .message .attachments a {
    color: var(--_link);
  }
  .message .attachments img {
    display: block;
    max-inline-size: 100%;
    max-block-size: 200px;
    border-radius: 8px;
    border: 1px solid var(--_border);
  }
  .message .attachments .size {
    color: var(--_muted);
  }
  .message .excerpt {
    margin: 2px 0 6px;
    color: var(--_muted);
  }
  .message .offer {
    margin: 0;
    font-size: 0.85rem;
  }
  .message .feedback {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .message .feedback button {
    min-inline-size: 32px;
    min-block-size: 32px;
    border: 1px solid transparent;
    border-radius: 999px;
    background: transparent;
  }
  .message .feedback button[aria-pressed='true'] {
    border-color: var(--_primary);
    background: var(--_bubble);
  }
  .message .feedback svg.down {
    transform: rotate(180deg);
  }
  .message .thanks {
    font-size: 0.75rem;
    color: var(--_muted);
  }
`;

/** `<opencx-message>`, the element of its own. */
export const elementStyles = [
  shared,
  visuallyHidden,
  css`
    :host {
      display: block;
    }
  `,
  messageStyles,
];
