/**
 * One composer per intent, in the way grammY has one composer per feature. A composer returns null
 * when its intent cannot answer from what it has; the fact composer (evidence sentences) then does.
 */
import type { IntentKind } from './table.js';
import { composeComparison } from './comparison.js';
import { CitationList, type Composed, type Composer, type IntentContext } from './context.js';
import { topicPassage, type TopicPoint } from './topic.js';
import { subjectAt } from '../attribution.js';
import { answerStrings as S } from '../strings/answers.js';
import { toSimplified } from '../../text/script.js';
import { composeFact } from './fact.js';
import { termParts } from './classify.js';
import { termByPinyin } from './pinyin-term.js';
import { composeHow } from './how.js';
import { composeList, findLists } from './list.js';
import { scopedArticles } from './context.js';
import { composeMetadata } from './metadata.js';
import { composePlaces } from './places.js';
import { composeSummaryIntent } from './summary.js';
import { splitSentences } from '../../text/sentences.js';
import type { ArticleRecord, TextSpan } from '../../types.js';

export { classifyIntent, type Intent } from './classify.js';
export type { IntentContext, Composed } from './context.js';

/** Definitions: a named list is defined by its members; anything else by the sentence that uses it. */
const composeDefinition: Composer = async (ctx) => {
  const name = ctx.intent.listName ?? ctx.intent.term;
  if (!name) return null;
  if (/[A-Za-z]/u.test(name)) {
    // A name typed in pinyin (san liang) is the report's own term (三亮), in the places named.
    // (Only the place's articles the search already found and loaded: a region of an archive may
    // hold thousands, and each quoted term costs a pinyin conversion.)
    const found = [...new Set(ctx.evidence.top.map((h) => h.chunk.articleId))];
    const term = ctx.scope.articleIds
      ? termByPinyin(
          ctx.question,
          found
            .map((id) => ctx.snapshot.byId.get(id))
            .filter((a): a is NonNullable<typeof a> => a !== undefined),
        )
      : null;
    // (Its evidence is searched for with the term itself: the English words around it do not reach it.)
    if (term) {
      const evidence = await ctx.evidenceFor(ctx.scope.articleIds!, term);
      return composeDefinition({ ...ctx, evidence, intent: { ...ctx.intent, listName: term } });
    }
    // An English name is matched by the count and words it carries, as a list question does.
    return composeList(ctx);
  }
  const best = findLists(scopedArticles(ctx), name, ctx.intent.count)[0];
  return best ? composeList(ctx) : composeTermInContext(ctx, name);
};

/**
 * A term that names no list is defined where the article introduces it (而“书记抓、抓书记”,则是…)
 * and by the lines that follow it in its paragraph (what the work consists of).
 */
function composeTermInContext(ctx: IntentContext, name: string): Composed | null {
  const parts = termParts(name);
  const term = parts[0]!;
  const using = ctx.evidence.ranked.filter((c) => parts.some((p) => toSimplified(c.text).includes(p)));
  if (using.length === 0) return null;
  // A sentence the term opens introduces it; one that only mentions it on the way does not.
  const opens = (c: (typeof using)[number]) =>
    toSimplified(c.text)
      .slice(0, term.length + 4)
      .includes(term)
      ? 1
      : 0;
  const ordered = [...using].sort((a, b) => opens(b) - opens(a));
  // (The lines after it that a place inside the report's region opens, 额尔古纳市统筹…, tell that
  // place's work, not the term.)
  const subject = (p: TopicPoint) => subjectAt(ctx.resolver, p.article, p.span.start);
  const passage = topicPassage(ctx, ordered, null, 0, TERM_LINES);
  const first = passage[0] && subject(passage[0])?.code;
  const otherPlace = (p: TopicPoint) => {
    const s = subject(p);
    return s !== null && s.code !== first && s.path.length > p.article.region.length;
  };
  const points = passage.filter((p, i) => i === 0 || !otherPlace(p));
  if (points.length < 2) return null;
  const cites = new CitationList(ctx.script);
  const lines = points.map((p) => cites.quote(p.article, definingSpan(p.article, p.span, parts)));
  return { answer: [S.t(ctx.script, 'evidenceLead'), ...lines].join('\n'), citations: cites.citations };
}

/**
 * A quoted line that names the term goes on to its sentence's end: what follows the name is what
 * defines it (…组成的关累港口联合工作委员会,实行“大事共议…”议事原则).
 */
function definingSpan(article: ArticleRecord, span: TextSpan, parts: string[]): TextSpan {
  if (!parts.some((p) => toSimplified(span.text).includes(p))) return span;
  const sentence = splitSentences(article.text).find((s) => s.start <= span.start && span.start < s.end);
  if (!sentence || sentence.end <= span.end || sentence.end - span.start > DEFINING_CHARS) return span;
  return { text: article.text.slice(span.start, sentence.end), start: span.start, end: sentence.end };
}

const DEFINING_CHARS = 220;

const TERM_LINES = 3;

export const COMPOSERS: Record<IntentKind, Composer | null> = {
  'out-of-scope': null,
  metadata: composeMetadata,
  summary: composeSummaryIntent,
  comparison: composeComparison,
  definition: composeDefinition,
  list: composeList,
  'which-places': composePlaces,
  how: composeHow,
  fact: composeFact,
};

/** Intents answered from structure or records: no evidence-based refusal before them. */
export const ANSWERS_WITHOUT_EVIDENCE: ReadonlySet<IntentKind> = new Set([
  'metadata',
  'summary',
  'comparison',
  'how',
]);

/** The intent's own answer, or null (then the engine checks the evidence and answers as a fact). */
export async function composeByIntent(ctx: IntentContext): Promise<Composed | null> {
  const composer = COMPOSERS[ctx.intent.kind];
  if (!composer || composer === composeFact) return null;
  return composer(ctx);
}

export { composeFact };
