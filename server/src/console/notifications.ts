// Browser notifications for new escalations, when the agent turned them on and the console is not
// in front of them (docs/console.md, "Notifications").

const KEY = 'opencx-console:notify';

export const notificationsSupported = () => typeof Notification === 'function';

export const notificationsOn = () =>
  notificationsSupported() && Notification.permission === 'granted' && localStorage.getItem(KEY) !== 'off';

/** Asks the browser's permission (when not given yet) and remembers the choice. Whether they are on now. */
export async function setNotifications(on: boolean): Promise<boolean> {
  if (!notificationsSupported()) return false;
  try {
    localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Storage refused: the choice lasts until the page is closed.
  }
  if (on && Notification.permission === 'default') await Notification.requestPermission();
  return notificationsOn();
}

/** A visitor is waiting: shown only when the console's tab is not the one the agent looks at. */
export function notifyWaiting(conversationId: string, text: string): void {
  if (!notificationsOn() || (document.visibilityState === 'visible' && document.hasFocus())) return;
  const note = new Notification('A visitor is waiting', { body: text, tag: conversationId });
  note.addEventListener('click', () => {
    window.focus();
    location.hash = `#/conversations/${conversationId}`;
    note.close();
  });
}
