// The headless core (docs/core.md): no DOM access at import time, so it loads in Node and
// under SSR, and every name here is usable without the elements.
export { createConfig } from './state/config.js';
export type {
  BotOptions,
  ColorScheme,
  ConfigOptions,
  NormalizedConfig,
  Position,
  ThemeOptions,
  UserOptions,
} from './state/config.js';
export { ApiCaller } from './state/api.js';
export type { AnswerEvent } from './state/answer-stream.js';
export type { ApiCallerOptions, OutgoingMessage, RequestOptions, Visitor } from './state/api.js';
export { createChat, MAX_MESSAGE_LENGTH } from './state/chat.js';
export type { Chat, CreateChatOptions } from './state/chat.js';
export type {
  ChatContact,
  ChatErrorCode,
  ChatEvent,
  ChatSession,
  ChatState,
  FeedbackType,
  LoadingReason,
  MessageRole,
  MessageStatus,
  MessageType,
} from './state/chat-state.js';
export type {
  ChatResponse,
  Citation,
  Contact,
  EscalateResponse,
  HistoryMessage,
  HistoryResponse,
  Prelude,
  RelatedArticle,
  SessionResponse,
  SessionStatus,
} from './state/responses.js';
export {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  FileUploadError,
  HttpError,
  isRetryable,
  OpenCXError,
  RateLimitError,
  SessionError,
  SessionNotDefinedError,
  TransportError,
} from './state/errors.js';
export type { OpenCXErrorOptions } from './state/errors.js';
export { createWebPlatform } from './state/platform.js';
export type { Platform, PlatformSignal } from './state/platform.js';
export { createMemoryStorage, withMemoryFallback } from './state/storage.js';
export type { PlatformStorage } from './state/storage.js';
export type { LoggerSettings } from './state/logger.js';
export { DEFAULT_RETRY_POLICY } from './state/retry-policy.js';
export type { RetryPolicy } from './state/retry-policy.js';
export { LANGUAGES } from './i18n/languages.js';
export type { Language } from './i18n/languages.js';
// The script-tag API's types (window.LaunchChatConfig, window.LaunchChatWidget: docs/embed.md),
// with the Window augmentation: type-only, for pages that use the script-tag build.
export type { LaunchChatConfig, WidgetAPI, WidgetEvents } from './launchchat/types.js';
