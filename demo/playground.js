// The playground: each control sets one attribute of the page's <opencx-chat> as it changes, and
// the two snippets are rewritten from the same settings. The settings are also kept in the
// address (?language=ar&mode=inline), so a link opens the playground as it was.
const chat = document.getElementById('chat');
const form = document.getElementById('controls');
const preview = document.getElementById('preview');

/** Each setting: its control, the attribute it sets, and its LaunchChatConfig field. */
const SETTINGS = [
  { name: 'color', attribute: 'primary-color', field: 'primaryColor' },
  { name: 'theme', attribute: 'theme', field: 'theme' },
  { name: 'position', attribute: 'position', field: 'position' },
  { name: 'language', attribute: 'language', field: 'language' },
  { name: 'mode', attribute: 'mode' },
];
const control = (name) => document.getElementById(name);

/** The settings as the controls hold them now. */
function current() {
  return Object.fromEntries(SETTINGS.map(({ name }) => [name, control(name).value]));
}

/** Only what the controls can hold: a colour like #4f46e5, or one of a select's options. */
function valid(name, value) {
  const element = control(name);
  if (element.type === 'color') return /^#[0-9a-f]{6}$/i.test(value);
  return [...element.options].some((option) => option.value === value);
}

function elementSnippet(settings, origin) {
  const inline = settings.mode === 'inline';
  const attributes = [
    'widget-id="demo"',
    `primary-color="${settings.color}"`,
    `theme="${settings.theme}"`,
    inline ? 'mode="inline"' : `position="${settings.position}"`,
    `language="${settings.language}"`,
  ];
  const element = `<opencx-chat\n  ${attributes.join('\n  ')}\n></opencx-chat>`;
  const script = `<script type="module" src="${origin}/dist/embed.js"></script>`;
  if (!inline) return `${script}\n${element}`;
  const indented = element.replace(/\n/g, '\n  ');
  return `${script}\n\n<!-- The inline chat fills its parent: give the parent a height in your CSS. -->\n<div class="help-chat">\n  ${indented}\n</div>`;
}

function configSnippet(settings, origin) {
  const fields = [
    `widgetId: 'demo'`,
    ...SETTINGS.filter((s) => s.field).map(({ name, field }) => `${field}: '${settings[name]}'`),
  ];
  return `<script>\n  window.LaunchChatConfig = {\n    ${fields.join(',\n    ')},\n  };\n</script>\n<script type="module" src="${origin}/dist/embed.js"></script>`;
}

/** Sets the chat's attributes, the preview, the snippets and the address from the controls. */
function apply() {
  const settings = current();
  for (const { name, attribute } of SETTINGS) chat.setAttribute(attribute, settings[name]);
  document.getElementById('color-value').value = settings.color;
  document.getElementById('corner').textContent = settings.position.replace('-', ' ');
  preview.dataset.mode = settings.mode;
  document.getElementById('floating-note').hidden = settings.mode === 'inline';
  document.getElementById('open-chat').hidden = settings.mode === 'inline';
  document.getElementById('config-inline-note').hidden = settings.mode !== 'inline';

  document.getElementById('snippet-element').textContent = elementSnippet(settings, location.origin);
  document.getElementById('snippet-config').textContent = configSnippet(settings, location.origin);

  const query = new URLSearchParams();
  for (const { name } of SETTINGS) {
    const element = control(name);
    const initial = element.type === 'color' ? element.defaultValue : element.options[0].value;
    if (settings[name] !== initial) query.set(name, settings[name]);
  }
  const search = query.size ? `?${query}` : '';
  if (search !== location.search) window.history.replaceState(null, '', location.pathname + search);
}

// Settings from the address, when it has some the controls can hold.
const params = new URLSearchParams(location.search);
for (const { name } of SETTINGS) {
  const value = params.get(name);
  if (value !== null && valid(name, value)) control(name).value = value;
}

form.addEventListener('input', apply);
form.addEventListener('change', apply);
form.addEventListener('submit', (event) => event.preventDefault());
// A reset puts the controls back after this event: apply once they are.
form.addEventListener('reset', () => setTimeout(apply));
document.getElementById('open-chat').addEventListener('click', () => chat.show());

const status = document.getElementById('copy-status');
for (const [button, code] of [
  ['copy-element', 'snippet-element'],
  ['copy-config', 'snippet-config'],
]) {
  document.getElementById(button).addEventListener('click', async () => {
    const text = document.getElementById(code).textContent;
    try {
      await window.navigator.clipboard.writeText(text);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      // No clipboard permission (an http page that is not localhost, say): select it for Ctrl-C.
      window.getSelection().selectAllChildren(document.getElementById(code));
      status.textContent = 'Selected: press Ctrl-C (⌘-C) to copy.';
    }
    setTimeout(() => (status.textContent = ''), 4000);
  });
}

apply();
