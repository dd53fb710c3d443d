import type { ConfigOptions } from '../../state/config.js';
import { ATTRIBUTES, type Attribute, type AttributeName } from './attributes.js';
import type { ChatHost, ChatHostClass } from './chat-host.js';

// How the attributes of `<opencx-chat>` become the options of `createConfig`, by their table.

/** The properties that feed `createConfig`: a change to any of them reconfigures the widget. */
export const CONFIG_PROPERTIES = [...(Object.keys(ATTRIBUTES) as AttributeName[]), 'config'] as const;

/** The element's attributes over its `config` property: what `createConfig` is given. */
export function optionsOf(host: ChatHost): ConfigOptions {
  const options: Record<string, unknown> = { ...host.config };
  // One name of the widget given as an attribute replaces both of `config`'s.
  if (host.token !== undefined || host.widgetId !== undefined) {
    delete options.token;
    delete options.widgetId;
  }
  options.apiUrl ??= (host.constructor as ChatHostClass).defaultApiUrl;
  // LaunchChat's colour scheme becomes OpenCX's theme object, so attributes can fill it in.
  if (typeof options.theme === 'string') options.theme = { colorScheme: options.theme };
  for (const [name, { option = name }] of Object.entries(ATTRIBUTES) as [AttributeName, Attribute][]) {
    const value = host[name];
    if (value === undefined) continue;
    const [field, inner] = option.split('.') as [string, string?];
    options[field] = inner ? { ...(options[field] as object), [inner]: value } : value;
  }
  return options as ConfigOptions;
}
