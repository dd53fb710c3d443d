// @opencx/server as a library: the widget API as a Hono app to mount in a Node program of your own,
// and what it needs around it (docs/server.md, "Embedding the server"). `npm start` uses the same.
export { createApp, type AppOptions } from './app.js';
export { diskStore, type FileStore, type Incoming } from './attachments/storage.js';
export { filesFromEnv } from './attachments/from-env.js';
export { s3Store, s3SettingsFromEnv, type S3Settings } from './attachments/s3-store.js';
export type { Answer, ChatResponse, ChatResult, Citation, ForPerson, RelatedArticle } from './answering/answer.js';
export { defaultAnswerer, type Answerer } from './answering/answerer.js';
export {
  createEmbedder,
  embeddingSettingsFromEnv,
  type Embedder,
  type EmbeddingSettings,
} from './answering/embeddings.js';
export { createLlmAnswerer, llmSettingsFromEnv, type LlmSettings } from './answering/model.js';
export type { Database } from './db/database.js';
export { openEmbedded } from './db/embedded.js';
export { migrate } from './db/migrate.js';
export { openFromEnv } from './db/open.js';
export { openPostgres } from './db/postgres.js';
export { upsertWidget, type WidgetRow, type WidgetSettings } from './db/widgets.js';
export { addAgent, type Agent, type AgentRole } from './db/agents.js';
export { createToken as createAgentToken } from './db/agent-credentials.js';
export { hashPassword } from './agents/password.js';
export { embedKnowledgeBase } from './ingest/embed.js';
export { ingestFolder } from './ingest/folder.js';
export type { Log } from './log.js';
export { ensureIdentitySecret } from './db/widget-secrets.js';
export { addWebhook, WEBHOOK_TYPES, type WebhookType } from './db/webhooks.js';
export { startWebhookWorker, type Worker, type WorkerOptions } from './webhooks/worker.js';
export { verify as verifyWebhookSignature } from './webhooks/signature.js';
