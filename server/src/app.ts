import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import type { Answer } from './answer.js';
import { defaultAnswerer, type Answerer } from './llm.js';
import type { Database } from './db.js';
import { claim, complete, noteConversation, release, storedResponse, type Claim } from './idempotency.js';
import { admitMessage } from './limits.js';
import { ApiProblem } from './problem.js';
import { search } from './kb.js';
import { TextQueue } from './text-queue.js';
import type { WidgetRow } from './widgets.js';

type ChatResponse = Answer & { conversationId: string; messageId: string };

const MAX_BODY = 16 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// PostgreSQL text cannot hold NUL; other control characters are kept as the visitor sent them.
const text = (max: number) =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(max), v.regex(/^[^\0]*$/, 'must not contain NUL'));
const id = text(200);

const chatSchema = v.object({
  widgetId: id,
  message: v.pipe(
    text(4000),
    v.check((s) => s.trim().length > 0, 'must not be blank'),
  ),
  conversationId: v.optional(v.pipe(v.string(), v.regex(UUID, 'must be a conversation id'))),
  visitorId: v.optional(id),
  pageUrl: v.optional(text(2000)),
  clientMessageId: v.optional(id),
});
const createSessionSchema = v.object({ widgetId: id, visitorId: v.optional(id) });
const contactSchema = v.object({
  widgetId: id,
  visitorId: id,
  name: v.optional(v.pipe(v.string(), v.maxLength(200), v.regex(/^[^\0]*$/))),
  email: v.optional(v.pipe(v.string(), v.maxLength(320), v.email())),
  customData: v.optional(v.record(v.pipe(v.string(), v.maxLength(100)), v.pipe(v.string(), v.maxLength(1000)))),
});
const feedbackSchema = v.object({
  widgetId: id,
  messageId: id,
  type: v.picklist(['positive', 'negative']),
  comment: v.optional(v.pipe(v.string(), v.maxLength(2000), v.regex(/^[^\0]*$/))),
});
const escalateSchema = v.object({
  widgetId: id,
  conversationId: v.pipe(v.string(), v.regex(UUID, 'must be a conversation id')),
  email: v.pipe(v.string(), v.maxLength(320), v.email()),
  message: text(4000),
});

const CREATED_AT = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function fields(issues: v.BaseIssue<unknown>[]): string[] {
  return [...new Set(issues.map((i) => v.getDotPath(i) ?? 'body'))];
}

async function body<T>(c: Context, schema: v.GenericSchema<unknown, T>): Promise<T> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiProblem(400, 'bad_request', 'The body must be a JSON object.');
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const names = fields(result.issues);
    throw new ApiProblem(400, 'bad_request', `Invalid or missing fields: ${names.join(', ')}.`, { fields: names });
  }
  return result.output;
}

function query<T>(c: Context, schema: v.GenericSchema<unknown, T>): T {
  const result = v.safeParse(schema, c.req.query());
  if (!result.success) {
    const names = fields(result.issues);
    throw new ApiProblem(400, 'bad_request', `Invalid or missing query parameters: ${names.join(', ')}.`, {
      fields: names,
    });
  }
  return result.output;
}

export interface AppOptions {
  db: Database;
  /** Default: composes answers from the passages, no external service. */
  answerer?: Answerer;
}

/** The widget REST API of ../shared/API.md §3 on Hono. */
export function createApp({ db, answerer = defaultAnswerer }: AppOptions): Hono {
  const app = new Hono();

  /** The active widget, if the request's Origin may use it (an anti-embedding check, not authentication). */
  async function widgetFor(c: Context, widgetId: string): Promise<WidgetRow> {
    const [widget] = await db.query<WidgetRow>('select * from widgets where id = $1 and active', [widgetId]);
    if (!widget) throw new ApiProblem(404, 'widget_not_found', 'No active widget has this id.');
    const origin = c.req.header('Origin');
    if (origin) {
      const allowed = widget.allowed_origins as string[];
      if (allowed.length > 0 && !allowed.includes(origin)) {
        // Readable there: the widget then says it is not available on this website, and does
        // not retry a network failure. The answer tells nothing but the refusal.
        c.header('Access-Control-Allow-Origin', origin);
        throw new ApiProblem(403, 'origin_not_allowed', 'This website may not use this widget.');
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    return widget;
  }

  async function conversationFor(widgetId: string, conversationId: string, on: Database = db) {
    const [conversation] = UUID.test(conversationId)
      ? await on.query<{ id: string; status: string; visitor_id: string }>(
          `select id, status, visitor_id, ${CREATED_AT} as created, to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated
           from conversations where id = $1 and widget_id = $2`,
          [conversationId, widgetId],
        )
      : [];
    if (!conversation) throw new ApiProblem(404, 'conversation_not_found', 'This widget has no such conversation.');
    return conversation as { id: string; status: string; visitor_id: string; created: string; updated: string };
  }

  app.use('*', async (c, next) => {
    c.header('Vary', 'Origin');
    await next();
  });

  /** An origin some active widget allows: errors raised before the widget is known must still be readable there. */
  async function originAllowedSomewhere(origin: string): Promise<boolean> {
    const [row] = await db.query(
      `select 1 from widgets where active and (jsonb_array_length(allowed_origins) = 0 or allowed_origins ? $1) limit 1`,
      [origin],
    );
    return Boolean(row);
  }

  app.onError(async (error, c) => {
    // A 400 or 413 comes before the widget lookup; without CORS headers a page on another origin
    // would see a network failure instead of the error (and retry what cannot succeed).
    const origin = c.req.header('Origin');
    if (
      origin &&
      !c.res.headers.get('Access-Control-Allow-Origin') &&
      (await originAllowedSomewhere(origin).catch(() => false))
    ) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (error instanceof ApiProblem) {
      if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
      return c.json(
        { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
        error.status,
      );
    }
    // Nothing internal leaks: no stack, no SQL.
    console.error('[server]', error);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });

  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404),
  );

  // Preflights carry no widget id: allowed when some active widget allows the origin.
  app.options('/api/*', async (c) => {
    const origin = c.req.header('Origin');
    if (origin) {
      if (await originAllowedSomewhere(origin)) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        c.header('Access-Control-Allow-Headers', c.req.header('Access-Control-Request-Headers') ?? 'Content-Type');
        c.header('Access-Control-Max-Age', '600');
      }
    }
    return c.body(null, 204);
  });

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () => {
        throw new ApiProblem(413, 'bad_request', `The request body is larger than ${MAX_BODY / 1024} KB.`);
      },
    }),
  );

  app.post('/api/widget/chat', async (c) => {
    const input = await body(c, chatSchema);
    const widget = await widgetFor(c, input.widgetId);
    const visitorId = input.visitorId ?? 'anonymous';
    const key = input.clientMessageId ?? c.req.header('Idempotency-Key');
    if (!c.req.header('Accept')?.includes('text/event-stream')) {
      return c.json(await answerOnce(widget, visitorId, key, input));
    }
    // Streaming (API.md §3): the answer in delta events as it is written, then the whole response.
    // The response starts with the first piece of text, so whatever is refused before it
    // (limits, an unknown conversation) still gets its proper HTTP status.
    const written = new TextQueue();
    const answering = answerOnce(widget, visitorId, key, input, (text) => written.push(text));
    answering.then(
      () => written.end(),
      () => written.end(),
    );
    await Promise.race([answering, written.started]);
    return streamSSE(c, async (stream) => {
      const delta = (text: string) => stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) });
      try {
        let streamed = false;
        for await (const text of written) {
          streamed = true;
          await delta(text);
        }
        const response = await answering;
        // Composed answers and replays arrive whole: they are streamed in words. When a model
        // failed midway, `done` carries the answer that replaced what it had written.
        if (!streamed) for (const text of response.answer.match(/\S+\s*|\s+/g) ?? []) await delta(text);
        await stream.writeSSE({ event: 'done', data: JSON.stringify(response) });
      } catch (error) {
        const problem =
          error instanceof ApiProblem
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: 'Something went wrong on our side.' };
        if (!(error instanceof ApiProblem)) console.error('[server] stream', error);
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: problem }) });
      }
    });
  });

  /** Another request stored an answer to the same key first, while this one was answering. */
  class LostRace extends Error {}

  /**
   * Answers the message once per idempotency key: a replay gets the stored response.
   *
   * No transaction is held while the answer is written (a language model may take seconds, and
   * the embedded database has one connection). The key is claimed and the question stored first;
   * a retry arriving meanwhile waits for the answer instead of writing a second one. A claim
   * whose request died lapses after CLAIM_SECONDS, and a retry then answers in its place.
   */
  async function answerOnce(
    widget: WidgetRow,
    visitorId: string,
    key: string | undefined,
    input: v.InferOutput<typeof chatSchema>,
    onText?: (text: string) => void,
  ): Promise<ChatResponse> {
    const scope = key ? { widgetId: widget.id, visitorId, key } : undefined;
    type Asked = Exclude<Claim<ChatResponse>, { claimed: true }> | { conversationId: string; status: string };
    const ask = () =>
      db.transaction(async (tx): Promise<Asked> => {
        const claimed = scope ? await claim<ChatResponse>(tx, scope) : undefined;
        if (claimed && !('claimed' in claimed)) return claimed;
        // After the replay check: a retry of a message already answered is never refused.
        await admitMessage(tx, widget, visitorId);
        let conversationId = input.conversationId ?? claimed?.conversationId;
        let status = 'bot';
        if (conversationId) {
          ({ status } = await conversationFor(widget.id, conversationId, tx));
        } else {
          conversationId = randomUUID();
          await tx.query('insert into conversations (id, widget_id, visitor_id) values ($1, $2, $3)', [
            conversationId,
            widget.id,
            visitorId,
          ]);
          if (scope) await noteConversation(tx, scope, conversationId);
        }
        // The key is the question's id: a request taking a lapsed claim over does not store it twice.
        await tx.query(
          `insert into messages (id, conversation_id, role, content) values ($1, $2, 'user', $3) on conflict do nothing`,
          [key ?? randomUUID(), conversationId, input.message],
        );
        await tx.query('update conversations set updated_at = now() where id = $1', [conversationId]);
        return { conversationId, status };
      });
    let asked = await ask();
    while ('busy' in asked) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      asked = await ask();
    }
    if ('stored' in asked) return asked.stored;
    const { conversationId, status } = asked;

    try {
      const messageId = randomUUID();
      // While a person has the conversation, the bot stays quiet: the reply comes by polling.
      const bot = status === 'bot' || status === 'closed';
      const reply: Answer = bot
        ? await answerQuestion(widget, conversationId, input.message, onText)
        : { answer: '', citations: [], relatedArticles: [], confidenceScore: 0, wasRefused: false };
      const response: ChatResponse = { conversationId, messageId, ...reply };
      return await db.transaction(async (tx) => {
        if (scope && !(await complete(tx, scope, response))) throw new LostRace();
        if (bot) {
          await tx.query(
            `insert into messages (id, conversation_id, role, content, citations, related_articles, confidence_score, was_refused)
             values ($1, $2, 'assistant', $3, $4, $5, $6, $7)`,
            [
              messageId,
              conversationId,
              reply.answer,
              JSON.stringify(reply.citations),
              JSON.stringify(reply.relatedArticles),
              reply.confidenceScore,
              reply.wasRefused,
            ],
          );
        }
        return response;
      });
    } catch (error) {
      if (!scope) throw error;
      const stored = error instanceof LostRace && (await storedResponse<ChatResponse>(db, scope));
      if (stored) return stored;
      await release(db, scope).catch(() => {});
      throw error;
    }
  }

  /** Retrieval informed by the conversation: a follow-up is searched together with the question before it. */
  async function answerQuestion(
    widget: WidgetRow,
    conversationId: string,
    question: string,
    onText?: (text: string) => void,
  ): Promise<Answer> {
    let hits = await search(db, widget.id, question);
    if ((hits[0]?.score ?? 0) < widget.refusal_threshold) {
      const [previous] = await db.query<{ content: string }>(
        `select content from messages where conversation_id = $1 and role = 'user' and content <> $2 order by created_at desc limit 1`,
        [conversationId, question],
      );
      if (previous) {
        const withContext = await search(db, widget.id, `${previous.content} ${question}`);
        if ((withContext[0]?.score ?? 0) > (hits[0]?.score ?? 0)) hits = withContext;
      }
    }
    return answerer(question, hits, widget.refusal_threshold, onText);
  }

  app.get('/api/widget/:widgetId/prelude', async (c) => {
    const w = await widgetFor(c, c.req.param('widgetId'));
    return c.json({
      widgetId: w.id,
      name: w.name,
      greeting: w.greeting,
      placeholder: w.placeholder,
      primaryColor: w.primary_color,
      theme: w.theme,
      position: w.position,
      language: w.language,
      bot: { name: w.bot_name, avatarUrl: w.bot_avatar_url },
      initialQuestions: w.initial_questions,
      collectUserData: w.collect_user_data,
      escalation: { enabled: w.escalation_enabled },
      aiEnabled: true,
    });
  });

  app.get('/api/widget/:widgetId/me', async (c) => {
    const widget = await widgetFor(c, c.req.param('widgetId'));
    const { visitorId } = query(c, v.object({ visitorId: id }));
    const [contact] = await db.query<{ name: string | null; email: string | null }>(
      'select name, email from contacts where widget_id = $1 and visitor_id = $2',
      [widget.id, visitorId],
    );
    return c.json({ visitorId, name: contact?.name ?? null, email: contact?.email ?? null });
  });

  app.post('/api/widget/conversations', async (c) => {
    const input = await body(c, createSessionSchema);
    const widget = await widgetFor(c, input.widgetId);
    const conversationId = randomUUID();
    const [row] = await db.query<{ created: string }>(
      `insert into conversations (id, widget_id, visitor_id) values ($1, $2, $3) returning ${CREATED_AT} as created`,
      [conversationId, widget.id, input.visitorId ?? 'anonymous'],
    );
    return c.json({ conversationId, status: 'bot', createdAt: row!.created }, 201);
  });

  app.get('/api/widget/conversations/:id', async (c) => {
    const { widgetId } = query(c, v.object({ widgetId: id }));
    const widget = await widgetFor(c, widgetId);
    const conversation = await conversationFor(widget.id, c.req.param('id'));
    return c.json({
      conversationId: conversation.id,
      status: conversation.status,
      createdAt: conversation.created,
      updatedAt: conversation.updated,
    });
  });

  app.get('/api/widget/conversations/:id/messages', async (c) => {
    const { widgetId, after } = query(
      c,
      v.object({
        widgetId: id,
        after: v.optional(
          v.pipe(
            v.string(),
            v.check((s) => !Number.isNaN(Date.parse(s)), 'must be a timestamp'),
          ),
        ),
      }),
    );
    const widget = await widgetFor(c, widgetId);
    const conversation = await conversationFor(widget.id, c.req.param('id'));
    const rows = await db.query<Record<string, unknown>>(
      `select id as "messageId", role, content, ${CREATED_AT} as "createdAt", citations, related_articles as "relatedArticles",
              confidence_score as "confidenceScore", was_refused as "wasRefused"
       from messages where conversation_id = $1 and ($2::timestamptz is null or created_at > $2::timestamptz)
       order by created_at, id`,
      [conversation.id, after ?? null],
    );
    const messages = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)));
    return c.json({ messages });
  });

  app.post('/api/widget/contact', async (c) => {
    const input = await body(c, contactSchema);
    const widget = await widgetFor(c, input.widgetId);
    await db.query(
      `insert into contacts (widget_id, visitor_id, name, email, custom_data) values ($1, $2, $3, $4, $5)
       on conflict (widget_id, visitor_id) do update set name = excluded.name, email = excluded.email,
         custom_data = excluded.custom_data, updated_at = now()`,
      [
        widget.id,
        input.visitorId,
        input.name ?? null,
        input.email ?? null,
        input.customData ? JSON.stringify(input.customData) : null,
      ],
    );
    return c.json({ visitorId: input.visitorId });
  });

  app.post('/api/widget/feedback', async (c) => {
    const input = await body(c, feedbackSchema);
    const widget = await widgetFor(c, input.widgetId);
    const [known] = await db.query(
      `select 1 from messages m join conversations cv on cv.id = m.conversation_id
       where cv.widget_id = $1 and m.id = $2 and m.role in ('assistant', 'agent')`,
      [widget.id, input.messageId],
    );
    if (!known) throw new ApiProblem(404, 'message_not_found', 'This widget has no such answer.');
    await db.query(
      `insert into feedback (widget_id, message_id, type, comment) values ($1, $2, $3, $4)
       on conflict (widget_id, message_id) do update set type = excluded.type, comment = excluded.comment, created_at = now()`,
      [widget.id, input.messageId, input.type, input.comment ?? null],
    );
    return c.body(null, 204);
  });

  app.post('/api/widget/escalate', async (c) => {
    const input = await body(c, escalateSchema);
    const widget = await widgetFor(c, input.widgetId);
    const conversation = await conversationFor(widget.id, input.conversationId);
    const [ticket] = await db.transaction(async (tx) => {
      await tx.query(`update conversations set status = 'escalated', updated_at = now() where id = $1`, [
        conversation.id,
      ]);
      return tx.query<{ id: string }>(
        'insert into tickets (widget_id, conversation_id, email, message) values ($1, $2, $3, $4) returning id',
        [widget.id, conversation.id, input.email, input.message],
      );
    });
    return c.json({ ticketId: `T-${ticket!.id}`, status: 'escalated' });
  });

  return app;
}
