import * as v from 'valibot';
import type { CountKey } from '../i18n/en.js';
import { directionOf, matchLanguage, type Language } from '../i18n/languages.js';
import { ConfigurationError } from './errors.js';
import { createLogger } from './logger.js';
import { color, length, url } from './value-rules.js';

import type { ConfigOptions, NormalizedConfig } from './config-types.js';

export type {
  BotOptions,
  ColorScheme,
  ConfigOptions,
  NormalizedConfig,
  Position,
  ThemeOptions,
  UserOptions,
} from './config-types.js';

const text = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const headers = v.record(
  v.pipe(v.string(), v.regex(HEADER_NAME, 'must be a valid HTTP header name')),
  v.pipe(v.string(), v.regex(/^[^\r\n\0]*$/, 'must not contain line breaks')),
);
const strings = v.record(v.string(), v.string());

/** A `CountText`: one text for every count, or one per plural category of which `other` is required. */
const countText = v.union(
  [
    v.string(),
    v.strictObject({
      zero: v.optional(v.string()),
      one: v.optional(v.string()),
      two: v.optional(v.string()),
      few: v.optional(v.string()),
      many: v.optional(v.string()),
      other: v.string(),
    }),
  ],
  'must be a string, or an object with a string per plural category (zero, one, two, few, many) and "other"',
);
/** The `strings` option: a `countText` for the keys that take a count, a string for every other one. */
const translationOverrides = v.objectWithRest(
  { charactersLeft: v.optional(countText), unread: v.optional(countText) } satisfies Record<CountKey, unknown>,
  v.string(),
);

const colorScheme = v.picklist(['light', 'dark', 'auto'], 'must be "light", "dark" or "auto"');

const optionsSchema = v.object({
  token: v.optional(text),
  widgetId: v.optional(text),
  apiUrl: v.optional(text),
  headers: v.optional(headers),
  queryParams: v.optional(strings),
  pathParams: v.optional(strings),
  collectUserData: v.optional(v.union([v.boolean(), v.literal('optional')], 'must be true, false or "optional"')),
  debug: v.optional(v.boolean()),
  language: v.optional(v.string()),
  contactToken: v.optional(text),
  user: v.optional(
    v.object({
      external_id: v.optional(text),
      name: v.optional(v.string()),
      email: v.optional(v.pipe(v.string(), v.trim(), v.email('must be an email address'))),
      phone: v.optional(v.string()),
      customData: v.optional(strings),
      avatarUrl: v.optional(url({ images: true })),
    }),
  ),
  bot: v.optional(
    v.object({
      name: v.optional(v.string()),
      avatarUrl: v.optional(url({ images: true })),
      id: v.optional(v.nullable(v.number())),
      is_ai: v.optional(v.boolean()),
    }),
  ),
  theme: v.optional(
    v.union(
      [
        colorScheme,
        v.object({
          primaryColor: v.optional(color),
          triggerOffset: v.optional(length),
          colorScheme: v.optional(colorScheme),
        }),
      ],
      'must be "light", "dark", "auto" or an object { primaryColor, triggerOffset, colorScheme }',
    ),
  ),
  settings: v.optional(
    v.object({
      persistSession: v.optional(v.boolean()),
      useSoundEffects: v.optional(v.boolean()),
      attachments: v.optional(v.boolean()),
    }),
  ),
  soundEffectFiles: v.optional(v.object({ messageArrived: v.optional(url()) })),
  primaryColor: v.optional(color),
  greeting: v.optional(v.string()),
  placeholder: v.optional(v.string()),
  position: v.optional(v.picklist(['bottom-right', 'bottom-left'], 'must be "bottom-right" or "bottom-left"')),
  strings: v.optional(translationOverrides),
});

const KNOWN_OPTIONS = new Set(Object.keys(optionsSchema.entries));

function describe(issue: v.BaseIssue<unknown>): { field: string; sentence: string } {
  const field = v.getDotPath(issue) ?? 'options';
  // Valibot's own type messages read "Invalid type: Expected string but received 42"; ours name the rule.
  const sentence =
    issue.kind === 'schema' && issue.type !== 'union' && issue.type !== 'picklist'
      ? `must be ${issue.expected === 'Object' ? 'an object' : `of type ${issue.expected}`}, got ${issue.received}`
      : issue.message;
  return { field, sentence };
}

function resolveApiUrl(raw: string | undefined, pathParams: Record<string, string>): string {
  let value = raw ?? globalThis.location?.origin;
  if (value === undefined || value === 'null') {
    throw new ConfigurationError('createConfig: "apiUrl" is required when the page has no origin to default to.', {
      field: 'apiUrl',
    });
  }
  value = value.replace(/\{([^{}]+)\}/g, (placeholder, name: string) => {
    const param = pathParams[name];
    if (param === undefined) {
      throw new ConfigurationError(
        `createConfig: "apiUrl" has the placeholder ${placeholder} but "pathParams.${name}" is not set.`,
        { field: 'apiUrl' },
      );
    }
    return encodeURIComponent(param);
  });
  const absolute = /^https?:\/\//i.test(value);
  if (!absolute && !(value.startsWith('/') && globalThis.location)) {
    throw new ConfigurationError(
      `createConfig: "apiUrl" must be an absolute http(s) URL or a path starting with "/", got "${value}".`,
      { field: 'apiUrl' },
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(value, globalThis.location?.href);
  } catch (cause) {
    throw new ConfigurationError(`createConfig: "apiUrl" is not a valid URL: "${value}".`, { field: 'apiUrl', cause });
  }
  // Browsers differ on odd hosts (Chromium escapes a space instead of refusing it): insist on a real one.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(parsed.hostname)) {
    throw new ConfigurationError(`createConfig: "apiUrl" has an invalid host: "${value}".`, { field: 'apiUrl' });
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed.href.replace(/\/+$/, '');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates `options` and applies the defaults. Throws a `ConfigurationError` naming the field at
 * fault and what it expects; an unsupported `language` or an unknown option only warns.
 */
export function createConfig(options: ConfigOptions): NormalizedConfig {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError('createConfig: options must be an object such as { widgetId: "..." }.', {
      field: 'options',
    });
  }
  const result = v.safeParse(optionsSchema, options, { abortPipeEarly: true });
  if (!result.success) {
    const problems = result.issues.map(describe);
    const list = problems.map((p) => `"${p.field}" ${p.sentence}`).join('; ');
    throw new ConfigurationError(`createConfig: ${list}.`, { field: problems[0]?.field, details: problems });
  }
  const o = result.output;
  const logger = createLogger({}, o.debug);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) logger.warn(`createConfig: unknown option "${key}" is ignored.`);
  }

  if (o.token && o.widgetId && o.token !== o.widgetId) {
    throw new ConfigurationError(
      'createConfig: "token" and "widgetId" are two names for the same id; they must not differ.',
      { field: 'token' },
    );
  }
  const id = o.token ?? o.widgetId;
  if (!id) {
    throw new ConfigurationError(
      'createConfig: "widgetId" (or its alias "token") is required: the id of your widget.',
      {
        field: 'widgetId',
      },
    );
  }

  let language: Language = 'en';
  if (o.language !== undefined) {
    const match = matchLanguage(o.language);
    if (match) language = match;
    else logger.warn(`createConfig: language "${o.language}" is not supported; using "en".`);
  }

  const pathParams = o.pathParams ?? {};
  const theme = typeof o.theme === 'string' ? { colorScheme: o.theme } : (o.theme ?? {});
  const primaryColor = theme.primaryColor ?? o.primaryColor;

  return deepFreeze({
    token: id,
    widgetId: id,
    apiUrl: resolveApiUrl(o.apiUrl, pathParams),
    headers: { ...o.headers },
    queryParams: { ...o.queryParams },
    pathParams: { ...pathParams },
    collectUserData: o.collectUserData ?? false,
    debug: o.debug ?? false,
    language,
    dir: directionOf(language),
    contactToken: o.contactToken,
    user: { ...o.user, customData: o.user?.customData && { ...o.user.customData } },
    bot: { ...o.bot },
    theme: {
      ...(primaryColor === undefined ? {} : { primaryColor }),
      ...(theme.triggerOffset === undefined ? {} : { triggerOffset: theme.triggerOffset }),
      colorScheme: theme.colorScheme ?? 'auto',
    },
    settings: {
      persistSession: o.settings?.persistSession ?? true,
      useSoundEffects: o.settings?.useSoundEffects ?? false,
      // The visitor may attach files where the server takes them (docs/elements.md, "Attachments").
      attachments: o.settings?.attachments ?? true,
    },
    soundEffectFiles: { ...o.soundEffectFiles },
    greeting: o.greeting,
    placeholder: o.placeholder,
    position: o.position ?? 'bottom-right',
    strings: { ...o.strings },
  });
}
