// Registers <opencx-chat> and <opencx-trigger> (the panel loads by itself on first intent).
// Importing this module twice, or two copies of the widget on one page, is harmless.
export { OpenCXChat } from './elements/chat/chat.js';
export { OpenCXTrigger } from './elements/trigger/trigger.js';
export * from './events.js';
