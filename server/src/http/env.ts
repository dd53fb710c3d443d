import type { Agent } from '../db/agents.js';
import type { WidgetRow } from '../db/widgets.js';

/** What middleware hands the routes of the widget API: the widget the request is for. */
export interface WidgetEnv {
  /** `client`: the address the request comes from (http/client-address.ts), for the limits. */
  Variables: { widget: WidgetRow; client: string };
}

/** And, on the routes of a visitor (http/visitor.ts), who the visitor is. */
export interface VisitorEnv {
  Variables: { widget: WidgetRow; client: string; visitor: Visitor };
}

/** A visitor as a request presents it (http/visitor.ts): `minted` when the server made it for this request. */
export interface Visitor {
  id: string;
  token: string;
  minted: boolean;
  /** A contact proven by a contact token (http/contact-token.ts). */
  verified?: boolean;
}

/** On the agent API (http/agent.ts): the agent signed in. */
export interface AgentEnv {
  Variables: { client: string; agent: Agent };
}
