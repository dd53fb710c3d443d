/** `Platform.logger` (docs/core.md#platform): settings for the widget's console output. */
export interface LoggerSettings {
  /** Lowest level written: `debug`, `info`, `warn` or `error`. */
  level: string;
  prefix: string;
  enabled: boolean;
}

export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export const DEFAULT_LOGGER_SETTINGS: LoggerSettings = { level: 'warn', prefix: '[OpenCX]', enabled: true };

/** A console logger honouring `settings`; `debug: true` in the config lowers the level to `debug`. */
export function createLogger(settings: Partial<LoggerSettings> = {}, debug = false): Logger {
  const { prefix, enabled, level } = { ...DEFAULT_LOGGER_SETTINGS, ...settings };
  const floor = debug ? 0 : Math.max(0, LEVELS.indexOf(level as (typeof LEVELS)[number]));
  const write =
    (at: number, method: (typeof LEVELS)[number]) =>
    (...args: unknown[]) => {
      // eslint-disable-next-line no-console -- this is the one place the widget writes to the console
      if (enabled && at >= floor) console[method](prefix, ...args);
    };
  return { debug: write(0, 'debug'), info: write(1, 'info'), warn: write(2, 'warn'), error: write(3, 'error') };
}
