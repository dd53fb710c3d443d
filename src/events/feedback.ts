import { eventInit } from './event-init.js';

/** The visitor rated an answer. */
export class OpenCXFeedbackEvent extends CustomEvent<{ messageId: string; type: 'positive' | 'negative' }> {
  constructor(detail: { messageId: string; type: 'positive' | 'negative' }) {
    super('opencx-feedback', eventInit(detail));
  }
}
