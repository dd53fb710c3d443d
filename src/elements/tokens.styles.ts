import { css } from 'lit';

// The design tokens: private --_* values, each from its public --opencx-* property when the page
// sets one. The widget's panel and the agent console (server/src/console) share them, so a
// message looks the same to the visitor and to the agent.

/** The light palette, type and shape. */
export const light = css`
  --_font: var(--opencx-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  --_radius: var(--opencx-radius, 16px);
  --_surface: var(--opencx-surface-color, #ffffff);
  --_text: var(--opencx-text-color, #1f2937);
  --_muted: #4b5563;
  --_bubble: var(--opencx-bubble-color, #f3f4f6);
  --_border: #e5e7eb;
  --_border-strong: #6b7280;
  --_code-bg: #e5e7eb;
  --_link: #1d4ed8;
  --_danger: #b91c1c;
  --_danger-bg: #fef2f2;
  --_primary-text: var(--_primary-text-light);
`;

/** The dark palette: chosen by theme="dark", or by theme="auto" when the visitor prefers dark. */
export const dark = css`
  --_surface: var(--opencx-surface-color, #111827);
  --_text: var(--opencx-text-color, #f9fafb);
  --_muted: #d1d5db;
  --_bubble: var(--opencx-bubble-color, #1f2937);
  --_border: #374151;
  --_border-strong: #9ca3af;
  --_code-bg: #374151;
  --_link: #93c5fd;
  --_danger: #fca5a5;
  --_danger-bg: #450a0a;
  --_primary-text: var(--_primary-text-dark);
`;
