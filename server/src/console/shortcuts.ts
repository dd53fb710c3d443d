// The console's keyboard shortcuts (docs/console.md, "Keyboard"). Single keys, as in Gmail or
// Intercom: they act only when no text field has the focus, so typing is never taken.

export type Shortcut = 'next' | 'previous' | 'search' | 'reply' | 'note' | 'inbox' | 'unanswered';

export const SHORTCUTS: [key: string, action: Shortcut, what: string][] = [
  ['j', 'next', 'Next conversation'],
  ['k', 'previous', 'Previous conversation'],
  ['/', 'search', 'Search conversations'],
  ['r', 'reply', 'Reply to the visitor'],
  ['n', 'note', 'Write a note for the team'],
  ['g', 'inbox', 'Go to the inbox'],
  ['u', 'unanswered', 'Questions the bot could not answer'],
];

/** Whether the key went to something that takes text (through shadow roots). */
function typing(e: KeyboardEvent): boolean {
  const target = e.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
}

/** The shortcut a key press asks for, if it is one. */
export function shortcutOf(e: KeyboardEvent): Shortcut | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(e)) return undefined;
  return SHORTCUTS.find(([key]) => key === e.key)?.[1];
}
