/**
 * Comparisons of two or more places: side by side, per place, each point cited; a place with no
 * evidence on the point asked is said to have none.
 */
import type { SentenceCandidate } from '../extractive.js';
import { answerStrings as S } from '../strings/answers.js';
import { toSimplified } from '../../text/script.js';
import { jiebaInstance } from '../../text/segment.js';
import { synonymsOf } from '../../text/synonyms.js';
import { bareName, under } from '../snapshot.js';
import { CitationList, coveredTargets, inScript, joinNames, type Composer } from './context.js';
import { measureLines, placeTopicLines, topicWords } from './how.js';
import { composeSeveral } from './list.js';

const MIN_COVERAGE = 0.34;
const MIN_COVERAGE_EN = 0.2;
const MAX_POINTS = 5;
/** Words of comparing, not of the topic compared. */
const COMPARING = /不同|区别|差别|差异|异同|相比|比较|对比|一样|相同|共同/u;

/**
 * The word a topic of one or two words turns on: its rarest noun (报酬 of 村干部报酬, 经费 of 经费保障,
 * not the verb 壮大 of 壮大集体经济). Null for a longer topic, or one without a noun.
 */
function pointWord(topic: string[], weight: (t: string) => number): string | null {
  if (topic.length === 0 || topic.length > MAX_POINT_WORDS) return null;
  const nouns = topic.filter((t) =>
    jiebaInstance()
      .tag(t)
      .every((w) => /^(?:n|nz|j)$/u.test(w.tag)),
  );
  // The head of a compound topic is its last word (培训 of 党员干部培训): when it is an activity
  // (vn), that is what is compared, not who does it.
  const head = topic.at(-1)!;
  const headTags = jiebaInstance().tag(head);
  if (headTags.length === 1 && headTags[0]!.tag === 'vn') return head;
  return nouns.sort((a, b) => weight(b) - weight(a))[0] ?? null;
}

const MAX_POINT_WORDS = 2;

export const composeComparison: Composer = async (ctx) => {
  const targets = coveredTargets(ctx);
  // A place the corpus lacks is compared too: plainly, with no evidence.
  const uncovered = ctx.scope.uncovered;
  if (targets.length === 0 || targets.length + uncovered.length < 2) return null;
  // Two places' named lists quoted (勐腊的「三抓三提」和凤庆的「三抓三强化」各抓什么): the lists side by side.
  const lists = composeSeveral(ctx);
  if (lists) return lists;
  const { script } = ctx;
  const cites = new CitationList(script);
  const own = topicWords(ctx, COMPARING);
  const names = targets.map((t) => inScript(t.region.name, script));
  const allNames = [...names, ...uncovered.map((r) => inScript(r.name, script))];
  const lines = [S.t(script, 'comparisonLead', joinNames(allNames, script))];
  // A short topic (村干部报酬) is compared on its rarest word: a side whose sentences share only
  // the commoner one (乡村干部教育) says nothing on the point.
  // (A word the corpus never uses names the point through its synonyms: 报酬 → 待遇, 补助.)
  const pointable = ctx.evidence.evidenceTerms.filter(
    (t) => own.includes(t) || (!ctx.evidence.isKnown(t) && synonymsOf(t).some(ctx.evidence.isKnown)),
  );
  // (A topic all in words the corpus never uses, 动员老百姓守边, is searched for their synonyms.)
  const topic = own.length > 0 ? own : pointable;
  // (Word weights are the corpus's, the same in every place's evidence.)
  const key = script === 'en' ? null : pointWord(pointable, ctx.evidence.weight);
  for (const [i, t] of targets.entries()) {
    lines.push(`${names[i]}${script === 'en' ? ':' : '：'}`);
    if (topic.length === 0) {
      lines.push(...measureLines(ctx, cites, t.region.path, t.articles, 4));
      continue;
    }
    // The topic alone (not the words of comparing), searched in this place's articles only. An
    // English question is searched whole: its dictionary senses (守卫 for guarding) are more than
    // the few topic words left after generic ones go.
    // (A point the corpus words apart is searched too, for its synonyms: 守边 → 边防, 护边.)
    const evidence = await ctx.evidenceFor(
      t.articles.map((a) => a.id),
      script === 'en' ? ctx.question : [...new Set([...topic, ...(key ? [key] : [])])].join(' '),
    );
    // The passage on the topic in this place's articles (a place inside an article's region, one
    // banner of a city's report, keeps only its own sentences).
    // (English words reach the text through dictionary senses, some of them off the point: a lower bar.)
    const bar = script === 'en' ? MIN_COVERAGE_EN : MIN_COVERAGE;
    const onPoint = (c: SentenceCandidate) =>
      key === null || [key, ...synonymsOf(key)].some((w) => toSimplified(c.text).includes(w));
    const sideRanked = evidence.ranked.filter(onPoint);
    let found = await placeTopicLines(ctx, cites, t.articles, t.region.path, sideRanked, bar, MAX_POINTS);
    // A side may word the topic apart from the question (流动党校 for 党员教育送到村里): before saying
    // it has nothing, its passage on the topic at half the share, when that passage is on the topic.
    // At half the share a sentence must use one of the topic's own words: a synonym alone (资金 in
    // 思想、信息、资金、技术 for 经费保障) is a passing mention.
    if (found.length === 0)
      found = await placeTopicLines(
        ctx,
        cites,
        t.articles,
        t.region.path,
        sideRanked.filter((c) => c.matched.some((m) => topic.includes(m))),
        bar / 2,
        MAX_POINTS,
      );
    // (A place named inside another the question also names, "the Guanlei committee in Mengla": when
    // the inner place has nothing of its own on the point, the outer one's reports speak for it.)
    const outer = ctx.scope.regions.find(
      (r) => r.path.length < t.region.path.length && under(t.region.path, r.path),
    );
    // (First the outer reports' sentences that write the inner place's name, in an organisation's
    // name or in passing: 关累港口联合工作委员会 is the Guanlei port's party building.)
    // (The outer place need not be asked: the report it is in is the outer place's.)
    const report = t.articles[0]?.region;
    const outerPath =
      outer?.path ??
      (report && t.region.path.length > report.length && under(t.region.path, report) ? report : null);
    const named = bareName(t.region.name);
    const naming = sideRanked.filter((c) => toSimplified(c.text).includes(named));
    if (found.length === 0 && outerPath && [...named].length >= 2 && naming.length > 0)
      found = await placeTopicLines(ctx, cites, t.articles, outerPath, naming, bar / 2, MAX_POINTS);
    if (found.length === 0 && outer)
      found = await placeTopicLines(ctx, cites, t.articles, outer.path, sideRanked, bar, MAX_POINTS);
    if (found.length === 0) lines.push(S.t(script, 'comparisonNone', names[i]!));
    else lines.push(...found);
  }
  for (const r of uncovered) {
    const name = inScript(r.name, script);
    lines.push(`${name}${script === 'en' ? ':' : '：'}`, S.t(script, 'comparisonNone', name));
  }
  return cites.citations.length > 0 ? { answer: lines.join('\n'), citations: cites.citations } : null;
};
