import { readFile } from 'node:fs/promises';
import * as v from 'valibot';

// A question file for `npm run kb -- eval` (docs/server.md, "Measuring answers on your docs").

const text = v.pipe(v.string(), v.minLength(1));
const answered = {
  id: text,
  question: text,
  /** Pages (paths as ingested, e.g. `guide/setup.md`) that answer it; the first is the best. */
  pages: v.pipe(v.array(text), v.minLength(1)),
  /** The heading the answer sits under, on the first page. */
  sections: v.optional(v.array(text)),
};

const questionSchema = v.variant('kind', [
  v.object({ kind: v.literal('in-docs'), ...answered }),
  v.object({
    kind: v.literal('follow-up'),
    /** What the visitor asked before, oldest first, in the same conversation. */
    context: v.pipe(v.array(text), v.minLength(1)),
    ...answered,
  }),
  v.object({
    kind: v.literal('decline'),
    id: text,
    question: text,
    category: v.picklist(['off-topic', 'other-product', 'missing-feature', 'near-miss']),
  }),
]);

const questionSetSchema = v.object({
  name: text,
  corpus: v.optional(v.string()),
  questions: v.pipe(v.array(questionSchema), v.minLength(1)),
});

export type EvalQuestion = v.InferOutput<typeof questionSchema>;
export type QuestionSet = v.InferOutput<typeof questionSetSchema>;
export type DeclineCategory = Extract<EvalQuestion, { kind: 'decline' }>['category'];

/** Reads and checks a question file; a mistake is an error naming the file and where in it. */
export async function readQuestionSet(path: string): Promise<QuestionSet> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const result = v.safeParse(questionSetSchema, json);
  if (!result.success) {
    const [issue] = result.issues;
    throw new Error(`${path}: ${v.getDotPath(issue) ?? 'the file'}: ${issue.message}`);
  }
  return result.output;
}
