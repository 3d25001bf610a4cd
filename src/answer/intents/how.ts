/**
 * "How did X do Y" / "what measures" questions about a place's work in general: the article's
 * measures (headings or paragraph leads), each cited. A question about a particular topic
 * (如何安排培训时间) is a fact question in all but words and goes to the fact composer.
 */
import { sentencesAbout } from '../attribution.js';
import { onTopic } from '../evidence.js';
import type { ArticleRecord } from '../../types.js';
import { bareName, simplifiedText, under } from '../snapshot.js';
import { jiebaInstance, knownParts } from '../../text/segment.js';
import { synonymsOf } from '../../text/synonyms.js';
import { answerStrings as S } from '../strings/answers.js';
import { CitationList, coveredTargets, inScript, type Composer, type IntentContext } from './context.js';
import { measuresOf } from './measures.js';
import { topicAspects, topicPassage } from './topic.js';
import type { SentenceCandidate } from '../extractive.js';
import { GENERIC_WORDS } from './table.js';

/** The question's own topic words: what remains when places and words about measures in general go. */
export function topicWords(ctx: IntentContext, extraGeneric: RegExp | null = null): string[] {
  const places = ctx.scope.regions.flatMap((r) => [r.name, bareName(r.name)]);
  // (A compound the corpus never uses names its topic by the corpus's words in it: 特色产业.)
  const terms = ctx.evidence.evidenceTerms.flatMap((t) =>
    ctx.evidence.isKnown(t) ? [t] : [t, ...knownParts(t, ctx.evidence.isKnown)],
  );
  return [...new Set(terms)].filter(
    (t) =>
      !GENERIC_WORDS.has(t) &&
      !places.some((p) => p.includes(t) || t.includes(p)) &&
      !(extraGeneric && extraGeneric.test(t)) &&
      // A word the corpus never uses (有何) names no topic it could answer on.
      ctx.evidence.isKnown(t) &&
      [...t].length >= 2 &&
      !functionWord(t),
  );
}

/** A word of one token that only modifies or joins (一起, 共同, 分别, 各自): no topic. */
function functionWord(t: string): boolean {
  const tags = jiebaInstance().tag(t);
  return tags.length === 1 && /^(?:d|r|m|p|c|u|y|e)$/u.test(tags[0]!.tag);
}

/** The lines of one place's measures, cited; `max` bounds them (a comparison shows fewer). */
export function measureLines(
  ctx: IntentContext,
  cites: CitationList,
  placePath: string[],
  articles: ArticleRecord[],
  max = 8,
): string[] {
  const lines: string[] = [];
  for (const article of articles) {
    // `max` lines per article, so every article of a wide place has its say.
    if (articles.length > 1)
      lines.push(
        `${inScript(article.region.at(-1) ?? article.title, ctx.script)}${ctx.script === 'en' ? ':' : '：'}`,
      );
    const before = lines.filter((l) => /^\d+\.\s/u.test(l)).length;
    const numbered = () => lines.filter((l) => /^\d+\.\s/u.test(l)).length;
    const full = () => numbered() - before >= max;
    // A place below the article's own region (满洲里市 in the Hulunbuir report): the sentences naming it.
    if (placePath.length > article.region.length && under(placePath, article.region)) {
      for (const s of sentencesAbout(ctx.resolver, article, placePath)) {
        if (full()) break;
        lines.push(`${numbered() + 1}. ${cites.quote(article, s)}`);
      }
      continue;
    }
    for (const m of measuresOf(article)) {
      if (full()) break;
      const label = m.isHeading ? `${inScript(m.point.text, ctx.script)}：` : '';
      const quoted = m.isHeading
        ? m.detail
          ? cites.quote(article, m.detail)
          : cites.quote(article, m.point)
        : cites.quote(article, m.point);
      lines.push(`${numbered() + 1}. ${m.isHeading && m.detail ? label : ''}${quoted}`);
    }
  }
  return lines;
}

/** Lines of the passage on a topic in one place's articles, numbered and cited. */
export function topicLines(
  ctx: IntentContext,
  cites: CitationList,
  ranked: SentenceCandidate[],
  placePath: string[] | null,
  minCoverage: number,
  max = MAX_TOPIC_LINES,
): string[] {
  return topicPassage(ctx, ranked, placePath, minCoverage, max)
    .slice(0, max)
    .map((p, i) => {
      const point = cites.quote(p.article, p.span, { item: p.member });
      const detail = p.detail
        ? `${ctx.script === 'en' ? ': ' : '：'}${cites.quote(p.article, p.detail)}`
        : '';
      return `${i + 1}. ${point}${detail}`;
    });
}

const MAX_TOPIC_LINES = 5;
/** A sentence must carry this share of the topic's words to open the passage on it. */
const TOPIC_COVERAGE = 0.3;
/** The share a sentence that carries a topic word needs when none reaches TOPIC_COVERAGE. */
const LOOSE_COVERAGE = 0.15;

/**
 * The lines on a topic in one place's articles; a topic of two aspects (经费和活动场所) gets the
 * passage on each.
 */
export async function placeTopicLines(
  ctx: IntentContext,
  cites: CitationList,
  articles: ArticleRecord[],
  placePath: string[],
  ranked: SentenceCandidate[],
  minCoverage: number,
  max = MAX_TOPIC_LINES,
): Promise<string[]> {
  const aspects = ctx.script === 'en' ? [] : topicAspects(ctx.evidence.withoutPlaces);
  if (aspects.length < 2) return topicLines(ctx, cites, ranked, placePath, minCoverage, max);
  const ids = articles.map((a) => a.id);
  // (Each aspect gets one line more than an even share of all but one line: a topic of two asks for
  // more than one of one, but each aspect's passage is shorter than a whole answer's.)
  const per = Math.max(1, Math.ceil((max - 1) / aspects.length)) + 1;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const aspect of aspects) {
    const evidence = await ctx.evidenceFor(ids, aspect);
    // (Two aspects may share their opening line; each still gets `per` lines of its own.)
    let added = 0;
    for (const p of topicPassage(ctx, evidence.ranked, placePath, minCoverage, per + seen.size, {
      fromLead: false,
    })) {
      const key = `${p.article.id}:${p.span.start}`;
      if (seen.has(key) || added >= per || out.length >= max + aspects.length) continue;
      seen.add(key);
      added++;
      const detail = p.detail
        ? `${ctx.script === 'en' ? ': ' : '：'}${cites.quote(p.article, p.detail)}`
        : '';
      out.push(`${out.length + 1}. ${cites.quote(p.article, p.span, { item: p.member })}${detail}`);
    }
  }
  // (Aspects that share their passage, 扩大党组织覆盖、把各方力量拧到一起, leave room: the whole
  // topic's passage goes on where they stopped.)
  for (const aspect of out.length > 0 && out.length < max ? aspects : []) {
    const evidence = await ctx.evidenceFor(ids, aspect);
    for (const p of topicPassage(ctx, evidence.ranked, placePath, minCoverage, max, { fromLead: false })) {
      const key = `${p.article.id}:${p.span.start}`;
      if (out.length >= max) break;
      if (seen.has(key)) continue;
      seen.add(key);
      const detail = p.detail
        ? `${ctx.script === 'en' ? ': ' : '：'}${cites.quote(p.article, p.detail)}`
        : '';
      out.push(`${out.length + 1}. ${cites.quote(p.article, p.span, { item: p.member })}${detail}`);
    }
  }
  return out.length > 0 ? out : topicLines(ctx, cites, ranked, placePath, minCoverage, max);
}

/** The most words a topic may have to be named by its rarest one. */
const MAX_NAMING_WORDS = 3;

/** Whether an article writes a word or one of its synonyms (in either script). */
function writes(article: ArticleRecord, word: string): boolean {
  const hans = simplifiedText(article);
  return [word, ...synonymsOf(word)].some((w) => hans.includes(w));
}

/** A how-question on one topic: per place named, the passage on it. */
const composeTopicalHow: Composer = async (given) => {
  const targets = coveredTargets(given);
  if (targets.length !== 1) return null;
  const t = targets[0]!;
  const ids = new Set(t.articles.map((a) => a.id));
  // A topic named by a compound the corpus never uses (特色产业) is searched by its own words in it:
  // the compound alone matches nothing whole.
  const compound = given.evidence.evidenceTerms.some(
    (w) => !given.evidence.isKnown(w) && knownParts(w, given.evidence.isKnown).length >= 2,
  );
  const ctx = compound
    ? { ...given, evidence: await given.evidenceFor([...ids], topicWords(given).join(' ')) }
    : given;
  // The topic's rarest noun names it (网格化 of 网格化管理): a place whose reports never write it, nor
  // a synonym of it, has nothing on the topic, whatever its sentences share of the rest (管理).
  // (Only a short topic asked in Chinese: in a longer one the rarest word may be incidental (忙季), and
  // an English word's dictionary senses are the glossary's, not the asker's.)
  // (A noun: the verb of 壮大集体经济 is the report's to choose.)
  const topic = topicWords(ctx);
  const rarest = topic
    .filter((w) =>
      jiebaInstance()
        .tag(w)
        .every((x) => /^(?:n|nz|nt|ng|j|s)$/u.test(x.tag)),
    )
    .sort((a, b) => ctx.evidence.weight(b) - ctx.evidence.weight(a))[0];
  const short = ctx.script !== 'en' && topic.length <= MAX_NAMING_WORDS;
  if (short && rarest !== undefined && !t.articles.some((a) => writes(a, rarest))) return null;
  const cites = new CitationList(ctx.script);
  // (A topic whose main word the corpus never uses, 村干部待遇, has no passage: 村干部 alone is not it.)
  const lines = await placeTopicLines(
    ctx,
    cites,
    t.articles,
    t.region.path,
    ctx.evidence.ranked.filter((c) => ids.has(c.articleId) && onTopic(ctx.evidence, c)),
    TOPIC_COVERAGE,
  );
  if (lines.length === 0) {
    // A how-question spends many words on asking (碰到…一般怎么处理, 有哪些具体招数), so its topic may
    // be matched at a lower share: then by a sentence that carries one of its topic words.
    const carried = new Set(topic);
    const carrying = ctx.evidence.ranked.filter(
      (c) => ids.has(c.articleId) && c.matched.some((m) => carried.has(m)) && onTopic(ctx.evidence, c),
    );
    lines.push(...(await placeTopicLines(ctx, cites, t.articles, t.region.path, carrying, LOOSE_COVERAGE)));
  }
  if (lines.length === 0) return null;
  const lead = S.t(ctx.script, 'howLeadTopic', inScript(t.region.name, ctx.script));
  return { answer: [lead, ...lines].join('\n'), citations: cites.citations };
};

export const composeHow: Composer = (ctx) => {
  if (topicWords(ctx).length > 0) return composeTopicalHow(ctx);
  let targets = coveredTargets(ctx).map((t) => ({
    name: t.region.name,
    path: t.region.path,
    articles: t.articles,
  }));
  if (targets.length === 0) {
    // No place named: the article that answers best.
    const top = ctx.evidence.ranked[0];
    const article = top && ctx.snapshot.byId.get(top.articleId);
    if (!article) return null;
    targets = [{ name: article.region.at(-1) ?? article.title, path: article.region, articles: [article] }];
  }
  const cites = new CitationList(ctx.script);
  const out: string[] = [];
  for (const t of targets) {
    const lines = measureLines(ctx, cites, t.path, t.articles);
    const count = lines.filter((l) => /^\d+\.\s/u.test(l)).length;
    if (count === 0) continue;
    out.push(S.t(ctx.script, 'howLead', inScript(t.name, ctx.script), count), ...lines);
  }
  return out.length > 0 ? { answer: out.join('\n'), citations: cites.citations } : null;
};
