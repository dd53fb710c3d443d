import type { ConfigOptions } from '@opencx/widget';
import type { OpenCXChat, OpenCXMessageEvent } from '@opencx/widget/elements';
import { useRef, useState } from 'react';

const colors = { Indigo: '#4f46e5', Green: '#047857', Crimson: '#b91c1c' };
// React 19 sets `config` as a property because the element has one. Defined once, outside the
// component: a new object on every render would make the chat re-read its configuration every render.
const config: ConfigOptions = { strings: { newConversation: 'Start over' } };

export function App() {
  const chat = useRef<OpenCXChat>(null);
  const [primaryColor, setPrimaryColor] = useState(colors.Indigo);
  const [messages, setMessages] = useState<OpenCXMessageEvent['detail'][]>([]);
  const [feedback, setFeedback] = useState('');

  return (
    <>
      <main>
        <h1>OpenCX chat in React</h1>
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
      <opencx-chat
        ref={chat}
        widget-id="demo"
        primary-color={primaryColor}
        config={config}
        onopencx-message={(event) => setMessages((list) => [...list, event.detail])}
        onopencx-feedback={(event) => setFeedback(`${event.detail.type} on ${event.detail.messageId}`)}
      />
    </>
  );
}
