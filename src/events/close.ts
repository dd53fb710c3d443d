import { eventInit } from './event-init.js';

/** The panel closed, whatever closed it. */
export class OpenCXCloseEvent extends CustomEvent<{ timestamp: number }> {
  constructor(detail = { timestamp: Date.now() }) {
    super('opencx-close', eventInit(detail));
  }
}
