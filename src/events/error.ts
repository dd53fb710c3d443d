import { eventInit } from './event-init.js';

/** A configuration or connection problem the visitor may see. */
export class OpenCXErrorEvent extends CustomEvent<{ code: string; message: string }> {
  constructor(detail: { code: string; message: string }) {
    super('opencx-error', eventInit(detail));
  }
}
