import { eventInit } from './event-init.js';

/** The visitor asked for a human. */
export class OpenCXEscalateEvent extends CustomEvent<{ email: string; message: string }> {
  constructor(detail: { email: string; message: string }) {
    super('opencx-escalate', eventInit(detail));
  }
}
