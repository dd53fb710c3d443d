'use client';

// Registers <opencx-chat> and <opencx-trigger> in the browser; on the server it loads and does
// nothing, so the same component renders in both.
import '@opencx/widget/elements';
import type { ConfigOptions } from '@opencx/widget';
import type { OpenCXChat, OpenCXFeedbackEvent, OpenCXMessageEvent } from '@opencx/widget/elements';
import { useEffect, useRef, useState } from 'react';

const colors = { Indigo: '#4f46e5', Green: '#047857', Crimson: '#b91c1c' };
const config: ConfigOptions = { strings: { newConversation: 'Start over' } };

export function Support() {
  const chat = useRef<OpenCXChat>(null);
  const [primaryColor, setPrimaryColor] = useState(colors.Indigo);
  const [messages, setMessages] = useState<OpenCXMessageEvent['detail'][]>([]);
  const [feedback, setFeedback] = useState('');

  // React 19 does not set properties or add custom-event listeners on an element it hydrates from
  // server-rendered HTML, so `config={...}` and `onopencx-message={...}` would be lost here: the
  // effect sets them once the element is in the page (docs/frameworks.md, "Next.js and
  // server-side rendering"). Attributes (`widget-id`, `primary-color`) are in the HTML already.
  useEffect(() => {
    const element = chat.current;
    if (!element) return;
    element.config = config;
    const onMessage = (event: OpenCXMessageEvent) => setMessages((list) => [...list, event.detail]);
    const onFeedback = (event: OpenCXFeedbackEvent) => setFeedback(`${event.detail.type} on ${event.detail.messageId}`);
    element.addEventListener('opencx-message', onMessage);
    element.addEventListener('opencx-feedback', onFeedback);
    return () => {
      element.removeEventListener('opencx-message', onMessage);
      element.removeEventListener('opencx-feedback', onFeedback);
    };
  }, []);

  return (
    <>
      <main>
        <h1>OpenCX chat in Next.js</h1>
        <p>
          <label>
            Brand colour{' '}
            <select value={primaryColor} onChange={(event) => setPrimaryColor(event.target.value)}>
              {Object.entries(colors).map(([name, value]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => chat.current?.show()}>
            Open the chat
          </button>
        </p>
        <h2>What the app heard</h2>
        <ol aria-label="Messages">
          {messages.map((message) => (
            <li key={message.messageId}>
              {message.role}: {message.content}
            </li>
          ))}
        </ol>
        <p>{feedback || 'No rating yet.'}</p>
      </main>
      <opencx-chat ref={chat} widget-id="demo" primary-color={primaryColor} />
    </>
  );
}
