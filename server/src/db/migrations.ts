// Versioned schema, PostgreSQL SQL only: the same statements run on PGlite and on a real server.
// Append new steps; never edit one that has shipped.
export const MIGRATIONS: string[] = [
  `create table widgets (
     id text primary key,
     name text not null,
     greeting text,
     placeholder text,
     primary_color text,
     theme text not null default 'auto',
     position text not null default 'bottom-right',
     language text not null default 'en',
     bot_name text,
     bot_avatar_url text,
     initial_questions jsonb not null default '[]',
     collect_user_data boolean not null default false,
     escalation_enabled boolean not null default true,
     allowed_origins jsonb not null default '[]',
     rate_limit_per_minute integer not null default 20,
     daily_quota integer not null default 1000,
     refusal_threshold real not null default 0.35,
     kb_base_url text not null default '',
     active boolean not null default true,
     created_at timestamptz not null default now()
   );
   create table kb_sections (
     id bigserial primary key,
     widget_id text not null references widgets(id) on delete cascade,
     page_id text not null,
     page_title text not null,
     page_url text not null,
     heading text not null,
     body text not null,
     search tsvector generated always as (
       setweight(to_tsvector('english', page_title || ' ' || heading), 'A') || setweight(to_tsvector('english', body), 'B')
     ) stored,
     unique (widget_id, page_url)
   );
   create index kb_sections_search on kb_sections using gin (search);
   create table conversations (
     id uuid primary key,
     widget_id text not null references widgets(id) on delete cascade,
     visitor_id text not null,
     status text not null default 'bot',
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   );
   create table messages (
     id text not null,
     conversation_id uuid not null references conversations(id) on delete cascade,
     role text not null,
     content text not null,
     citations jsonb,
     related_articles jsonb,
     confidence_score real,
     was_refused boolean,
     created_at timestamptz not null default clock_timestamp(),
     primary key (conversation_id, id)
   );
   create index messages_by_time on messages (conversation_id, created_at);
   create table idempotency (
     widget_id text not null,
     visitor_id text not null,
     key text not null,
     response jsonb not null,
     created_at timestamptz not null default now(),
     primary key (widget_id, visitor_id, key)
   );
   create table feedback (
     widget_id text not null,
     message_id text not null,
     type text not null,
     comment text,
     created_at timestamptz not null default now(),
     primary key (widget_id, message_id)
   );
   create table contacts (
     widget_id text not null,
     visitor_id text not null,
     name text,
     email text,
     custom_data jsonb,
     updated_at timestamptz not null default now(),
     primary key (widget_id, visitor_id)
   );
   create table tickets (
     id bigserial primary key,
     widget_id text not null,
     conversation_id uuid not null references conversations(id) on delete cascade,
     email text not null,
     message text not null,
     created_at timestamptz not null default now()
   );`,
  // Rate-limit and quota counters, in the database so several server processes share them.
  `create table rate_counters (
     widget_id text not null,
     bucket text not null,
     window_start timestamptz not null,
     count integer not null,
     primary key (widget_id, bucket, window_start)
   );`,
  // Idempotency records are claimed before the answer is written (no transaction is held while
  // a model writes): a record without a response is a claim, which lapses after claimed_at + 30 s.
  `alter table idempotency alter column response drop not null;
   alter table idempotency add column conversation_id uuid;
   alter table idempotency add column claimed_at timestamptz not null default now();`,
  // Sections at every heading level, with the path of headings above them; a long section is
  // split into parts that share its URL. Pages are remembered by a hash of what made their
  // sections, so re-ingesting skips unchanged pages and drops removed ones.
  `alter table kb_sections drop constraint kb_sections_widget_id_page_url_key;
   alter table kb_sections add column heading_path text not null default '';
   alter table kb_sections add column ordinal integer not null default 0;
   alter table kb_sections drop column search;
   alter table kb_sections add column search tsvector generated always as (
     setweight(to_tsvector('english', page_title || ' ' || heading_path), 'A') || setweight(to_tsvector('english', body), 'B')
   ) stored;
   create index kb_sections_search on kb_sections using gin (search);
   create index kb_sections_by_page on kb_sections (widget_id, page_id, ordinal);
   create table kb_pages (
     widget_id text not null references widgets(id) on delete cascade,
     page_id text not null,
     hash text not null,
     primary key (widget_id, page_id)
   );`,
  // Ranking with BM25F (answering/retrieval.ts): each section's terms with their frequency in its
  // page title, its heading path and its body, the fields' lengths, and each widget's averages.
  `alter table kb_sections add column title_length integer not null default 0;
   alter table kb_sections add column path_length integer not null default 0;
   alter table kb_sections add column body_length integer not null default 0;
   create table kb_terms (
     widget_id text not null,
     lexeme text not null,
     section_id bigint not null references kb_sections(id) on delete cascade,
     title_tf integer not null,
     path_tf integer not null,
     body_tf integer not null,
     -- The section's field lengths again: ranking reads only the postings, never the sections.
     title_length integer not null,
     path_length integer not null,
     body_length integer not null,
     primary key (widget_id, lexeme, section_id)
   );
   create index kb_terms_by_section on kb_terms (section_id);
   create table kb_stats (
     widget_id text primary key references widgets(id) on delete cascade,
     sections integer not null,
     avg_title real not null,
     avg_path real not null,
     avg_body real not null
   );`,
  // The confidence is a calibrated probability now (answering/retrieval.ts): 0.5 is where it is as
  // likely right as not. Widgets still at the old default take the new one.
  `alter table widgets alter column refusal_threshold set default 0.5;
   update widgets set refusal_threshold = 0.5 where refusal_threshold = 0.35::real;`,
  // Optional embeddings (db/embeddings.ts): one vector a section, of the model that made it, as
  // float32 bytes. They go with their section.
  `create table kb_embeddings (
     section_id bigint primary key references kb_sections(id) on delete cascade,
     widget_id text not null,
     model text not null,
     vector bytea not null
   );
   create index kb_embeddings_by_widget on kb_embeddings (widget_id, model, section_id);`,
  // Keys the server signs with (db/secrets.ts): made once, shared by every process on the database.
  `create table server_secrets (
     name text primary key,
     value text not null,
     created_at timestamptz not null default now()
   );`,
  // What one client address may take of a widget's daily quota (db/limits.ts).
  `alter table widgets add column client_quota_share real not null default 0.1;`,
  // The human side (docs/console.md): agents, the widgets they answer for, their sign-in sessions
  // and API tokens (both stored as SHA-256 hashes of what the agent holds), internal notes, who
  // wrote an agent's message, who has a conversation, and when the team last read it.
  `create table agents (
     id uuid primary key,
     email text not null unique,
     name text not null,
     role text not null default 'agent',
     password_hash text not null,
     created_at timestamptz not null default now()
   );
   create table agent_widgets (
     agent_id uuid not null references agents(id) on delete cascade,
     widget_id text not null references widgets(id) on delete cascade,
     primary key (agent_id, widget_id)
   );
   create index agent_widgets_by_widget on agent_widgets (widget_id);
   create table agent_sessions (
     id_hash text primary key,
     agent_id uuid not null references agents(id) on delete cascade,
     csrf_token text not null,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null
   );
   create index agent_sessions_by_agent on agent_sessions (agent_id);
   create table agent_tokens (
     id_hash text primary key,
     agent_id uuid not null references agents(id) on delete cascade,
     created_at timestamptz not null default now(),
     last_used_at timestamptz
   );
   create table notes (
     id uuid primary key,
     conversation_id uuid not null references conversations(id) on delete cascade,
     agent_id uuid references agents(id) on delete set null,
     content text not null,
     created_at timestamptz not null default clock_timestamp()
   );
   create index notes_by_conversation on notes (conversation_id, created_at);
   alter table messages add column agent_id uuid references agents(id) on delete set null;
   alter table conversations add column assignee_id uuid references agents(id) on delete set null;
   alter table conversations add column agent_seen_at timestamptz;
   create index conversations_inbox on conversations (widget_id, (status <> 'escalated'), updated_at desc, id desc);
   create index conversations_by_assignee on conversations (assignee_id, updated_at desc) where assignee_id is not null;
   create index tickets_by_conversation on tickets (conversation_id);`,
  // Live events (docs/console.md, "Live events"): what happened in a conversation, in the order it
  // happened, so a stream that reconnects with Last-Event-ID gets what it missed, once.
  `create table conversation_events (
     id bigserial primary key,
     conversation_id uuid not null references conversations(id) on delete cascade,
     kind text not null,
     data jsonb not null,
     created_at timestamptz not null default now()
   );
   create index conversation_events_by_conversation on conversation_events (conversation_id, id);`,
  // Signed webhooks (docs/console.md, "Webhooks"): the endpoints a widget registered, and the
  // outbox of deliveries, written in the transaction of the change they report and sent by the
  // server's delivery worker, so a receiver that is down or a restart loses none. The signing
  // secret is kept as it is: the server signs with it, so it cannot be a hash.
  `create table webhooks (
     id uuid primary key,
     widget_id text not null references widgets(id) on delete cascade,
     url text not null,
     secret text not null,
     events text[] not null,
     created_at timestamptz not null default now()
   );
   create index webhooks_by_widget on webhooks (widget_id);
   create table webhook_deliveries (
     id bigserial primary key,
     webhook_id uuid not null references webhooks(id) on delete cascade,
     event_id uuid not null,
     type text not null,
     body text not null,
     created_at timestamptz not null default now(),
     attempts int not null default 0,
     next_attempt_at timestamptz not null default now(),
     delivered_at timestamptz,
     failed_at timestamptz,
     last_status int,
     last_error text
   );
   create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
     where delivered_at is null and failed_at is null;
   create index webhook_deliveries_by_webhook on webhook_deliveries (webhook_id, id desc);`,
  // Verified contacts (docs/console.md, "Verified contacts"): each widget's identity secret, which
  // the customer's backend signs contact tokens with (kept as it is: the server checks signatures
  // with it), and whether a contact's name and email came from such a token.
  `create table widget_secrets (
     widget_id text primary key references widgets(id) on delete cascade,
     identity_secret text not null,
     created_at timestamptz not null default now()
   );
   alter table contacts add column verified boolean not null default false;`,
  // The inbox's search (db/inbox.ts) by a trigram index on the messages (pg_trgm, docs/console.md,
  // "The agent API"): made where the extension can be (PGlite loads it; a PostgreSQL server needs
  // it available to this role), else search reads every message, slower but the same. In the
  // public schema where there is one: an extension belongs to the whole database.
  `do $$ begin create extension if not exists pg_trgm schema public; exception when others then begin create extension if not exists pg_trgm; exception when others then null; end; end $$;
   do $$ declare s text; begin select n.nspname into s from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'; if s is not null then execute format('create index messages_content_trgm on messages using gin (content %I.gin_trgm_ops)', s); end if; end $$;`,
  // An agent's picture, shown to the visitor beside their replies (docs/console.md, "Agents").
  `alter table agents add column avatar_url text;`,
  // A visitor's latest conversation (db/conversations.ts): how a verified contact's conversation
  // follows them to another device (docs/console.md, "Verified contacts").
  `create index conversations_by_visitor on conversations (widget_id, visitor_id, updated_at desc);`,
  // Attachments (docs/server.md, "Attachments"): the widget's limits, and each file's record (its
  // bytes are in the file store under the same id). A file goes with its conversation.
  `alter table widgets add column attachments_enabled boolean not null default true;
   alter table widgets add column attachment_max_bytes integer not null default 10485760;
   alter table widgets add column attachment_max_files integer not null default 5;
   alter table widgets add column attachment_types jsonb not null default '["image/png","image/jpeg","image/gif","image/webp","application/pdf"]';
   alter table widgets add column attachment_daily_quota integer not null default 500;
   create table attachments (
     id text primary key,
     widget_id text not null references widgets(id) on delete cascade,
     conversation_id uuid not null references conversations(id) on delete cascade,
     message_id text,
     uploader_role text not null,
     agent_id uuid,
     name text not null,
     size integer not null,
     content_type text not null,
     created_at timestamptz not null default now()
   );
   create index attachments_by_message on attachments (conversation_id, message_id);
   create index attachments_unsent on attachments (created_at) where message_id is null;`,
];
