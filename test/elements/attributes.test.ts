import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements.js';
import type { OpenCXChat } from '../../src/elements.js';
import {
  ATTRIBUTES,
  attributeOf,
  mismatch,
  type Attribute,
  type AttributeName,
} from '../../src/elements/chat/attributes.js';
import { optionsOf } from '../../src/elements/chat/chat-options.js';

// The attribute table of <opencx-chat> (src/elements/chat/attributes.ts) is the one place an
// attribute is declared: everything else (Lit's properties, createConfig's options, the
// LaunchChat fields, custom-elements.json) must follow it. What each attribute does on screen is
// tested in chat.test.ts.

const NAMES = Object.keys(ATTRIBUTES) as AttributeName[];

/** A value the attribute accepts, as the attribute's text and as the property it becomes. */
function sample(name: AttributeName): [string, unknown] {
  const { kind } = ATTRIBUTES[name];
  if (kind === 'string') return [`${name}-value`, `${name}-value`];
  if (kind === 'boolean') return ['', true];
  const word = kind.find((v) => typeof v === 'string')!;
  return [word, word];
}

/** Where `name` lands in createConfig's options. */
function optionAt(options: Record<string, unknown>, name: AttributeName): unknown {
  const entry = ATTRIBUTES[name] as Attribute;
  const [field, inner] = (entry.option ?? name).split('.');
  const value = options[field!];
  return inner ? (value as Record<string, unknown> | undefined)?.[inner] : value;
}

describe('the attributes of <opencx-chat>', () => {
  it('each attribute in the table sets its property, and reaches createConfig where the table says', async () => {
    const el = await fixture<OpenCXChat>(html`<opencx-chat></opencx-chat>`);
    for (const name of NAMES) {
      const [text, value] = sample(name);
      el.setAttribute(attributeOf(name), text);
      expect(el[name], name).to.equal(value);
      expect(optionAt(optionsOf(el) as Record<string, unknown>, name), `${name} in the options`).to.equal(value);
      el.removeAttribute(attributeOf(name));
      expect(el[name], `${name} removed`).to.equal(undefined);
    }
  });

  it('a boolean attribute is true unless it says "false"; collect-user-data keeps "optional"', async () => {
    const el = await fixture<OpenCXChat>(html`<opencx-chat></opencx-chat>`);
    for (const name of NAMES.filter((n) => ATTRIBUTES[n].kind === 'boolean')) {
      el.setAttribute(attributeOf(name), 'false');
      expect(el[name], `${name}="false"`).to.equal(false);
      el.setAttribute(attributeOf(name), 'yes');
      expect(el[name], `${name}="yes"`).to.equal(true);
    }
    el.setAttribute('collect-user-data', 'optional');
    expect(el.collectUserData).to.equal('optional');
    el.setAttribute('collect-user-data', 'false');
    expect(el.collectUserData).to.equal(false);
  });

  it('an attribute beats the same option in `config`, and leaves the rest of its group alone', async () => {
    const el = await fixture<OpenCXChat>(html`<opencx-chat bot-name="Max" theme="dark"></opencx-chat>`);
    el.config = { bot: { name: 'Config', avatarUrl: '/a.png' }, theme: 'light', widgetId: 'from-config' };
    const options = optionsOf(el);
    expect(options.bot).to.deep.equal({ name: 'Max', avatarUrl: '/a.png' });
    expect(options.theme).to.deep.equal({ colorScheme: 'dark' });
    expect(options.widgetId).to.equal('from-config');
    el.setAttribute('token', 'from-attribute');
    // One name of the widget as an attribute replaces both of config's.
    expect(optionsOf(el)).to.include({ token: 'from-attribute' }).and.not.have.property('widgetId');
    // The element's config is never changed by it.
    expect(el.config.bot).to.deep.equal({ name: 'Config', avatarUrl: '/a.png' });
  });

  it('LaunchChat fields are checked against the table: a wrong type or value is named', () => {
    expect(mismatch('greeting', 'Hi')).to.equal(undefined);
    expect(mismatch('greeting', 3)).to.equal('must be a string');
    expect(mismatch('sound', 'yes')).to.equal('must be a boolean');
    expect(mismatch('position', 'top')).to.equal('must be one of bottom-right, bottom-left');
    expect(mismatch('collectUserData', 'optional')).to.equal(undefined);
  });

  it('custom-elements.json lists exactly the table’s attributes on <opencx-chat>, each described', async () => {
    const manifest = (await (await fetch('/custom-elements.json')).json()) as {
      modules: { declarations?: { tagName?: string; attributes?: { name: string; description?: string }[] }[] }[];
    };
    const chat = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'opencx-chat')!;
    const listed = chat.attributes!.filter((a) => a.name !== 'open' && a.name !== 'mode');
    expect(listed.map((a) => a.name)).to.deep.equal(NAMES.map(attributeOf));
    for (const attribute of listed) expect(attribute.description, attribute.name).to.be.a('string').and.not.equal('');
  });
});
