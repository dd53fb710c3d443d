import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { ConfigOptions } from '@opencx/widget';
import type { OpenCXFeedbackEvent, OpenCXMessageEvent } from '@opencx/widget/elements';

const colors = { Indigo: '#4f46e5', Green: '#047857', Crimson: '#b91c1c' };

@Component({
  selector: 'app-root',
  // <opencx-chat> is a custom element, not an Angular component: without this schema Angular
  // reports "'opencx-chat' is not a known element".
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>OpenCX chat in Angular</h1>
      <p>
        <label>
          Brand colour
          <select (change)="primaryColor.set($any($event.target).value)">
            @for (color of colors; track color.value) {
              <option [value]="color.value" [selected]="color.value === primaryColor()">{{ color.name }}</option>
            }
          </select>
        </label>
        <button type="button" (click)="chat.show()">Open the chat</button>
      </p>
      <h2>What the app heard</h2>
      <ol aria-label="Messages">
        @for (message of messages(); track message.messageId) {
          <li>{{ message.role }}: {{ message.content }}</li>
        }
      </ol>
      <p>{{ feedback() || 'No rating yet.' }}</p>
    </main>
    <!-- [attr.x] sets an attribute, [x] a property: objects such as config must go in as properties. -->
    <opencx-chat
      #chat
      widget-id="demo"
      [attr.primary-color]="primaryColor()"
      [config]="config"
      (opencx-message)="onMessage($event)"
      (opencx-feedback)="onFeedback($event)"
    ></opencx-chat>
  `,
})
export class App {
  protected readonly colors = Object.entries(colors).map(([name, value]) => ({ name, value }));
  protected readonly primaryColor = signal(colors.Indigo);
  protected readonly config: ConfigOptions = { strings: { newConversation: 'Start over' } };
  protected readonly messages = signal<OpenCXMessageEvent['detail'][]>([]);
  protected readonly feedback = signal('');

  protected onMessage(event: OpenCXMessageEvent) {
    this.messages.update((messages) => [...messages, event.detail]);
  }

  protected onFeedback(event: OpenCXFeedbackEvent) {
    this.feedback.set(`${event.detail.type} on ${event.detail.messageId}`);
  }
}
