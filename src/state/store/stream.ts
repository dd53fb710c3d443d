import type { Subscription } from 'rxjs';
import type { OutgoingMessage } from '../api.js';
import type { MessageType } from '../chat-state.js';
import type { ChatResponse } from '../responses.js';
import type { StoreCore } from './core.js';
import { draftIdOf, lastIndexOfId } from './messages.js';

/**
 * How one attempt to send a message ended: answered, or stopped by the visitor — after the server
 * took the message (`taken`, with the conversation it named), or before, when it may never have
 * arrived (`error` says why).
 */
export type Outcome =
  | { stopped: false; response: ChatResponse }
  | { stopped: true; taken: true; conversationId?: string }
  | { stopped: true; taken: false; error: unknown };

export interface AnswerInProgress {
  /** Rejects when the attempt failed (the answer so far stays, `interrupted`) or `signal` aborted. */
  readonly result: Promise<Outcome>;
  /** The visitor stopped the answer: it is `stopped` at once, and nothing more is added to it. */
  stop(): void;
}

/**
 * Sends `message` and grows its answer in the state as the server writes it (docs/core.md,
 * "Streaming"): a draft right after the message, `streaming` until the finished answer replaces
 * it. A retried attempt starts the draft over: the idempotency key makes the server send the
 * same answer again, never a second one.
 */
export function streamAnswer(
  core: StoreCore,
  message: MessageType,
  outgoing: OutgoingMessage,
  signal: AbortSignal,
): AnswerInProgress {
  const draftId = draftIdOf(message.id);
  let fresh = true;
  // Pieces are shown together, at most every SHOW_EVERY_MS and in step with the page's frames: each
  // change of the text costs a render, a layout and a paint of the answer, however small the
  // piece (bench/README.md, "Streaming"). A hidden page paints nothing, yet other tabs may show
  // this answer: there, on a timer alone.
  let buffered = '';
  let frame: (() => void) | undefined;
  const show = () => {
    frame = undefined;
    if (!buffered) return;
    grow(core, message.id, buffered, fresh);
    fresh = false;
    buffered = '';
  };
  const later = () => {
    frame ??= nextFrame(show, core.platform.visibility?.get() === false);
  };
  const drop = () => {
    frame?.();
    frame = undefined;
    buffered = '';
  };
  let taken = false;
  let stopping = false;
  let conversationId: string | undefined;
  // Assigned below; `end()` may run from inside `subscribe` before the assignment would.
  // eslint-disable-next-line prefer-const
  let subscription: Subscription | undefined;
  let finish!: (outcome: Outcome) => void;
  let failWith!: (error: unknown) => void;
  const result = new Promise<Outcome>((resolve, reject) => {
    finish = resolve;
    failWith = reject;
  });
  const end = () => {
    drop();
    subscription?.unsubscribe();
    signal.removeEventListener('abort', onAbort);
  };
  const onAbort = () => {
    end();
    failWith(signal.reason);
  };
  signal.addEventListener('abort', onAbort, { once: true });

  subscription = core.api.streamMessage(outgoing).subscribe({
    next(event) {
      if (event.type === 'start') {
        taken = true;
        conversationId = event.conversationId;
        // Named from the first byte: asking for a person while this answer is written joins this
        // conversation rather than starting a second one (docs/core.md, "What it guarantees").
        const id = conversationId;
        if (id) core.update((s) => (s.session ? {} : { session: { id, status: 'bot' } }));
        if (stopping) {
          end();
          finish({ stopped: true, taken, conversationId });
        }
      } else if (stopping) {
        return;
      } else if (event.type === 'delta') {
        buffered += event.text;
        later();
      } else {
        end();
        finish({ stopped: false, response: event.response });
      }
    },
    error(error: unknown) {
      if (!stopping) show(); // what arrived before the cut stays
      end();
      if (stopping) return finish({ stopped: true, taken: false, error });
      core.patchMessage(draftId, { status: 'interrupted' });
      failWith(error);
    },
  });
  if (signal.aborted) onAbort();

  return {
    result,
    stop() {
      if (stopping) return;
      stopping = true;
      markStopped(core, message.id);
      if (taken) {
        end();
        finish({ stopped: true, taken, conversationId });
      }
    },
  };
}

/** How often a streamed answer grows on screen: 13 times a second still reads as continuous. */
const SHOW_EVERY_MS = 75;

/** Calls `run` in SHOW_EVERY_MS, at the frame after (not waiting for one when hidden); returns the function that cancels it. */
function nextFrame(run: () => void, hidden: boolean): () => void {
  let frame: number | undefined;
  const timer = setTimeout(() => {
    if (hidden || typeof requestAnimationFrame !== 'function') return run();
    frame = requestAnimationFrame(run);
  }, SHOW_EVERY_MS);
  return () => {
    clearTimeout(timer);
    if (frame !== undefined) cancelAnimationFrame(frame);
  };
}

function draftAfter(userMessageId: string, content: string, status: MessageType['status']): MessageType {
  return { id: draftIdOf(userMessageId), role: 'assistant', content, createdAt: new Date().toISOString(), status };
}

/** Adds `text` to the draft (or starts it over with `text` for the first piece of an attempt). */
function grow(core: StoreCore, userMessageId: string, text: string, fresh: boolean): void {
  const draftId = draftIdOf(userMessageId);
  core.update((s) => {
    const messages = s.messages.slice();
    const at = lastIndexOfId(messages, draftId);
    if (at >= 0) {
      const draft = messages[at]!;
      messages[at] = { ...draft, content: fresh ? text : draft.content + text, status: 'streaming' };
    } else {
      messages.splice(
        messages.findIndex((m) => m.id === userMessageId) + 1,
        0,
        draftAfter(userMessageId, text, 'streaming'),
      );
    }
    return { messages };
  });
}

function markStopped(core: StoreCore, userMessageId: string): void {
  const draftId = draftIdOf(userMessageId);
  core.update((s) => {
    const messages = s.messages.slice();
    const at = lastIndexOfId(messages, draftId);
    if (at >= 0) messages[at] = { ...messages[at]!, status: 'stopped' };
    else
      messages.splice(
        messages.findIndex((m) => m.id === userMessageId) + 1,
        0,
        draftAfter(userMessageId, '', 'stopped'),
      );
    return { messages };
  });
}
