/** A mistake in how a command was called: shown with the usage. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  npm run widget -- set <id> [--name N] [--greeting G] [--placeholder P] [--color C] [--theme light|dark|auto]
                       [--position bottom-right|bottom-left] [--language L] [--bot-name N] [--bot-avatar URL]
                       [--question Q]... [--origin URL]... [--collect-user-data true|false] [--escalation true|false]
                       [--rate-limit N] [--daily-quota N] [--threshold 0..1] [--kb-base-url URL] [--active true|false]
                       [--attachments true|false] [--attachment-max-mb N] [--attachment-max-files N]
                       [--attachment-type MIME]... [--attachment-daily-quota N]
  npm run widget -- list
  npm run widget -- secret <id> [--rotate]
  npm run kb -- ingest <widget id> <folder> [--base-url URL]
  npm run kb -- eval <widget id> <questions file> [--json FILE]
  npm run tickets -- list [<widget id>]
  npm run agent -- add <email> --widget <id> [--role agent|admin] [--name N] [--avatar URL] [--password P]
  npm run agent -- list [<widget id>]
  npm run agent -- remove <email>
  npm run agent -- reset-password <email> [--password P]
  npm run agent -- token <email>
  npm run webhook -- add <widget id> <https URL> [--event conversation.escalated|message.created|conversation.closed|feedback.created]...
  npm run webhook -- list [<widget id>]
  npm run webhook -- deliveries <webhook id>
  npm run webhook -- remove <webhook id>`;

export function number(value: string | undefined, name: string, { min = 0, max = Infinity } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${value}".`);
  return n;
}

export function flag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError(`--${name} must be true or false, got "${value}".`);
  return value === 'true';
}

export function choice<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value as T;
}
