// The time under each message. One Intl.DateTimeFormat per language, made once: making one loads
// the locale's data, which costs the first message tens of milliseconds of blocked main thread
// (bench/tabs.mjs showed a send taking 90 ms to appear, 20 ms with the format ready), and
// `toLocaleTimeString` makes a new one on every call.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(language: string): Intl.DateTimeFormat {
  let format = formats.get(language);
  if (!format)
    formats.set(language, (format = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' })));
  return format;
}

/** `iso` as the hour and minute in `language`; empty for a date that is not one. */
export function messageTime(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : formatFor(language).format(date);
}

/** `language`'s format is made: times show without making it now. */
export const messageTimeReady = (language: string): boolean => formats.has(language);

const preparing = new Map<string, Promise<void>>();

/**
 * Makes `language`'s format while the page is idle, so that no message waits for it: a
 * conversation opens without its times, which follow once the format is made (the panel renders
 * them then) — its first paint does not carry the tens of milliseconds of the locale's data.
 */
export function prepareMessageTime(language: string): Promise<void> {
  if (formats.has(language)) return Promise.resolve();
  let ready = preparing.get(language);
  if (!ready) {
    const later = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 0));
    preparing.set(language, (ready = new Promise((resolve) => later(() => resolve(void formatFor(language))))));
  }
  return ready;
}
