// Browser side of mock-api.mjs: one namespace of the mock API per test.
// @ts-expect-error -- served by the mock plugin at run time
import mockOrigin from '/__opencx/mock-origin.js';

export interface Fault {
  action: 'drop' | 'drop-after' | 'respond' | 'delay' | 'truncate' | 'cut-body';
  method?: 'GET' | 'POST';
  /** A part of the path after the namespace, e.g. `/api/widget/chat`. */
  path?: string;
  times?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  ms?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Record<string, unknown>;
  at: number;
}

export interface StoredConversation {
  id: string;
  status: string;
  messages: { messageId: string; role: string; content: string; createdAt: string }[];
}

export interface MockState {
  conversations: StoredConversation[];
  feedback: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  tickets: { ticketId: string; conversationId: string; email: string; message: string }[];
  answered: number;
  /** The most requests to one path that were open at the same time. */
  maxConcurrent: Record<string, number>;
}

export class MockApi {
  readonly ns = `t${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
  readonly apiUrl = `${mockOrigin as string}/mock/${this.ns}`;

  async fault(...faults: Fault[]): Promise<void> {
    await fetch(`${this.apiUrl}/__faults`, { method: 'POST', body: JSON.stringify(faults) });
  }

  /** Requests the API received (not the preflights), oldest first; `path` filters by a part of it. */
  async log(path?: string): Promise<LoggedRequest[]> {
    const all = (await (await fetch(`${this.apiUrl}/__log`)).json()) as LoggedRequest[];
    return path ? all.filter((r) => r.path.includes(path)) : all;
  }

  /** The next request whose path contains `path` gets the documented error JSON with `status`. */
  async refuse(
    status: number,
    code: string,
    {
      path,
      message = `Refused: ${code}.`,
      headers,
    }: { path?: string; message?: string; headers?: Record<string, string> } = {},
  ): Promise<void> {
    await this.fault({
      action: 'respond',
      status,
      path,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: { error: { code, message } },
    });
  }

  async state(): Promise<MockState> {
    return (await (await fetch(`${this.apiUrl}/__state`)).json()) as MockState;
  }

  /** Plays the help desk: change a conversation's status and/or add a human agent's reply. */
  async agent(change: {
    conversationId: string;
    status?: string;
    agentMessage?: string;
    agentMessages?: string[];
  }): Promise<MockState> {
    return (await (
      await fetch(`${this.apiUrl}/__state`, { method: 'POST', body: JSON.stringify(change) })
    ).json()) as MockState;
  }
}
