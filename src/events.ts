// The DOM events (docs/events.md), one class per file in events/ (so the launcher loads only
// the two it fires). They bubble and are composed, so a listener on the page hears them from inside
// any shadow root; `detail` carries exactly the documented payload.

import { OpenCXOpenEvent } from './events/open.js';
import { OpenCXCloseEvent } from './events/close.js';
import { OpenCXMessageEvent } from './events/message.js';
import { OpenCXEscalateEvent } from './events/escalate.js';
import { OpenCXFeedbackEvent } from './events/feedback.js';
import { OpenCXReadyEvent } from './events/ready.js';
import { OpenCXErrorEvent } from './events/error.js';

export {
  OpenCXOpenEvent,
  OpenCXCloseEvent,
  OpenCXMessageEvent,
  OpenCXEscalateEvent,
  OpenCXFeedbackEvent,
  OpenCXReadyEvent,
  OpenCXErrorEvent,
};
export type { MessageEventDetail } from './events/message.js';

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
