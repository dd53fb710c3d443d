import { Hono } from 'hono';
import { attachmentsService } from './attachments/service.js';
import type { FileStore } from './attachments/storage.js';
import { defaultAnswerer, type Answerer } from './answering/answerer.js';
import type { Embedder } from './answering/embeddings.js';
import { semanticSearch } from './answering/semantic.js';
import type { Database } from './db/database.js';
import { limitBody } from './http/body-limit.js';
import { clientAddress } from './http/client-address.js';
import { requireAgent } from './http/agent.js';
import { widgetCors } from './http/cors.js';
import type { WidgetEnv } from './http/env.js';
import { errorResponse, notFound } from './http/errors.js';
import { consoleLog, type Log } from './log.js';
import { agentConversationRoutes } from './routes/agent-conversations.js';
import { agentEventRoutes } from './routes/agent-events.js';
import { agentSessionRoutes } from './routes/agent-session.js';
import { agentAttachmentRoutes, fileRoutes, visitorAttachmentRoutes } from './routes/attachments.js';
import { chatRoutes } from './routes/chat.js';
import { conversationEventRoutes } from './routes/conversation-events.js';
import { EventBus } from './live/bus.js';
import { conversationRoutes } from './routes/conversations.js';
import { visitorActionRoutes } from './routes/visitor-actions.js';
import { visitorRoutes } from './routes/visitors.js';
import { widgetSettingsRoutes } from './routes/widget-settings.js';
import { consolePage } from './site/console.js';

export interface AppOptions {
  db: Database;
  /** Default: composes answers from the passages, no external service. */
  answerer?: Answerer;
  /** Default none: ranking by words alone. With one, search by meaning is fused with it. */
  embedder?: Embedder;
  /**
   * The reverse proxies in front of the server, by address: from them, the client's address is
   * read from X-Forwarded-For (http/client-address.ts). Default none: the socket's peer.
   */
  trustedProxies?: ReadonlySet<string>;
  log?: Log;
  /** How often a quiet event stream gets a comment line (default 25 s): shorter in tests. */
  heartbeatMs?: number;
  /** The built console page (default: server/dist/console, which `npm run build` makes). */
  consoleDir?: string;
  /** Where attachments are kept (attachments/storage.ts). Default none: attachments are off. */
  files?: FileStore;
  /** The server's origin as browsers reach it, for attachments' links (default: each request's). */
  publicUrl?: string;
}

/** The widget API and the agent API (docs/server.md, docs/console.md): middleware, error handling and the routes, mounted. */
export function createApp({
  db,
  answerer = defaultAnswerer,
  embedder,
  trustedProxies = new Set(),
  log = consoleLog,
  heartbeatMs,
  consoleDir,
  files,
  publicUrl,
}: AppOptions): Hono<WidgetEnv> {
  const app = new Hono<WidgetEnv>();
  const attachments = attachmentsService(db, files, publicUrl);
  app.onError(errorResponse(log));
  app.notFound(notFound);
  app.use('/api/widget/*', widgetCors(db), limitBody(), async (c, next) => {
    c.set('client', clientAddress(c, trustedProxies));
    await next();
  });
  app.route(
    '/api/widget',
    chatRoutes({ db, answering: { answerer, nearest: embedder && semanticSearch(embedder, log) }, log }),
  );
  app.route('/api/widget', conversationRoutes(db, attachments));
  const bus = new EventBus(db);
  app.route('/api/widget', conversationEventRoutes(db, bus, heartbeatMs, attachments));
  app.route('/api/widget', visitorRoutes(db));
  app.route('/api/widget', visitorActionRoutes(db));
  app.route('/api/widget', widgetSettingsRoutes(db, { attachmentsOn: Boolean(attachments) }));
  app.route('/api/widget', visitorAttachmentRoutes(db, attachments));
  // Attachments' bytes, for whoever holds a link that has not expired (docs/server.md, "Attachments").
  if (attachments) app.route('/', fileRoutes(db, attachments));

  // The agent API (docs/console.md): no CORS, so only the server's own pages (the console) and
  // programs with a personal token can use it; every route but signing in needs an agent.
  app.use('/api/agent/*', limitBody(), async (c, next) => {
    c.set('client', clientAddress(c, trustedProxies));
    await next();
  });
  app.route('/api/agent', agentSessionRoutes(db));
  app.use('/api/agent/conversations/*', requireAgent(db));
  app.use('/api/agent/events', requireAgent(db));
  app.use('/api/agent/unanswered', requireAgent(db));
  app.route('/api/agent', agentConversationRoutes(db, attachments));
  app.route('/api/agent', agentAttachmentRoutes(db, attachments));
  app.route('/api/agent', agentEventRoutes(db, bus, heartbeatMs, attachments));
  // The page agents work in, which calls the agent API above from this origin.
  app.route('/', consolePage(consoleDir));
  return app;
}
