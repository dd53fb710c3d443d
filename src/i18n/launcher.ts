/**
 * The launcher's strings in English: all the interface a page shows before the visitor's first
 * intent, when the rest of the translation has not been loaded yet.
 */
export const launcherEn = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: '{count} unread',
};

export type LauncherStrings = typeof launcherEn;
