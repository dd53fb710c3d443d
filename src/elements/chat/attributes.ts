// The attributes of `<opencx-chat>`: the one place each is declared (docs/elements.md, "How the
// element is built"). From this table come the element's reactive properties and their types,
// the options its runtime hands `createConfig` (chat-options.ts), the fields `LaunchChatWidget`
// checks and sets, and the attributes in custom-elements.json (whose plugin reads the comments
// below as the attributes' descriptions). It loads with the launcher, so it stays a plain table.

/** What an attribute holds: any string, a boolean (`"false"` is false), or one of a few values. */
type Kind = 'string' | 'boolean' | readonly (string | boolean)[];

export interface Attribute {
  readonly kind: Kind;
  /** Where the value goes in `createConfig`'s options, `group.field`; default: the field of the same name. */
  readonly option?: string;
}

export const ATTRIBUTES = {
  /** Bot or widget token (the OpenCX name); `widget-id` is the same thing. */
  token: { kind: 'string' },
  /** The widget's id (the LaunchChat name); `token` is the same thing. */
  widgetId: { kind: 'string' },
  /** The chat server's base URL; default: the page's origin. */
  apiUrl: { kind: 'string' },
  /** Interface language (`en`, `es`, `fr`, `de`, `pt`, `nl`, `it`, `ja`, `zh`, `ar`, `he`); sets the direction. */
  language: { kind: 'string' },
  /** `light`, `dark` or `auto` (follows the visitor's system setting). */
  theme: { kind: ['light', 'dark', 'auto'], option: 'theme.colorScheme' },
  /** Corner of the launcher and panel. */
  position: { kind: ['bottom-right', 'bottom-left'] },
  /** Brand colour, any CSS colour; the text on it turns black or white for contrast. */
  primaryColor: { kind: 'string', option: 'theme.primaryColor' },
  /** Distance of the launcher and panel from the viewport's edges, a CSS length. */
  triggerOffset: { kind: 'string', option: 'theme.triggerOffset' },
  /** First bot message of a new conversation. */
  greeting: { kind: 'string' },
  /** Placeholder of the message box. */
  placeholder: { kind: 'string' },
  /** The bot's display name. */
  botName: { kind: 'string', option: 'bot.name' },
  /** The bot's avatar URL. */
  botAvatar: { kind: 'string', option: 'bot.avatarUrl' },
  /** Ask for name and email before the first message; `"optional"` lets the visitor skip it. */
  collectUserData: { kind: [true, false, 'optional'] },
  /** The conversation survives reloads (default on). */
  persistSession: { kind: 'boolean', option: 'settings.persistSession' },
  /** A chime when an answer arrives while the panel is closed or the tab hidden. */
  sound: { kind: 'boolean', option: 'settings.useSoundEffects' },
  /** The visitor may attach files, where the server takes them (default on). */
  attachments: { kind: 'boolean', option: 'settings.attachments' },
  /** Logs what the widget does to the console. */
  debug: { kind: 'boolean' },
} as const satisfies Record<string, Attribute>;

export type AttributeName = keyof typeof ATTRIBUTES;

type ValueOf<K extends Kind> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends readonly (infer V)[]
      ? V
      : never;

/** The attributes as the element's properties (camelCase), each optional: unset, the `config` property or the default decides. */
export type ChatAttributes = { -readonly [N in AttributeName]?: ValueOf<(typeof ATTRIBUTES)[N]['kind']> };

/** The attribute of a property: `widgetId` is `widget-id`. */
export const attributeOf = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/**
 * Lit's declaration of each attribute. Absent (or removed) means not set; a boolean attribute is
 * true unless it says "false"; one that takes `true`, `false` or a word keeps the word.
 */
export function reactiveProperties() {
  const properties: Record<string, { attribute: string; converter: (v: string | null) => unknown }> = {};
  for (const [name, { kind }] of Object.entries(ATTRIBUTES) as [string, Attribute][]) {
    const words: readonly unknown[] = typeof kind === 'object' ? kind : [];
    const flag = kind === 'boolean' || words.includes(true);
    properties[name] = {
      attribute: attributeOf(name),
      converter: (v) => (v === null ? undefined : !flag || words.includes(v) ? v : v !== 'false'),
    };
  }
  return properties;
}

/** Why `value` cannot be the attribute `name`'s value (a sentence's end), or nothing when it can. */
export function mismatch(name: AttributeName, value: unknown): string | undefined {
  const { kind } = ATTRIBUTES[name] as Attribute;
  if (typeof kind === 'string' ? typeof value === kind : kind.includes(value as string)) return;
  return `must be ${typeof kind === 'string' ? `a ${kind}` : `one of ${kind.join(', ')}`}`;
}
