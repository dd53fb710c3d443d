import { expect } from '@open-wc/testing';
import { ConfigurationError, createConfig, OpenCXError, type ConfigOptions } from '../../src/index.js';

function configError(options: unknown): ConfigurationError {
  try {
    createConfig(options as ConfigOptions);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    expect(error).to.be.instanceOf(OpenCXError);
    return error as ConfigurationError;
  }
  throw new Error('createConfig accepted the options');
}

function capturingWarnings<T>(run: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
  try {
    return { result: run(), warnings };
  } finally {
    console.warn = original;
  }
}

describe('createConfig', () => {
  it('applies the documented defaults', () => {
    const config = createConfig({ widgetId: 'w1' });
    expect(config).to.deep.include({
      token: 'w1',
      widgetId: 'w1',
      apiUrl: location.origin,
      collectUserData: false,
      debug: false,
      language: 'en',
      dir: 'ltr',
      position: 'bottom-right',
    });
    expect(config.settings).to.deep.equal({ persistSession: true, useSoundEffects: false, attachments: true });
    expect(config.theme).to.deep.equal({ colorScheme: 'auto' });
    expect(config.headers).to.deep.equal({});
  });

  it('takes token and widgetId as two names for one id', () => {
    expect(createConfig({ token: 'abc' }).widgetId).to.equal('abc');
    expect(createConfig({ widgetId: 'abc' }).token).to.equal('abc');
    expect(createConfig({ token: 'abc', widgetId: 'abc' }).widgetId).to.equal('abc');
    expect(configError({ token: 'a', widgetId: 'b' }).field).to.equal('token');
  });

  it('requires an id and says which field', () => {
    const error = configError({ greeting: 'Hi' });
    expect(error.field).to.equal('widgetId');
    expect(error.message).to.contain('"widgetId"').and.contain('required');
    expect(configError({ widgetId: '   ' }).message).to.contain('"widgetId" must not be empty');
  });

  it('rejects non-object options', () => {
    expect(configError(undefined).message).to.contain('options must be an object');
    expect(configError('w1').field).to.equal('options');
  });

  it('names the field and the expected type for wrong types, nested ones included', () => {
    const error = configError({ widgetId: 'w', debug: 'yes', settings: { persistSession: 1 } });
    expect(error.message).to.contain('"debug" must be of type boolean, got "yes"');
    expect(error.message).to.contain('"settings.persistSession" must be of type boolean, got 1');
    expect(error.field).to.equal('debug');
    expect(configError({ widgetId: 'w', headers: { 'X-A': 3 } }).message).to.contain(
      '"headers.X-A" must be of type string',
    );
    expect(configError({ widgetId: 'w', user: { email: 'nope' } }).message).to.contain(
      '"user.email" must be an email address',
    );
  });

  it('accepts theme as the LaunchChat scheme or the reference object', () => {
    expect(createConfig({ widgetId: 'w', theme: 'dark' }).theme).to.deep.equal({ colorScheme: 'dark' });
    expect(
      createConfig({ widgetId: 'w', theme: { primaryColor: '#123456', triggerOffset: '24px' } }).theme,
    ).to.deep.equal({ primaryColor: '#123456', triggerOffset: '24px', colorScheme: 'auto' });
    expect(configError({ widgetId: 'w', theme: 'blue' }).message).to.contain('"theme" must be "light", "dark", "auto"');
  });

  it('takes the LaunchChat fields: primaryColor, greeting, placeholder, position', () => {
    const config = createConfig({
      widgetId: 'w',
      primaryColor: 'rebeccapurple',
      greeting: 'Hello!',
      placeholder: 'Type here',
      position: 'bottom-left',
    });
    expect(config.theme.primaryColor).to.equal('rebeccapurple');
    expect(config).to.deep.include({ greeting: 'Hello!', placeholder: 'Type here', position: 'bottom-left' });
    expect(
      createConfig({ widgetId: 'w', primaryColor: 'red', theme: { primaryColor: 'blue' } }).theme.primaryColor,
    ).to.equal('blue');
    expect(configError({ widgetId: 'w', position: 'top' }).message).to.contain(
      '"position" must be "bottom-right" or "bottom-left"',
    );
  });

  it('checks colours and lengths with the browser’s CSS engine', () => {
    expect(configError({ widgetId: 'w', primaryColor: 'blurple' }).message).to.contain(
      '"primaryColor" must be a CSS color',
    );
    expect(configError({ widgetId: 'w', theme: { triggerOffset: 'far' } }).message).to.contain(
      '"theme.triggerOffset" must be a CSS length',
    );
  });

  it('keeps every reference option', () => {
    const config = createConfig({
      token: 't',
      apiUrl: 'https://api.example.com/v1/',
      headers: { 'X-Tenant': 'acme' },
      queryParams: { region: 'eu' },
      pathParams: {},
      collectUserData: true,
      debug: true,
      language: 'fr',
      contactToken: 'secret',
      user: {
        external_id: 'u1',
        name: 'Ana',
        email: 'ana@example.com',
        phone: '+1',
        customData: { plan: 'pro' },
        avatarUrl: '/a.png',
      },
      bot: { name: 'Ada', avatarUrl: 'https://cdn.example.com/ada.png', id: 7, is_ai: true },
      settings: { persistSession: false, useSoundEffects: true, attachments: false },
      soundEffectFiles: { messageArrived: 'https://cdn.example.com/ding.mp3' },
    });
    expect(config.apiUrl).to.equal('https://api.example.com/v1');
    expect(config).to.deep.include({ collectUserData: true, debug: true, language: 'fr', contactToken: 'secret' });
    expect(config.headers).to.deep.equal({ 'X-Tenant': 'acme' });
    expect(config.queryParams).to.deep.equal({ region: 'eu' });
    expect(config.user.customData).to.deep.equal({ plan: 'pro' });
    expect(config.bot).to.deep.equal({ name: 'Ada', avatarUrl: 'https://cdn.example.com/ada.png', id: 7, is_ai: true });
    expect(config.settings).to.deep.equal({ persistSession: false, useSoundEffects: true, attachments: false });
    expect(config.soundEffectFiles.messageArrived).to.equal('https://cdn.example.com/ding.mp3');
  });

  it('returns a frozen config that later changes to the options do not reach', () => {
    const options = { widgetId: 'w', headers: { 'X-A': '1' } };
    const config = createConfig(options);
    options.headers['X-A'] = '2';
    expect(config.headers['X-A']).to.equal('1');
    expect(Object.isFrozen(config) && Object.isFrozen(config.headers) && Object.isFrozen(config.theme)).to.be.true;
  });

  describe('apiUrl', () => {
    it('resolves a path against the page and drops the trailing slash', () => {
      expect(createConfig({ widgetId: 'w', apiUrl: '/chat-api/' }).apiUrl).to.equal(`${location.origin}/chat-api`);
    });

    it('fills {placeholders} from pathParams, encoded', () => {
      const config = createConfig({
        widgetId: 'w',
        apiUrl: 'https://{tenant}.example.com/{region}',
        pathParams: { tenant: 'acme', region: 'eu west' },
      });
      expect(config.apiUrl).to.equal('https://acme.example.com/eu%20west');
    });

    it('names a placeholder without a value', () => {
      const error = configError({ widgetId: 'w', apiUrl: 'https://x.example/{tenant}' });
      expect(error.field).to.equal('apiUrl');
      expect(error.message).to.contain('{tenant}').and.contain('pathParams.tenant');
    });

    it('rejects what is not an http(s) URL or a path', () => {
      for (const apiUrl of [
        'api.example.com',
        'ftp://example.com',
        'javascript:alert(1)',
        'https://',
        'http://exa mple.com',
      ]) {
        const error = configError({ widgetId: 'w', apiUrl });
        expect(error.field, apiUrl).to.equal('apiUrl');
        expect(error.message, apiUrl).to.contain('"apiUrl"');
      }
    });
  });

  describe('language', () => {
    it('matches a regional tag to its language and sets the direction', () => {
      expect(createConfig({ widgetId: 'w', language: 'pt-BR' }).language).to.equal('pt');
      expect(createConfig({ widgetId: 'w', language: 'AR' })).to.deep.include({ language: 'ar', dir: 'rtl' });
      expect(createConfig({ widgetId: 'w', language: 'he' }).dir).to.equal('rtl');
    });

    it('falls back to English with one warning for an unsupported language', () => {
      const { result, warnings } = capturingWarnings(() => createConfig({ widgetId: 'w', language: 'tlh' }));
      expect(result.language).to.equal('en');
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('language "tlh" is not supported');
    });

    it('still rejects a language that is not a string', () => {
      expect(configError({ widgetId: 'w', language: 42 }).field).to.equal('language');
    });
  });

  it('warns about an unknown option and goes on', () => {
    const { result, warnings } = capturingWarnings(() =>
      createConfig({ widgetId: 'w', widgetID: 'typo' } as ConfigOptions),
    );
    expect(result.widgetId).to.equal('w');
    expect(warnings.join('\n')).to.contain('unknown option "widgetID"');
  });

  it('refuses script URLs for avatars and sounds', () => {
    expect(configError({ widgetId: 'w', bot: { avatarUrl: 'javascript:alert(1)' } }).field).to.equal('bot.avatarUrl');
    expect(createConfig({ widgetId: 'w', bot: { avatarUrl: 'data:image/png;base64,AAAA' } }).bot.avatarUrl).to.match(
      /^data:image/,
    );
    expect(configError({ widgetId: 'w', soundEffectFiles: { messageArrived: 'data:audio/mp3,xx' } }).field).to.equal(
      'soundEffectFiles.messageArrived',
    );
  });

  it('refuses header names and values that would corrupt a request', () => {
    expect(configError({ widgetId: 'w', headers: { 'Bad Header': 'x' } }).message).to.contain('valid HTTP header name');
    expect(configError({ widgetId: 'w', headers: { 'X-A': 'a\r\nSet-Cookie: x' } }).message).to.contain('line breaks');
  });
});
