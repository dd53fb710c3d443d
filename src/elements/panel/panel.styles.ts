import { css } from 'lit';
import { shared, visuallyHidden } from '../shared.styles.js';
import { messageStyles } from '../message/message.styles.js';
import { dark, light } from '../tokens.styles.js';

// <opencx-chat> gives the panel its mode, position and colour scheme as attributes: the panel
// places itself and picks its palette. The primary colour, font, radius and offset inherit from
// the chat as custom properties.
export const styles = [
  shared,
  visuallyHidden,
  css`
    :host {
      display: block;
      block-size: 100%;
      ${light}
    }
    :host([scheme='dark']) {
      ${dark}
    }
    @media (prefers-color-scheme: dark) {
      :host([scheme='auto']) {
        ${dark}
      }
    }
    :host([mode='floating']) {
      position: fixed;
      z-index: var(--opencx-z-index, 2147483000);
      bottom: calc(var(--_offset) + var(--opencx-trigger-size, 56px) + 12px);
      right: var(--_offset);
      inline-size: min(var(--opencx-panel-width, 380px), calc(100vw - 2 * var(--_offset)));
      block-size: min(
        var(--opencx-panel-height, 600px),
        calc(100dvh - var(--_offset) * 2 - var(--opencx-trigger-size, 56px) - 12px)
      );
      border-radius: var(--_radius);
      overflow: hidden;
      box-shadow: 0 12px 48px rgb(0 0 0 / 0.25);
      animation: rise 0.18s ease-out;
    }
    /* position is physical (the site's layout), so it does not flip with a right-to-left language. */
    :host([mode='floating'][position='bottom-left']) {
      right: auto;
      left: var(--_offset);
    }
    /* Phones: a full-screen sheet; the close button in its header takes the launcher's place. */
    @media (max-width: 479.98px) {
      :host([mode='floating']) {
        inset: 0;
        inline-size: 100%;
        block-size: 100%;
        border-radius: 0;
      }
    }
    @keyframes rise {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
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
    .header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 12px 12px 12px 16px;
      background: var(--_primary);
      color: var(--_on-primary);
    }
    .header img {
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
    .header button {
      display: grid;
      place-items: center;
      inline-size: 36px;
      block-size: 36px;
      border: 0;
      border-radius: 999px;
      background: transparent;
    }
    .header button:hover {
      background: color-mix(in srgb, currentColor 15%, transparent);
    }
    .header :focus-visible {
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
    .earlier,
    .latest {
      align-self: center;
      padding: 4px 12px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
      font-size: 0.85rem;
    }
    .latest {
      position: sticky;
      inset-block-end: 0;
      box-shadow: 0 1px 4px rgb(0 0 0 / 0.2);
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
    dialog.picture {
      max-inline-size: 96vw;
      max-block-size: 96vh;
      padding: 0;
      border: 0;
      background: transparent;
    }
    dialog.picture::backdrop {
      background: rgb(0 0 0 / 0.8);
    }
    dialog.picture img {
      display: block;
      max-inline-size: 92vw;
      max-block-size: 88vh;
      margin: 0 auto;
    }
    dialog.picture button {
      position: absolute;
      inset-block-start: 4px;
      inset-inline-end: 4px;
      inline-size: 44px;
      block-size: 44px;
      border: 0;
      border-radius: 999px;
      background: rgb(0 0 0 / 0.6);
      color: #fff;
    }
  `,
  messageStyles,
];
