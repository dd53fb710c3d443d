import type { Database } from './database.js';
import { isoTimestamp } from './timestamps.js';

// "What the bot could not answer" (docs/console.md, "Questions the bot could not answer"): the
// visitors' questions whose answer was refused, close to being refused, or rated unhelpful,
// grouped by their words, with the pages the bot cited for them: what the docs team writes next.

/** An answer this close above the widget's refusal threshold was nearly refused: it counts as unsure. */
export const UNSURE_MARGIN = 0.15;

export interface UnansweredQuestion {
  question: string;
  count: number;
  lastAskedAt: string;
  refused: number;
  unsure: number;
  ratedUnhelpful: number;
  pagesCited: { pageTitle: string; pageUrl: string; count: number }[];
  conversationIds: string[];
}

export async function unansweredQuestions(
  db: Database,
  widgets: string[],
  since: string,
  limit = 50,
): Promise<UnansweredQuestion[]> {
  return db.query<UnansweredQuestion>(
    `with weak as (
       select a.conversation_id, a.created_at, a.citations, c.widget_id,
              coalesce(a.was_refused, false) as refused,
              (not coalesce(a.was_refused, false) and a.confidence_score < w.refusal_threshold + $3) as unsure,
              coalesce(f.type = 'negative', false) as unhelpful,
              q.content as question
       from messages a
       join conversations c on c.id = a.conversation_id
       join widgets w on w.id = c.widget_id
       left join feedback f on f.widget_id = c.widget_id and f.message_id = a.id
       cross join lateral (
         select content from messages u
         where u.conversation_id = a.conversation_id and u.role = 'user' and u.created_at <= a.created_at
         order by u.created_at desc limit 1
       ) q
       where c.widget_id = any($1::text[]) and a.role = 'assistant' and a.created_at >= $2::timestamptz
         and (a.was_refused or a.confidence_score < w.refusal_threshold + $3 or f.type = 'negative')
     ),
     grouped as (
       select trim(lower(regexp_replace(question, '[[:space:][:punct:]]+', ' ', 'g'))) as key,
              (array_agg(question order by created_at desc))[1] as question,
              count(*)::int as count, max(created_at) as last,
              count(*) filter (where refused)::int as refused,
              count(*) filter (where unsure)::int as unsure,
              count(*) filter (where unhelpful)::int as "ratedUnhelpful",
              (array_agg(distinct conversation_id::text))[1:5] as "conversationIds"
       from weak group by 1
     )
     select g.question, g.count, ${isoTimestamp('g.last')} as "lastAskedAt", g.refused, g.unsure, g."ratedUnhelpful",
            g."conversationIds",
            coalesce((
              select json_agg(json_build_object('pageTitle', p.title, 'pageUrl', p.url, 'count', p.n) order by p.n desc, p.url)
              from (
                select cite->>'pageTitle' as title, cite->>'pageUrl' as url, count(*)::int as n
                from weak wk cross join lateral jsonb_array_elements(coalesce(wk.citations, '[]'::jsonb)) cite
                where trim(lower(regexp_replace(wk.question, '[[:space:][:punct:]]+', ' ', 'g'))) = g.key
                group by 1, 2
              ) p
            ), '[]'::json) as "pagesCited"
     from grouped g
     order by g.count desc, g.last desc
     limit $4`,
    [widgets, since, UNSURE_MARGIN, limit],
  );
}
