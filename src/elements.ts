// Registers <opencx-chat> and <opencx-trigger> (the panel loads by itself on first intent).
// Importing this module twice, or two copies of the widget on one page, is harmless.
// First: it must listen before Lit loads (see the module).
import './elements/trusted-types.js';
export { OpenCXChat } from './elements/chat/chat.js';
export { OpenCXTrigger } from './elements/trigger/trigger.js';
export * from './events.js';
