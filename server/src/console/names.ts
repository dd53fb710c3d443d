import type { Status, Visitor } from './types.js';

// How the console names people and states, in one place.

/** The visitor by what they told us, else by the start of their id. */
export const visitorName = (v: Visitor) => v.name || v.email || `Visitor ${v.visitorId.slice(0, 8)}`;

export const STATUS_LABEL: Record<Status, string> = {
  bot: 'With the bot',
  escalated: 'Waiting',
  agent: 'With an agent',
  closed: 'Closed',
};

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the agent reads it, in their own language and zone. */
export const when = (iso: string) => time.format(new Date(iso));

/** A message's start for the inbox, without the markdown marks an answer carries. */
export const preview = (content: string) =>
  content
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
