import { eventInit } from './event-init.js';

export interface MessageEventDetail {
  content: string;
  role: 'user' | 'assistant' | 'agent';
  messageId: string;
}

/** The visitor sent a message, or one arrived. */
export class OpenCXMessageEvent extends CustomEvent<MessageEventDetail> {
  constructor(detail: MessageEventDetail) {
    super('opencx-message', eventInit(detail));
  }
}
