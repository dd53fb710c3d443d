/** Every event of the widget bubbles and is composed: a listener on the page hears it from inside any shadow root. */
export function eventInit<T>(detail: T): CustomEventInit<T> {
  return { bubbles: true, composed: true, detail };
}
