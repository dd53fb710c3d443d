import { eventInit } from './event-init.js';

/** The panel opened, whatever opened it. */
export class OpenCXOpenEvent extends CustomEvent<{ timestamp: number }> {
  constructor(detail = { timestamp: Date.now() }) {
    super('opencx-open', eventInit(detail));
  }
}
