import type { DeclineCategory } from './question-set.js';
import type { Outcome } from './run.js';

/** A share: how many of how many. */
export interface Share {
  hits: number;
  of: number;
}

export interface Figures {
  /** Ranking alone, whether the answer was given or declined: the first page found is a right one. */
  rankedFirstRight: Share;
  /** Ranking alone: a right page among the first three found. */
  rankedTop3Right: Share;
  firstCitationRight: Share;
  anyCitationRight: Share;
  rightSection: Share;
  answered: Share;
  followUpsRight: Share;
  declined: Share;
  declinedBy: Record<DeclineCategory, Share>;
  latencyMs: { median: number; p95: number };
  /** Answerable questions whose first citation was wrong, or that were refused. */
  misses: Outcome[];
  /** Questions that should have been declined and were answered. */
  wronglyAnswered: Outcome[];
}

/** Heading text compared loosely: case, spacing, punctuation and explicit `{#anchors}` aside. */
const loose = (heading: string) =>
  heading
    .replace(/\{#[^}]*\}/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const share = (outcomes: Outcome[], test: (o: Outcome) => boolean): Share => ({
  hits: outcomes.filter(test).length,
  of: outcomes.length,
});

const byConfidence = (a: Outcome, b: Outcome) =>
  Number(a.answer.wasRefused) - Number(b.answer.wasRefused) || b.answer.confidenceScore - a.answer.confidenceScore;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The figures of a set's outcomes (docs/server.md, "Measuring answers on your docs"). */
export function figuresOf(outcomes: Outcome[]): Figures {
  const answerable = outcomes.filter((o) => o.question.kind !== 'decline');
  const pagesOf = (o: Outcome) => ('pages' in o.question ? o.question.pages : []);
  const firstRight = (o: Outcome) => !o.answer.wasRefused && pagesOf(o).includes(o.cited[0]?.pageId ?? '');
  const declines = outcomes.filter((o) => o.question.kind === 'decline');
  const categories: DeclineCategory[] = ['off-topic', 'other-product', 'missing-feature', 'near-miss'];
  return {
    rankedFirstRight: share(answerable, (o) => pagesOf(o).includes(o.ranked[0] ?? '')),
    rankedTop3Right: share(answerable, (o) => o.ranked.slice(0, 3).some((p) => pagesOf(o).includes(p))),
    firstCitationRight: share(answerable, firstRight),
    anyCitationRight: share(
      answerable,
      (o) => !o.answer.wasRefused && o.cited.some((c) => pagesOf(o).includes(c.pageId)),
    ),
    rightSection: share(
      answerable.filter((o) => 'sections' in o.question && o.question.sections?.length),
      (o) => {
        const [first] = o.cited;
        const expected = 'sections' in o.question ? o.question.sections?.[0] : undefined;
        return (
          firstRight(o) &&
          first !== undefined &&
          expected !== undefined &&
          pagesOf(o)[0] === first.pageId &&
          loose(expected) === loose(first.heading)
        );
      },
    ),
    answered: share(answerable, (o) => !o.answer.wasRefused),
    followUpsRight: share(
      answerable.filter((o) => o.question.kind === 'follow-up'),
      firstRight,
    ),
    declined: share(declines, (o) => o.answer.wasRefused),
    declinedBy: Object.fromEntries(
      categories.map((c) => [
        c,
        share(
          declines.filter((o) => o.question.kind === 'decline' && o.question.category === c),
          (o) => o.answer.wasRefused,
        ),
      ]),
    ) as Record<DeclineCategory, Share>,
    latencyMs: {
      median: percentile(
        outcomes.map((o) => o.latencyMs),
        50,
      ),
      p95: percentile(
        outcomes.map((o) => o.latencyMs),
        95,
      ),
    },
    // The most confident mistakes first: those are the ones a visitor believes.
    misses: answerable.filter((o) => !firstRight(o)).sort(byConfidence),
    wronglyAnswered: declines.filter((o) => !o.answer.wasRefused).sort(byConfidence),
  };
}

const percent = ({ hits, of }: Share) => (of === 0 ? '—' : `${Math.round((hits / of) * 100)}% (${hits}/${of})`);

/** The figures as a few lines for a terminal, with the worst misses (at most `worst` of each kind). */
export function formatFigures(name: string, figures: Figures, worst = 10): string {
  const lines = [
    `${name}`,
    `  first page found is a right one  ${percent(figures.rankedFirstRight)} (ranking alone, answered or not)`,
    `  a right page in the first three  ${percent(figures.rankedTop3Right)} (ranking alone)`,
    `  first citation on a right page   ${percent(figures.firstCitationRight)}`,
    `  any citation on a right page     ${percent(figures.anyCitationRight)}`,
    `  first citation on the right section ${percent(figures.rightSection)}`,
    `  answerable questions answered    ${percent(figures.answered)}`,
    `  follow-ups, first citation right ${percent(figures.followUpsRight)}`,
    `  should decline, declined         ${percent(figures.declined)}`,
    ...Object.entries(figures.declinedBy).map(([category, s]) => `    ${category.padEnd(30)} ${percent(s)}`),
    `  latency                          median ${figures.latencyMs.median.toFixed(0)} ms, p95 ${figures.latencyMs.p95.toFixed(0)} ms`,
  ];
  const misses = figures.misses.slice(0, worst).map((o) => {
    const expected = 'pages' in o.question ? o.question.pages.join(', ') : '';
    const got = o.answer.wasRefused ? 'refused' : o.cited.map((c) => `${c.pageId} › ${c.heading}`).join('; ');
    return `  - ${o.question.id} "${o.question.question}"\n      expected ${expected}; got ${got || 'no citation'}`;
  });
  const wrong = figures.wronglyAnswered
    .slice(0, worst)
    .map(
      (o) =>
        `  - ${o.question.id} "${o.question.question}"\n      answered (confidence ${o.answer.confidenceScore}) citing ${o.cited[0]?.pageId ?? 'nothing'}`,
    );
  if (misses.length) lines.push('', 'Worst misses (answerable, first citation wrong or refused):', ...misses);
  if (wrong.length) lines.push('', 'Answered but should have declined:', ...wrong);
  return lines.join('\n');
}
