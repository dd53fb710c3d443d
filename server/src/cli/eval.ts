import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { defaultAnswerer } from '../answering/answerer.js';
import { createEmbedder, embeddingSettingsFromEnv } from '../answering/embeddings.js';
import { createLlmAnswerer, llmSettingsFromEnv } from '../answering/model.js';
import { semanticSearch } from '../answering/semantic.js';
import type { Database } from '../db/database.js';
import { findWidget } from '../db/widgets.js';
import { readQuestionSet } from '../evaluation/question-set.js';
import { figuresOf, formatFigures } from '../evaluation/report.js';
import { askAll } from '../evaluation/run.js';
import { embedKnowledgeBase } from '../ingest/embed.js';
import { consoleLog } from '../log.js';
import { UsageError } from './usage.js';

/**
 * `npm run kb -- eval <widget id> <questions file> [--json <file>]`: how well the widget answers
 * its docs, before visitors find out (docs/server.md, "Measuring answers on your docs").
 */
export async function evaluate(db: Database, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'string' } } });
  const [widgetId, file] = positionals;
  if (!widgetId || !file) throw new UsageError('kb eval needs a widget id and a questions file.');
  const widget = await findWidget(db, widgetId);
  if (!widget)
    throw new UsageError(`There is no widget "${widgetId}": create it with npm run widget -- set ${widgetId}`);
  const set = await readQuestionSet(file);
  const llm = llmSettingsFromEnv(process.env);
  const answerer = llm ? createLlmAnswerer(llm, consoleLog) : defaultAnswerer;
  const embeddings = embeddingSettingsFromEnv(process.env);
  const embedder = embeddings && createEmbedder(embeddings);
  if (embedder) await embedKnowledgeBase(db, widgetId, embedder);
  console.log(
    `Asking ${set.questions.length} questions of "${set.name}" to "${widgetId}" (${llm ? `model ${llm.model ?? 'gpt-4o-mini'}` : 'answers composed from the docs'}${embedder ? `, embeddings ${embedder.model}` : ''}, threshold ${widget.refusal_threshold})…\n`,
  );
  const outcomes = await askAll(
    db,
    widget,
    { answerer, nearest: embedder && semanticSearch(embedder, consoleLog) },
    set.questions,
  );
  const figures = figuresOf(outcomes);
  console.log(formatFigures(set.name, figures));
  if (values.json) {
    const { misses, wronglyAnswered, ...totals } = figures;
    const ids = (list: typeof misses) => list.map((o) => o.question.id);
    await writeFile(
      values.json,
      `${JSON.stringify({ name: set.name, ...totals, misses: ids(misses), wronglyAnswered: ids(wronglyAnswered) }, null, 2)}\n`,
    );
  }
}
