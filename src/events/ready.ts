import { eventInit } from './event-init.js';

/** The configuration is loaded and the widget is ready to chat. */
export class OpenCXReadyEvent extends CustomEvent<{ widgetId: string }> {
  constructor(detail: { widgetId: string }) {
    super('opencx-ready', eventInit(detail));
  }
}
