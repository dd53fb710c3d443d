// The DOM events of ../shared/API.md §1. They bubble and are composed, so a listener on the page
// hears them from inside any shadow root; `detail` carries exactly the documented payload.

export interface MessageEventDetail {
  content: string;
  role: 'user' | 'assistant' | 'agent';
  messageId: string;
}

function init<T>(detail: T): CustomEventInit<T> {
  return { bubbles: true, composed: true, detail };
}

/** The panel opened, whatever opened it. */
export class OpenCXOpenEvent extends CustomEvent<{ timestamp: number }> {
  constructor(detail = { timestamp: Date.now() }) {
    super('opencx-open', init(detail));
  }
}

/** The panel closed, whatever closed it. */
export class OpenCXCloseEvent extends CustomEvent<{ timestamp: number }> {
  constructor(detail = { timestamp: Date.now() }) {
    super('opencx-close', init(detail));
  }
}

/** The visitor sent a message, or one arrived. */
export class OpenCXMessageEvent extends CustomEvent<MessageEventDetail> {
  constructor(detail: MessageEventDetail) {
    super('opencx-message', init(detail));
  }
}

/** The visitor asked for a human. */
export class OpenCXEscalateEvent extends CustomEvent<{ email: string; message: string }> {
  constructor(detail: { email: string; message: string }) {
    super('opencx-escalate', init(detail));
  }
}

/** The visitor rated an answer. */
export class OpenCXFeedbackEvent extends CustomEvent<{ messageId: string; type: 'positive' | 'negative' }> {
  constructor(detail: { messageId: string; type: 'positive' | 'negative' }) {
    super('opencx-feedback', init(detail));
  }
}

/** The configuration is loaded and the widget is ready to chat. */
export class OpenCXReadyEvent extends CustomEvent<{ widgetId: string }> {
  constructor(detail: { widgetId: string }) {
    super('opencx-ready', init(detail));
  }
}

/** A configuration or connection problem the visitor may see. */
export class OpenCXErrorEvent extends CustomEvent<{ code: string; message: string }> {
  constructor(detail: { code: string; message: string }) {
    super('opencx-error', init(detail));
  }
}

declare global {
  interface HTMLElementEventMap {
    'opencx-open': OpenCXOpenEvent;
    'opencx-close': OpenCXCloseEvent;
    'opencx-message': OpenCXMessageEvent;
    'opencx-escalate': OpenCXEscalateEvent;
    'opencx-feedback': OpenCXFeedbackEvent;
    'opencx-ready': OpenCXReadyEvent;
    'opencx-error': OpenCXErrorEvent;
  }
}
