// What window.LaunchChatWidget says and throws when something goes wrong: its console messages,
// through the widget's logger, and its errors. Loaded on the first failure rather than with the
// launcher, which is all a page loads before the visitor's first intent.
import { OpenCXChat } from '../elements/chat/chat.js';
import { ConfigurationError } from '../state/errors.js';
import { createLogger } from '../state/logger.js';

export { errorFromReport } from '../state/errors.js';

function log(level: 'warn' | 'error', ...args: unknown[]): void {
  createLogger(OpenCXChat.logger)[level](...args);
}

/** A callback given to `on(event)` threw: the page's bug, reported, and the other callbacks still run. */
export function callbackThrew(event: string, error: unknown): void {
  log('error', `LaunchChatWidget.on('${event}') callback:`, error);
}

/** `on()` was given an event that is not one of `events`. */
export function unknownEvent(event: string, events: readonly string[]): void {
  log('warn', `LaunchChatWidget.on: unknown event "${event}" (not one of ${events.join(', ')}).`);
}

/** `init()` cannot mount a widget with its configuration because of `problem`: logged, and what it rejects with. */
export function unmountable(problem: string): ConfigurationError {
  log('error', `LaunchChatWidget: ${problem}.`);
  return new ConfigurationError(`LaunchChatWidget.init: ${problem}.`);
}
