import type { ConfigOptions, ThemeOptions } from '../../state/config.js';
import type { ChatHost, ChatHostClass } from './chat-host.js';

// How the attributes of `<opencx-chat>` become the options of `createConfig`.

/** The properties that feed `createConfig`: a change to any of them reconfigures the widget. */
export const CONFIG_PROPERTIES = [
  'token',
  'widgetId',
  'apiUrl',
  'language',
  'theme',
  'position',
  'primaryColor',
  'triggerOffset',
  'greeting',
  'placeholder',
  'botName',
  'botAvatar',
  'collectUserData',
  'persistSession',
  'sound',
  'debug',
  'config',
] as const;

/** The element's attributes over its `config` property: what `createConfig` is given. */
export function optionsOf(host: ChatHost): ConfigOptions {
  const base: ConfigOptions = { ...host.config };
  const pick = <K extends keyof ConfigOptions>(key: K, value: ConfigOptions[K] | undefined) => {
    if (value !== undefined) base[key] = value;
  };
  if (host.token !== undefined || host.widgetId !== undefined) {
    delete base.token;
    delete base.widgetId;
  }
  pick('token', host.token);
  pick('widgetId', host.widgetId);
  pick('apiUrl', host.apiUrl ?? base.apiUrl ?? (host.constructor as ChatHostClass).defaultApiUrl);
  pick('language', host.language);
  pick('greeting', host.greeting);
  pick('placeholder', host.placeholder);
  pick('position', host.position);
  pick('collectUserData', host.collectUserData);
  pick('debug', host.debug);
  const theme: ThemeOptions = typeof base.theme === 'string' ? { colorScheme: base.theme } : { ...base.theme };
  if (host.theme !== undefined) theme.colorScheme = host.theme;
  if (host.primaryColor !== undefined) theme.primaryColor = host.primaryColor;
  if (host.triggerOffset !== undefined) theme.triggerOffset = host.triggerOffset;
  base.theme = theme;
  if (host.botName !== undefined || host.botAvatar !== undefined) {
    base.bot = {
      ...base.bot,
      ...(host.botName !== undefined && { name: host.botName }),
      ...(host.botAvatar !== undefined && { avatarUrl: host.botAvatar }),
    };
  }
  if (host.persistSession !== undefined || host.sound !== undefined) {
    base.settings = {
      ...base.settings,
      ...(host.persistSession !== undefined && { persistSession: host.persistSession }),
      ...(host.sound !== undefined && { useSoundEffects: host.sound }),
    };
  }
  return base;
}
