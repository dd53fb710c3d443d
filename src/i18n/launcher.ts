/** What the launcher says, in the chat's language. */
export interface LauncherStrings {
  openChat: string;
  closeChat: string;
  /** The number of unread answers in words, in the plural form the count takes ("1 unread message"). */
  unread(count: number): string;
}

/**
 * The launcher's strings in English: all the interface a page shows before the visitor's first
 * intent, when the rest of the translation has not been loaded yet. The runtime replaces them with
 * `launcherStrings` of the chat's translation, which applies the language's plural rules; English
 * needs only this one.
 */
export const launcherEn: LauncherStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: (count) => `${count} unread message${count === 1 ? '' : 's'}`,
};
