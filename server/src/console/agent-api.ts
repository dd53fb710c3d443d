import type { Agent, Conversation, ConversationSummary, InboxFilter, UnansweredQuestion } from './types.js';
import type { Attachment } from '../../../src/state/responses.js';
import { xhrFetch } from '../../../src/state/xhr-fetch.js';

// The console's calls to the agent API (docs/console.md, "The agent API"): same origin, the
// session cookie, and the session's CSRF token on every call that changes something.

/** A refused call: the API's `code` and its message, which the console shows as is. */
export class AgentApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AgentApiError';
  }
}

export interface Session {
  agent: Agent;
  csrfToken: string;
}

const FILTER_QUERY: Record<InboxFilter, Record<string, string>> = {
  waiting: { status: 'waiting' },
  mine: { status: 'open', assignee: 'me' },
  open: { status: 'open' },
  closed: { status: 'closed' },
};

export class AgentApi {
  #csrfToken = '';
  /** Called when the server no longer knows the session (signed out elsewhere, expired). */
  onSignedOut: () => void = () => {};

  async #call<T>(
    method: string,
    path: string,
    body?: unknown,
    { signal, onProgress }: { signal?: AbortSignal; onProgress?: (sent: number, total: number) => void } = {},
  ): Promise<T> {
    // A file goes as multipart, which brings its own Content-Type; anything else as JSON.
    const form = body instanceof FormData;
    let response: Response;
    try {
      // An upload tells its progress: that needs XMLHttpRequest (src/state/xhr-fetch.ts).
      response = await (onProgress ? xhrFetch(onProgress) : fetch)(`/api/agent${path}`, {
        method,
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          ...(body !== undefined && !form && { 'Content-Type': 'application/json' }),
          ...(method !== 'GET' && this.#csrfToken && { 'X-CSRF-Token': this.#csrfToken }),
        },
        ...(body !== undefined && { body: form ? body : JSON.stringify(body) }),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new AgentApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    const data = (await response.json().catch(() => ({}))) as T & { error?: { code?: string; message?: string } };
    if (!response.ok) {
      if (response.status === 401 && path !== '/session') this.onSignedOut();
      const { code = 'error', message = `The server answered ${response.status}.` } = data.error ?? {};
      throw new AgentApiError(response.status, code, message);
    }
    return data;
  }

  #keep(session: Session): Session {
    this.#csrfToken = session.csrfToken;
    return session;
  }

  /** The session this browser already has, if any. */
  async resume(): Promise<Session | undefined> {
    try {
      return this.#keep(await this.#call<Session>('GET', '/session'));
    } catch (error) {
      if (error instanceof AgentApiError && error.status === 401) return undefined;
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<Session> {
    return this.#keep(await this.#call<Session>('POST', '/session', { email, password }));
  }

  async signOut(): Promise<void> {
    await this.#call('DELETE', '/session');
    this.#csrfToken = '';
  }

  conversations(filter: InboxFilter, q = '', cursor?: string) {
    const params = new URLSearchParams({ ...FILTER_QUERY[filter], limit: '50' });
    if (q) params.set('q', q);
    if (cursor) params.set('cursor', cursor);
    return this.#call<{ conversations: ConversationSummary[]; nextCursor: string | null }>(
      'GET',
      `/conversations?${params}`,
    );
  }

  conversation(id: string) {
    return this.#call<Conversation>('GET', `/conversations/${encodeURIComponent(id)}`);
  }

  reply(id: string, content: string, clientMessageId: string, attachmentIds: string[] = []) {
    return this.#call<{ messageId: string; createdAt: string }>(
      'POST',
      `/conversations/${encodeURIComponent(id)}/messages`,
      { content, clientMessageId, ...(attachmentIds.length && { attachmentIds }) },
    );
  }

  /** A file into the conversation, to send with a reply (docs/server.md, "Attachments"). */
  upload(id: string, file: File, signal: AbortSignal, onProgress: (sent: number, total: number) => void) {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.#call<Attachment>('POST', `/conversations/${encodeURIComponent(id)}/attachments`, form, {
      signal,
      onProgress,
    });
  }

  note(id: string, content: string) {
    return this.#call<{ noteId: string; createdAt: string }>('POST', `/conversations/${encodeURIComponent(id)}/notes`, {
      content,
    });
  }

  assign(id: string, agentId: string | null) {
    return this.#call<void>('POST', `/conversations/${encodeURIComponent(id)}/assign`, { agentId });
  }

  setStatus(id: string, status: 'agent' | 'bot' | 'closed') {
    return this.#call<void>('POST', `/conversations/${encodeURIComponent(id)}/status`, { status });
  }

  typing(id: string) {
    return this.#call<void>('POST', `/conversations/${encodeURIComponent(id)}/typing`);
  }

  unanswered() {
    return this.#call<{ questions: UnansweredQuestion[] }>('GET', '/unanswered');
  }
}
