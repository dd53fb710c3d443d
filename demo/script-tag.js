// The script-tag page: its buttons call window.LaunchChatWidget's methods, and the log lists every
// event the widget reports through on(), with its payload, and what each call did.
const widget = window.LaunchChatWidget;
const EVENTS = ['open', 'close', 'message', 'escalate', 'feedback'];
const log = document.getElementById('log');
const logEvents = document.getElementById('log-events');

/** Adds a line to the log: an event (`data-event`) or a call (`data-call`), with what it carried. */
function note(kind, name, detail) {
  const item = document.createElement('li');
  item.className = kind;
  item.dataset[kind] = name;
  const now = new Date();
  const time = document.createElement('time');
  time.dateTime = now.toISOString();
  time.textContent = now.toLocaleTimeString();
  const label = document.createElement('strong');
  label.textContent = name;
  item.append(time, ' ', label);
  if (detail !== undefined) {
    const code = document.createElement('code');
    code.textContent = typeof detail === 'string' ? detail : JSON.stringify(detail);
    item.append(' ', code);
  }
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

// One function per event, kept, so that off() can name the one on() was given.
const callbacks = Object.fromEntries(EVENTS.map((event) => [event, (payload) => note('event', event, payload)]));
function listen(on) {
  for (const event of EVENTS) widget[on ? 'on' : 'off'](event, callbacks[event]);
}

document.getElementById('config').textContent = JSON.stringify(window.LaunchChatConfig, null, 2);

for (const method of ['open', 'close', 'destroy']) {
  document.getElementById(method).addEventListener('click', () => {
    widget[method]();
    note('call', `${method}()`);
  });
}

logEvents.addEventListener('change', () => {
  listen(logEvents.checked);
  note('call', logEvents.checked ? 'on(…) for every event' : 'off(…) for every event');
});

document.getElementById('init-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  let config;
  try {
    config = JSON.parse(document.getElementById('init-config').value);
  } catch (error) {
    note('call', 'init()', `not called: the configuration is not JSON (${error.message})`);
    return;
  }
  const ready = widget.init(config);
  note('call', 'init()', config);
  // destroy() dropped the callbacks: register them again (on() twice with one function is harmless).
  if (logEvents.checked) listen(true);
  try {
    await ready;
    note('call', 'init() resolved', 'the widget is ready');
  } catch (error) {
    note('call', 'init() rejected', `${error.name}: ${error.message}`);
  }
});

document.getElementById('clear-log').addEventListener('click', () => log.replaceChildren());

if (logEvents.checked) listen(true);
