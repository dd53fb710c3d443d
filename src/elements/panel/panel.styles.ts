import { css } from 'lit';
import { shared } from '../shared.styles.js';

export const styles = [
  shared,
  css`
    :host {
      display: block;
      block-size: 100%;
    }
    .panel {
      display: flex;
      flex-direction: column;
      block-size: 100%;
      background: var(--_surface);
      color: var(--_text);
      font-family: var(--_font);
      font-size: 0.9375rem;
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 12px 12px 12px 16px;
      background: var(--_primary);
      color: var(--_on-primary);
    }
    header img {
      border-radius: 999px;
      object-fit: cover;
    }
    h2 {
      flex: 1;
      margin: 0;
      font-size: 1rem;
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    header button {
      display: grid;
      place-items: center;
      inline-size: 36px;
      block-size: 36px;
      border: 0;
      border-radius: 999px;
      background: transparent;
    }
    header button:hover {
      background: color-mix(in srgb, currentColor 15%, transparent);
    }
    header :focus-visible {
      outline-color: currentColor;
    }
    .error {
      margin: 12px 16px 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--_danger-bg);
      color: var(--_danger);
    }
    .messages {
      flex: 1;
      overflow-y: auto;
      overscroll-behavior: contain;
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 16px;
    }
    .typing {
      margin: 0;
    }
    .dots {
      display: inline-flex;
      gap: 4px;
      padding: 10px 12px;
      border-radius: var(--_radius);
      background: var(--_bubble);
    }
    .dots span {
      inline-size: 6px;
      block-size: 6px;
      border-radius: 999px;
      background: var(--_muted);
      animation: blink 1.2s infinite ease-in-out both;
    }
    .dots span:nth-child(2) {
      animation-delay: 0.2s;
    }
    .dots span:nth-child(3) {
      animation-delay: 0.4s;
    }
    @keyframes blink {
      0%,
      80%,
      100% {
        opacity: 0.3;
      }
      40% {
        opacity: 1;
      }
    }
    .quick-replies {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
      padding: 0 16px 8px;
    }
    .quick-replies button {
      padding: 6px 12px;
      border: 1px solid var(--_primary-text);
      border-radius: 999px;
      background: var(--_surface);
      color: var(--_primary-text);
      text-align: start;
    }
    .notice {
      margin: 0 16px 8px;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--_bubble);
    }
    .form {
      padding: 12px 16px;
      border-block-start: 1px solid var(--_border);
    }
    opencx-composer {
      padding: 8px 12px 12px;
      border-block-start: 1px solid var(--_border);
    }
  `,
];
