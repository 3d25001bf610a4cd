/**
 * Fact and figure questions (the default intent): the one to three clauses that carry what is
 * asked, quoted and cited. Attribution must hold to the clause: a sentence about a sibling place
 * (another banner of the same city) is dropped, and when the question names what a figure counts
 * (几期党员培训), a clause about a sibling entity (积极分子培训) loses to the one that names it.
 */
import type { RegionResolver } from '../../regions/regions.js';
import { HAS_FIGURE, SUM, TOTAL_WORDS } from '../../text/figures.js';
import { toSimplified } from '../../text/script.js';
import { jiebaInstance } from '../../text/segment.js';
import { synonymsOf } from '../../text/synonyms.js';
import type { ArticleRecord } from '../../types.js';
import {
  askedFor,
  asksSeveralFigures,
  FIGURE_QUESTION,
  focusSentence,
  pickSentences,
  type SentenceCandidate,
} from '../extractive.js';
import { subjectAt, targetsAsked } from '../attribution.js';
import { askedClause, askedPart, countsThing, countsThingItself } from '../sibling-clauses.js';
import { under, type Scope } from '../snapshot.js';
import { answerStrings as S } from '../strings/answers.js';
import { breakdownAfter } from '../breakdown.js';
import { CitationList, titleSpan, type Composer, type IntentContext } from './context.js';
import { allSeriesIn, seriesIn } from './list.js';

/**
 * True when a sentence is about another place than the ones asked: a sibling (another banner of the
 * same city), or — when the place asked lies inside the article's region — the wider place itself.
 */
function aboutOtherPlace(
  resolver: RegionResolver,
  scope: Scope,
  article: ArticleRecord,
  c: SentenceCandidate,
  question: string,
): boolean {
  // A place the question names only inside an organisation's name (关累港口联合党工委) is no target.
  const targets = targetsAsked(scope, question);
  if (targets.length === 0) return false;
  const subject = subjectAt(resolver, article, c.start);
  // A place inside the article's region: only figures told of it count (not the wider place's).
  const deeper = targets.filter(
    (t) => t.path.length > article.region.length && under(t.path, article.region),
  );
  if (deeper.length > 0 && deeper.length === targets.length)
    return /\d/u.test(c.text) && (!subject || !deeper.some((t) => under(subject.path, t.path)));
  if (!subject) return false;
  return !targets.some((t) => under(subject.path, t.path) || under(t.path, subject.path));
}

const YEAR = /((?:19|20)\d{2})\s*年/gu;
/** Questions that ask for a count or a measure (not a date, a standard or a share). */
const COUNT_QUESTION = /多少|几[个名位人户家所支条项期次座处届批年]|多长|多大|多远|多高|多宽|多重/u;
/** Words for money: a thing counted in 元, not in units of itself. */
/**
 * The first clause of a sentence that gives a sum in 元, as its own span; null when none does.
 * (Not clauseAround of text/clauses: its clauses run across 、, and a list of figures, 争取项目17个、
 * 争取资金343.95万元, would come back whole.)
 */
function clauseWithSum(c: SentenceCandidate): SentenceCandidate | null {
  let from = 0;
  for (let i = 0; i <= c.text.length; i++) {
    if (i < c.text.length && !/[，,；;、。]/u.test(c.text[i]!)) continue;
    const clause = c.text.slice(from, i);
    if (SUM.test(toSimplified(clause)))
      return { ...c, text: clause, start: c.start + from, end: c.start + i };
    from = i + 1;
  }
  return null;
}

/** A question that asks for a figure's parts (各级分别下派了多少, how many … respectively). */
const BREAKDOWN_ASKED = /分别|各(?:有|是|为|自)|其中|\brespectively\b|\bbroken down\b|\bbreakdown\b/iu;

/** A question of how often or how long (多长时间巡查一次, 多久): a period answers it. */
const PERIOD_QUESTION = /多长时间|多久|多长一段|隔多长|频率|\bhow (?:often|long)\b/iu;
const PERIOD =
  /(?:半年|年度?|季度?|月|周|星期|天|日)(?:巡查|一次|召开|开展|培训|考核|检查|轮训)|每(?:年|季度?|月|周|天)/u;

const MONEY_WORD = /经费|资金|钱|费用|投入|投资/u;
/** Questions that ask for a sum of money (多少钱, 投入了多少, how much money / did … invest). */
const MONEY_QUESTION = /多少(?:钱|资金|经费|万元|亿元)|(?:投入|花|花费|拨付|拨|安排|争取|筹措)了?多少/u;
/** A budget given as a share (经费…不少于上年财政收入的5%): a sum in all but its unit. */
const BUDGET_SHARE = /(?:经费|资金|预算|财政)[^。；;]{0,40}\d+(?:\.\d+)?%/u;
const MONEY_QUESTION_EN =
  /\bhow much (?:money|funding|funds?)\b|\bhow much (?:\w+ ){0,4}(?:invest|spend|spent|put|allocate|raise|fund)|\bwhat (?:budget|sum|amount of (?:money|funding))\b/iu;

/** A sentence dated to other years than the ones the question asks about (2020年度 for 2021年). */
function otherYear(question: string, c: SentenceCandidate): boolean {
  const asked = [...toSimplified(question).matchAll(YEAR)].map((m) => m[1]);
  if (asked.length === 0) return false;
  const years = [...c.text.matchAll(YEAR)].map((m) => m[1]);
  return years.length > 0 && !years.some((y) => asked.includes(y));
}

/**
 * What a figure question counts (几期党员培训 → 党员培训, 参训多少人 → 参训): the words next to its
 * interrogative. Empty when the question asks for no figure.
 */
export function countedEntities(question: string): string[] {
  const hans = toSimplified(question);
  const out: string[] = [];
  for (const m of hans.matchAll(
    /(?:多少|几)(?:[个名期次人元户家所条座篇位支届批]|项(?!目)|万元|亿元)?([\p{Script=Han}]{2,8}?)(?=[?？,，。、]|$|呢|有|是|和|及)/gu,
  ))
    out.push(m[1]!);
  // Only when nothing names what is counted after the interrogative, the word before it (参训多少人).
  if (out.length > 0) return [...new Set(out)];
  for (const m of hans.matchAll(/([\p{Script=Han}]{2,4}?)(?:了|有|是|为|达到?)?(?:多少|几)/gu)) {
    const word = m[1]!.replace(/^(?:共|一共|总共|累计)/u, '');
    // (A word that names the figure, 占比 or 人数, is not what is counted.)
    if (
      word.length >= 2 &&
      !/^(?:举办|开展|建立|组织|争取|投入|占比|比例|比重|数量|总数|人数|金额|数字)$/u.test(word)
    )
      out.push(word);
  }
  return [...new Set(out)].filter((w) => w.length >= 2);
}

/**
 * Two question words written together (党员培训): a sentence that has them together names the asked
 * thing, one that has only the second (积极分子培训) names a sibling. Used when the question counts
 * only people or times (多少人), not when it names what it counts (多少户贫困家庭).
 */
function questionPhrases(question: string, terms: string[]): string[] {
  // Only when the question does not say what it counts (参训的有多少人): then its topic does.
  if (countedAfter(question) !== null) return [];
  const hans = toSimplified(question);
  const words = terms.filter((t) => /^\p{Script=Han}{2,}$/u.test(t));
  return words.flatMap((a) => words.filter((b) => b !== a && hans.includes(a + b)).map((b) => a + b));
}

/**
 * What a figure question counts when it names it after the interrogative (多少经费 → 经费, 多少名
 * 党员 → 党员); not a verb that follows (多少人参加). jieba's tags tell the noun.
 */
function countedAfter(question: string): string | null {
  const m =
    /(?:多少|几)(?:[个名位期次人元户家所条座篇支届批]|万元|亿元)?([\p{Script=Han}]{2,6}?)(?=[?？,，。]|$|呢)/u.exec(
      toSimplified(question),
    );
  // One noun after a classifier (几个县, 多少个村): a thing of one character.
  // (几个人 asks how many people: 人 is the unit, as in 多少人, not a thing of its own.)
  const single = /(?:多少|几)[个名位所座家条支]((?![人次年天月日岁])\p{Script=Han})(?=[?？,，。]|$|呢)/u.exec(
    toSimplified(question),
  );
  // (jieba tags 县 and 村 as morphemes, zg: any tag but a function word's or a verb's.)
  if (
    single &&
    jiebaInstance()
      .tag(single[1]!)
      .every((w) => !/^[vudrpcyem]/u.test(w.tag))
  )
    return single[1]!;
  if (m) {
    // A noun, or a noun with a noun before it (党建经费).
    const words = jiebaInstance().tag(m[1]!);
    // (jieba tags 党建 as an abbreviation, j.)
    return words.length <= 2 && words.every((w) => /^(?:n|vn|j)/u.test(w.tag) && [...w.word].length >= 2)
      ? m[1]!
      : null;
  }
  // Or, when it counts (多少名, not 是多少), the noun right before it (党员总共有多少名 → 党员), past
  // the words that join them.
  const before = /([^?？,，。]{1,16}?)(?:多少|几)[个名位人户家所条支项](?=[?？,，。]|$|呢)/u.exec(
    toSimplified(question),
  );
  if (!before) return null;
  const words = jiebaInstance().tag(before[1]!);
  while (
    words.length > 0 &&
    // (总数/数量/人数 name the figure, not the thing counted: 干部总数是多少名 counts 干部.)
    /^(?:总共|一共|共|总计|累计|合计|有|了|是|为|达|达到|的|总数|数量|数目|总量|人数|总人数)$/u.test(
      words.at(-1)!.word,
    )
  )
    words.pop();
  const last = words.at(-1);
  return last && [...last.word].length >= 2 && /^(?:n|vn|nz)$/u.test(last.tag) ? last.word : null;
}

/** Measures a figure's unit names by itself (163.3公里 is a length, though no 总长 is written). */
const MEASURE_UNITS: readonly [RegExp, RegExp][] = [
  [/^(?:总长|全长|长度|总长度|里程|总里程)$/u, /\d(?:\.\d+)?\s*(?:余|多)?\s*(?:公里|千米|米|km)/u],
  [/^(?:面积|总面积|占地面积)$/u, /\d(?:\.\d+)?\s*(?:余|多)?\s*(?:平方公里|平方米|亩|公顷)/u],
];

function givenInItsUnit(sentence: string, measured: string): boolean {
  return MEASURE_UNITS.some(([name, unit]) => name.test(measured) && unit.test(toSimplified(sentence)));
}

/** Runs of this many characters of the question name one item of a series (组织委, 织委员). */
const ITEM_GRAM = 3;

/**
 * One item of a 、-series of three or more that the question names by words no other item has
 * (组织委员 of 书记半年巡查、副书记季巡查、组织委员(工委委员)月巡查): that item is the answer, its
 * siblings' values are not. The sentence unchanged otherwise.
 */
function askedSeriesItem(c: SentenceCandidate, question: string): SentenceCandidate {
  const asked = toSimplified(question).replace(/\s/gu, '');
  for (const items of allSeriesIn({ text: c.text, start: c.start, end: c.end })) {
    if (items.length < 3) continue;
    const hans = items.map((i) => toSimplified(i.text));
    const grams = (h: string) =>
      [...h].map((_, k) => h.slice(k, k + ITEM_GRAM)).filter((g) => /^\p{Script=Han}{3}$/u.test(g));
    const named = hans.map(
      (h) =>
        grams(h).filter((g) => asked.includes(g) && hans.filter((o) => o.includes(g)).length === 1).length,
    );
    const hits = named.filter((n) => n > 0).length;
    if (hits !== 1) continue;
    const item = items[named.findIndex((n) => n > 0)]!;
    return { ...c, text: item.text, start: item.start, end: item.end };
  }
  return c;
}

/** The noun a question ends by asking the value of (地区生产总值是多少 → 生产总值), or null. */
function measuredNoun(question: string): string | null {
  const m = /([\p{Script=Han}]{2,12}?)(?:是|为|有|达到?)?多少[?？。]?$/u.exec(toSimplified(question).trim());
  if (!m) return null;
  const tags = jiebaInstance().tag(m[1]!);
  const last = tags.at(-1);
  // (jieba tags 收入 a verb; after a span of time, 一年收入 or 每年收入, it is the measure.)
  const measureVerb = last?.tag === 'v' && /^(?:m|r|t)$/u.test(tags.at(-2)?.tag ?? '');
  return last && [...last.word].length >= 2 && (/^(?:n|nz|vn)$/u.test(last.tag) || measureVerb)
    ? last.word
    : null;
}

/**
 * The items of a ；-separated list that a picked sentence belongs to (积极分子培训5期…；党员培训6期…；
 * 党员致富能手培训4期…): they share the lead-in, so they score alike, and only the words that tell
 * them apart decide which one the question asks about. Added items are marked `sibling`.
 */
function withListSiblings(picked: SentenceCandidate[], ranked: SentenceCandidate[]): ListedCandidate[] {
  const out: ListedCandidate[] = [...picked];
  const has = (c: SentenceCandidate) => out.some((o) => o.articleId === c.articleId && o.start === c.start);
  for (const c of picked) {
    const same = ranked
      .filter((r) => r.articleId === c.articleId && r.chunkId === c.chunkId)
      .sort((a, b) => a.start - b.start);
    const at = same.findIndex((r) => r.start === c.start);
    if (at < 0) continue;
    // Walk both ways while one item ends with ；and the next begins where it ends.
    const joined = (a: SentenceCandidate, b: SentenceCandidate) =>
      /[；;]$/u.test(a.text) && b.start - a.end <= 1;
    // (An item is in a list whether or not its neighbours were picked already.)
    const inList =
      (at + 1 < same.length && joined(same[at]!, same[at + 1]!)) ||
      (at > 0 && joined(same[at - 1]!, same[at]!));
    for (let i = at; i + 1 < same.length && joined(same[i]!, same[i + 1]!); i++)
      if (!has(same[i + 1]!)) out.push({ ...same[i + 1]!, sibling: true, inList: true });
    for (let i = at; i > 0 && joined(same[i - 1]!, same[i]!); i--)
      if (!has(same[i - 1]!)) out.push({ ...same[i - 1]!, sibling: true, inList: true });
    if (inList) {
      const k = out.findIndex((o) => o.articleId === c.articleId && o.start === c.start);
      out[k] = { ...out[k]!, inList: true };
    }
  }
  return out;
}

/** A candidate, marked when it is an item of a ；-list (`inList`) added for its siblings (`sibling`). */
type ListedCandidate = SentenceCandidate & { sibling?: boolean; inList?: boolean };

/**
 * A figure (not a lone 1, which is idiom: 1名党员带动…) right before the thing, in its unit. A thing
 * of one character must be a word of its own there (187个村(社区), not 236个村民小组).
 */
function countsRightBefore(text: string, thing: string): boolean {
  const esc = thing.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const re = new RegExp(
    `(\\d[\\d.]*|[两三四五六七八九十百千]+)\\s*(?:余|多)?\\s*[万千百亿]?\\s*[个名位人户家所支条项期次座处]?${esc}`,
    'gu',
  );
  const hans = toSimplified(text);
  return [...hans.matchAll(re)].some(
    (m) =>
      m[1] !== '1' &&
      ([...thing].length > 1 ||
        jiebaInstance().cut(
          hans.slice(m.index + m[0].length - thing.length, m.index + m[0].length + 4),
        )[0] === thing),
  );
}

/** A thing named by its own unit (农户 → 1406户, 贫困人口 → 52728人) is counted by a figure in it. */
function inItsUnit(text: string, thing: string): boolean {
  const unit = thing.at(-1)!;
  return (
    /[户人家]/u.test(unit) &&
    new RegExp(`\\d[\\d.]*\\s*(?:余|多)?\\s*(?:万|千|百)?${unit}`, 'u').test(toSimplified(text))
  );
}

/** Runs of this many characters of a question name a thing whole (党员培训 of 黨員培訓班). */
const PHRASE = 4;

/**
 * The question's runs of PHRASE Han characters outside its place names: a sentence that has one
 * whole names what the question asks (党员培训6期), one that has only its words apart does not
 * (党员致富能手培训).
 */
function questionGrams(question: string, places: string[]): string[] {
  const hans = places.reduce((q, p) => q.split(toSimplified(p)).join('|'), toSimplified(question));
  const out = new Set<string>();
  for (const run of hans.match(/\p{Script=Han}{4,}/gu) ?? [])
    for (let i = 0; i + PHRASE <= run.length; i++) out.add(run.slice(i, i + PHRASE));
  return [...out];
}

/**
 * Two terms written together, either way round (党员培训 of "party member training"); a longer
 * term by its first two characters too (培训班 → 培训: the dictionary's word may be the course).
 */
function termPairs(terms: string[]): string[] {
  const words = terms.filter((t) => /^\p{Script=Han}{2,}$/u.test(t));
  const han = [...new Set([...words, ...words.filter((t) => t.length > 2).map((t) => t.slice(0, 2))])];
  return han.flatMap((a) => han.filter((b) => b !== a).map((b) => a + b));
}

/**
 * Whether a sentence names a compound's head word with no other kind before it (争取资金1500万元
 * for 项目资金), as opposed to another kind of it (工作经费 for 党建经费): a verb or a break
 * before the head leaves the kind open.
 */
function bareHead(hans: string, head: string): boolean {
  for (let i = hans.indexOf(head); i >= 0; i = hans.indexOf(head, i + 1)) {
    const before = hans.slice(Math.max(0, i - 4), i);
    const last = jiebaInstance().tag(before).at(-1);
    if (!last || /[，,。；;、：:]$/u.test(before) || /^v/u.test(last.tag)) return true;
  }
  return false;
}

/**
 * Whether a sentence speaks of the counted thing: by its word, a synonym, the unit it is counted
 * in (1406户 for 农户), or, for money, a sum in 元.
 */
function namesThing(sentence: string, thing: string): boolean {
  // (A measure per period, 年收入, is named by the measure: the period is how it is counted.)
  const perPeriod = /^(?:全年|每年|每月|年|月)(?=\p{Script=Han}{2})/u.exec(thing);
  if (perPeriod) return namesThing(sentence, thing.slice(perPeriod[0].length));
  const hans = toSimplified(sentence);
  // A compound (党建经费): the sentence says what kind (党建), and names the head by any of the ways below.
  const words = jiebaInstance()
    .cut(thing)
    .filter((w) => [...w].length >= 2);
  if (words.length > 1 && !hans.includes(thing)) {
    const kinds = words.slice(0, -1);
    const head = words.at(-1)!;
    if (!kinds.every((k) => hans.includes(k) || synonymsOf(k).some((x) => hans.includes(x))))
      return bareHead(hans, head) && namesThing(sentence, head);
    return namesThing(sentence, head);
  }
  if (hans.includes(thing) || synonymsOf(thing).some((s) => hans.includes(s))) return true;
  if (new RegExp(`\\d(?:万|千|百)?${thing.at(-1)!}`, 'u').test(hans)) return true;
  return MONEY_WORD.test(thing) && /\d(?:万|亿)?元/u.test(hans);
}

/**
 * A compound's figure may be its head's, in a sentence that names the kind apart from it
 * (村级组织规范化活动场所46个 for 村级活动场所).
 */
function countsCompoundHead(sentence: string, thing: string, question: string): boolean {
  const words = jiebaInstance()
    .cut(thing)
    .filter((w) => [...w].length >= 2);
  if (words.length < 2) return false;
  const hans = toSimplified(sentence);
  return (
    words.slice(0, -1).every((k) => hans.includes(k)) && countsThingItself(sentence, words.at(-1)!, question)
  );
}

/**
 * Where the lines that tell `u` (a heading or a list member) are: after it in its paragraph, and in
 * the paragraph right after it. Null when `u` lies in no paragraph.
 */
function tellingWindow(
  article: ArticleRecord,
  u: SentenceCandidate,
): { articleId: string; from: number; to: number } | null {
  const paragraphs = (article.structure?.sections ?? []).flatMap((s) => s.paragraphs);
  const at = paragraphs.findIndex((p) => p.start <= u.start && u.start < p.end);
  if (at < 0) return null;
  return { articleId: article.id, from: u.end, to: paragraphs[at + 1]?.end ?? paragraphs[at]!.end };
}

/** Asking who holds a post (昌都市委组织部部长是谁, 谁是…). */
const WHO = /^(.{2,24}?)(?:到底|究竟)?(?:是谁|叫(?:什么|啥)(?:名字)?|是哪位)|谁是(.{2,24}?)[?？。]?$/u;

/**
 * The post a who-question asks about, as the report would write it next to a name: its last two
 * words with the place names gone (昌都市委组织部部长 → 组织部部长; 常务副部长 is another post).
 */
export function askedTitle(question: string, places: string[]): { title: string; asked: string } | null {
  const m = WHO.exec(toSimplified(question).trim());
  if (!m) return null;
  const asked = (m[1] ?? m[2]!).replace(/^.*的/u, '').trim();
  // (A place's last character before 委 belongs to the post: 昌都市委书记 → 市委书记.)
  const post = places.reduce((q, p) => {
    const place = toSimplified(p);
    const at = q.indexOf(place);
    if (at < 0) return q;
    const keep = q[at + place.length] === '委' ? place.slice(-1) : '';
    return q.slice(0, at) + keep + q.slice(at + place.length);
  }, asked);
  const words = jiebaInstance()
    .cut(post)
    .filter((w) => /\p{Script=Han}/u.test(w));
  const title = words.slice(-2).join('');
  return [...title].length >= 2 ? { title, asked } : null;
}

/** Ranked candidates with sibling-place sentences dropped and the counted entity preferred. */
export function attributedCandidates(ctx: IntentContext): {
  ranked: SentenceCandidate[];
  droppedFigure: boolean;
} {
  const { evidence, scope, resolver, snapshot } = ctx;
  let droppedFigure = false;
  const kept = evidence.ranked.filter((c) => {
    const sibling =
      aboutOtherPlace(resolver, scope, snapshot.byId.get(c.articleId)!, c, ctx.question) ||
      otherYear(ctx.question, c);
    if (sibling && /\d/u.test(c.text)) droppedFigure = true;
    return !sibling;
  });
  if (!FIGURE_QUESTION.test(ctx.question)) return { ranked: kept, droppedFigure };
  const entities = [
    ...countedEntities(ctx.question).filter((e) => evidence.isKnown(e) || e.length >= 3),
    ...questionPhrases(ctx.question, evidence.scoringTerms),
  ];
  const part = askedPart(ctx.question);
  if (entities.length === 0 && part === null) return { ranked: kept, droppedFigure };
  // A clause that names what is counted outranks one that only shares the lead-in (自2011年以来…);
  // the one that names the asked part of a group (州下派) is the answer.
  const names = (c: SentenceCandidate) => entities.filter((e) => toSimplified(c.text).includes(e)).length;
  const bonus = (c: SentenceCandidate) =>
    /\d/u.test(c.text) ? 0.3 * names(c) + (part !== null && toSimplified(c.text).includes(part) ? 1 : 0) : 0;
  return {
    ranked: [...kept]
      .sort((a, b) => b.score + bonus(b) - (a.score + bonus(a)))
      .map((c) => ({ ...c, score: c.score + bonus(c) })),
    droppedFigure,
  };
}

/**
 * Whether a sentence writes a post as someone holding it: not only as a count of posts to fill
 * (工作队设1名总队长).
 */
function namesHolder(hans: string, title: string): boolean {
  for (let i = hans.indexOf(title); i >= 0; i = hans.indexOf(title, i + 1))
    if (!/(?:\d+|[一二两三四五六七八九十])\s*[名个位]副?$/u.test(hans.slice(Math.max(0, i - 5), i)))
      return true;
  return false;
}

/** An English question for the person who holds a post. */
const EN_WHO =
  /\b(?:who(?:'s| is| was| are| were| heads?| leads?| runs?)|(?:what|what's) (?:is )?(?:the )?name of)\b/iu;
/** The words of posts a person holds. */
const POST_WORD = /(?:书记|部长|队长|主任|县长|市长|旗长|镇长|局长|组长|所长|站长|主席|政委)$/u;

/** The post an English who-question asks about: its Chinese word and the English words for it. */
export function englishPostAsked(question: string, terms: string[]): { title: string; asked: string } | null {
  if (!EN_WHO.test(question)) return null;
  const title = terms.find((t) => POST_WORD.test(t));
  if (!title) return null;
  const words =
    /\b((?:party |deputy |vice )?(?:secretary|head|chief|director|leader|captain|chairman|mayor|minister))\b/iu.exec(
      question,
    );
  return { title, asked: words?.[1] ?? title };
}

/**
 * Whether a sentence names a person holding the post: a name right after it (部长李富忠) or right
 * before it (李富忠书记), as jieba tags names.
 */
function namesPerson(hans: string, title: string): boolean {
  const tags = jiebaInstance().tag(hans);
  return tags.some((t, i) => {
    if (!t.word.endsWith(title)) return false;
    const name = (x: { tag: string } | undefined) => x !== undefined && /^nr/u.test(x.tag);
    return name(tags[i + 1]) || name(tags[i - 1]);
  });
}

/** A rate, share or percentage asked, and how one is written. */
const RATE_QUESTION =
  /比例|占比|百分之|百分比|覆盖率|发生率|\p{Script=Han}率(?:是|为|有)?多少|\b(?:rate|ratio|percentage|proportion|share|per ?cent)\b/iu;
const RATE = /\d(?:\.\d+)?\s*[%％]|百分之|[一二三四五六七八九\d]成(?!立|员|功|为|果|效)/u;

/**
 * A total asked (一共多少个嘎查, 全旗有几个) and every figure of the thing qualified before it
 * (为没有项目产业的8个嘎查): those count a part of it, not the whole.
 */
function onlyPartOfWhole(sentence: string, thing: string, question: string): boolean {
  if (!TOTAL_WORDS.test(question) && !/\b(?:in total|total|altogether)\b/iu.test(question)) return false;
  const esc = thing.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const before = [
    ...toSimplified(sentence).matchAll(new RegExp(`(.)\\d+(?:余|多)?[个名位户家所支条项]?${esc}`, 'gu')),
  ];
  return before.length > 0 && before.every((m) => m[1] === '的');
}

/** A body of the party or state (镇党委, 村党总支, 县委组织部): who does what a figure counts. */
const ORGANISATION = /^\p{Script=Han}{0,3}(?:党委|党总支|党支部|支部|党组|工委|政府|委员会|组织部)$/u;

export const composeFact: Composer = (ctx) => {
  const { evidence, script, snapshot } = ctx;
  const attributed = attributedCandidates(ctx);
  const { droppedFigure } = attributed;
  // A quoted term (“一定三有”是什么) is answered by the sentences that use it, when any does.
  const term = ctx.intent.listName;
  const usesTerm = (c: SentenceCandidate) => term !== null && toSimplified(c.text).includes(term);
  // An article's title restates its subject; it is never quoted as evidence of a fact.
  const body = attributed.ranked.filter((c) => c.start >= titleSpan(snapshot.byId.get(c.articleId)!).end);
  // (A figure asked about a quoted term, 千名干部带头挂包帮, is in the lines that tell it, not in the
  // heading that names it: then the term-using sentences need a figure to win.)
  const wantsNumber = FIGURE_QUESTION.test(ctx.question);
  const using = body.filter(usesTerm);
  // (The term's own numerals, 千名 of 千名干部, are no figure.)
  const figureBesides = (c: SentenceCandidate) =>
    HAS_FIGURE.test(term === null ? c.text : toSimplified(c.text).split(term).join(''));
  // A term's figures are in the lines that tell it: the rest of its paragraph, or the next one.
  const figureOnlyInTelling = using.length > 0 && wantsNumber && !using.some(figureBesides);
  const windows = figureOnlyInTelling
    ? using.map((u) => tellingWindow(snapshot.byId.get(u.articleId)!, u))
    : [];
  const telling = body.filter(
    (c) =>
      figureBesides(c) &&
      windows.some((w) => w !== null && c.articleId === w.articleId && w.from <= c.start && c.start < w.to),
  );
  const ranked = figureOnlyInTelling
    ? telling.length > 0
      ? telling
      : body
    : using.length > 0
      ? using
      : body;
  const best = ranked[0];
  if (!best) return null;
  // Who holds a post: only sentences that write the post itself (组织部部长李富忠, not 组织部常务副部长).
  const post = askedTitle(
    ctx.question,
    ctx.scope.mentions.map((m) => m.text),
  );
  // (An English who-question names the post in English: its dictionary sense is the post's word,
  // and a sentence must then name a person next to it.)
  if (post === null && script === 'en') {
    const asked = englishPostAsked(ctx.question, evidence.evidenceTerms);
    if (asked) {
      const holders = ranked.filter((c) => namesPerson(toSimplified(c.text), asked.title)).slice(0, 2);
      if (holders.length === 0)
        return {
          answer: S.t(script, 'whoMissing', asked.asked),
          citations: [],
          refused: true,
          notGiven: true,
        };
    }
  }
  if (post !== null) {
    const holders = ranked.filter((c) => namesHolder(toSimplified(c.text), post.title)).slice(0, 2);
    if (holders.length === 0)
      return { answer: S.t(script, 'whoMissing', post.asked), citations: [], refused: true, notGiven: true };
    const cites = new CitationList(script);
    const lines = holders.map((c) =>
      cites.quote(snapshot.byId.get(c.articleId)!, { text: c.text, start: c.start, end: c.end }),
    );
    return { answer: [S.t(script, 'evidenceLead'), ...lines].join('\n'), citations: cites.citations };
  }
  const wantsFigure = FIGURE_QUESTION.test(ctx.question);
  // Once a clause names what the question counts, clauses with figures about something else go.
  // (The part asked, 县下派, may be in a sentence further down than those picked near the best one.)
  const partWord = wantsFigure ? askedPart(ctx.question) : null;
  const near = pickSentences(ranked);
  const withPart =
    partWord !== null && !near.some((c) => toSimplified(c.text).includes(partWord))
      ? ranked.filter((c) => toSimplified(c.text).includes(partWord) && HAS_FIGURE.test(c.text)).slice(0, 1)
      : [];
  const candidates = withListSiblings([...near, ...withPart], ranked);
  const has = (c: SentenceCandidate, e: string) => toSimplified(c.text).includes(e);
  const apart = (e: string, among: SentenceCandidate[]) =>
    among.some((c) => has(c, e)) && !among.every((c) => has(c, e));
  // The items of a ；-list are told apart by runs of the question's characters (党员培训 for
  // 党员培训班); the item that has one answers, its siblings go. (Only among the items: elsewhere a
  // paraphrase such as 结对帮扶 for 挂包 would pick the sentence that merely shares the words.)
  const items = candidates.filter((c) => c.inList);
  // (An English question's words reach the text as dictionary terms: two of them written together,
  // 党员+培训, are its runs.)
  const runs =
    script === 'en'
      ? termPairs(evidence.evidenceTerms)
      : questionGrams(
          ctx.question,
          ctx.scope.mentions.map((m) => m.text),
        );
  const grams = wantsFigure ? runs.filter((g) => apart(g, items)) : [];
  const listed =
    grams.length > 0 ? candidates.filter((c) => !c.inList || grams.some((g) => has(c, g))) : candidates;
  // Only the words that tell the candidates apart (党员培训, not the 参训 they all share) decide.
  const entities = (
    wantsFigure
      ? [
          ...countedEntities(ctx.question),
          ...questionPhrases(ctx.question, evidence.scoringTerms),
          ...[askedPart(ctx.question)].filter((p): p is string => p !== null),
          // (The body that does it, 镇党委, against another's, 村党总支, in the next clause.)
          ...evidence.scoringTerms.filter((t) => ORGANISATION.test(t)),
        ]
      : []
  ).filter((e) => apart(e, listed));
  const naming = (c: SentenceCandidate) => entities.some((e) => has(c, e));
  // Without a word that tells them apart, a sibling item adds nothing the best sentence lacks.
  // (An item the question's own words chose stays, sibling or not.)
  const chosen = (c: ListedCandidate) => !c.sibling || (c.inList === true && grams.length > 0);
  const named = listed.some(naming)
    ? listed.filter((c) => naming(c) || (!/\d/u.test(c.text) && chosen(c)))
    : listed.filter(chosen);
  // When a sentence gives the figure right before the thing counted (20000余名党员), the others
  // (100余名领导干部, a figure near the word) only crowd the answer.
  const counted = wantsFigure ? countedAfter(ctx.question) : null;
  // (A part asked, 州下派56名, is counted in the part's own clause: it stays.)
  const tight = counted
    ? named.filter((c) => countsRightBefore(c.text, counted) || (partWord !== null && has(c, partWord)))
    : [];
  const onTarget = tight.length > 0 ? tight : named;
  // (Two figures asked, 几期…多少人, are in neighbouring clauses: the clause of one is half the answer.)
  const several = asksSeveralFigures(ctx.question);
  const narrow = (c: SentenceCandidate) =>
    // (Only for a fact asked: a list asked that ends here wants the series whole.)
    ctx.intent.kind === 'fact'
      ? askedSeriesItem(
          askedClause(c, ctx.question, wantsFigure ? evidence.evidenceTerms : [], !several),
          ctx.question,
        )
      : askedClause(c, ctx.question, wantsFigure ? evidence.evidenceTerms : [], !several);
  const asksMoney = MONEY_QUESTION.test(toSimplified(ctx.question)) || MONEY_QUESTION_EN.test(ctx.question);
  const picked = onTarget.map((c) => {
    const focused = narrow(
      focusSentence(
        c,
        evidence.scoringTerms,
        several ? 140 : 90,
        ctx.question,
        evidence.weight,
        askedFor(toSimplified(evidence.withoutPlaces), evidence.scoringTerms),
      ),
    );
    // (A sum asked is in the sentence's clause with a sum in 元, wherever the question's other words
    // put the focus: 全县各扶贫工作队员共进村1781次…争取资金343.95万元.)
    return asksMoney && !SUM.test(toSimplified(focused.text)) ? (clauseWithSum(c) ?? focused) : focused;
  });
  const cites = new CitationList(script);
  // The figure asked for was only in a sibling's sentence (another place, another year): say the
  // reports do not give it, and quote no sibling's figure.
  // (Only the words of the question that the evidence uses at all: a loose cut names nothing.)
  const places = ctx.scope.mentions.map((m) => toSimplified(m.text));
  const asked = countedEntities(ctx.question).filter(
    (e) =>
      evidence.ranked.some((c) => toSimplified(c.text).includes(e)) &&
      !places.some(
        (p) => p.includes(e) || e.includes(p) || [...e].some((ch) => p.endsWith(ch) && e.startsWith(ch)),
      ),
  );
  // (A compound asked, 项目资金, is answered by a sentence naming its bare head, 争取资金…)
  const answersAsked = (c: SentenceCandidate) =>
    /\d/u.test(c.text) &&
    (asked.length === 0 ||
      asked.some(
        (e) =>
          toSimplified(c.text).includes(e) || (jiebaInstance().cut(e).length > 1 && namesThing(c.text, e)),
      ));
  // The figure asked is of a part (州里下派的) or of a whole (全县党员): a sentence that gives only
  // another part, or a narrower group (贫困党员), does not answer it; nor one that never names
  // what is counted (经费 asked, 示范点 counted).
  const part = wantsFigure ? askedPart(ctx.question) : null;
  const thing = counted;
  // (A part's clause with its figure, 县下派65名, counts the thing of which it is a part: 队员.)
  const partCounted =
    part !== null && picked.some((c) => toSimplified(c.text).includes(part) && HAS_FIGURE.test(c.text));
  // A count in units (多少名党员) is answered by a figure of the thing itself (20000余名党员, 党员共
  // 6000名), not by any figure in a sentence that names it (参训人员7597人 beside 党员培训).
  const countedInUnits = thing !== null && !MONEY_WORD.test(thing);
  const measured = wantsFigure ? measuredNoun(ctx.question) : null;
  const missing =
    (part !== null && !partCounted) ||
    // (A measure the corpus never names, 地区生产总值是多少, is missing unless a sentence names it
    // by a synonym: 工资 by 补助.)
    // (Nor is one the corpus names elsewhere but no sentence quoted names: 收入 asked, 惠及…户 told.)
    (measured !== null &&
      !onTarget.some((c) => namesThing(c.text, measured) || givenInItsUnit(c.text, measured))) ||
    // (A figure asked of a quoted term, 「最强党支部」, that only sentences of another year or place
    // give: not given for the one asked.)
    (evidence.ranked.some((c) => usesTerm(c) && /\d/u.test(c.text)) && !attributed.ranked.some(usesTerm)) ||
    // (A thing of one character, 县, is in every place name: only a count right before it counts.)
    (thing !== null && [...thing].length === 1 && !onTarget.some((c) => countsRightBefore(c.text, thing))) ||
    (thing !== null &&
      !partCounted &&
      jiebaInstance()
        .cut(thing)
        .every((w) => evidence.isKnown(w)) &&
      !onTarget.some(
        (c) =>
          HAS_FIGURE.test(c.text) &&
          namesThing(c.text, thing) &&
          countsThing(c.text, thing, ctx.question) &&
          (!countedInUnits ||
            (countsThingItself(c.text, thing, ctx.question) &&
              !onlyPartOfWhole(c.text, thing, ctx.question)) ||
            countsCompoundHead(c.text, thing, ctx.question) ||
            inItsUnit(c.text, thing)),
      ));
  // A count or measure asked (多少, 几, 多长) and no figure in what would be quoted (a term's own
  // numerals aside): not given; a sum
  // of money asked and no sum in 元 (236个活动场所 is no spending): not given either.
  // (How often or how long is answered by a period too: 月巡查, 每季度.)
  const period = PERIOD_QUESTION.test(toSimplified(ctx.question));
  const noFigure =
    (COUNT_QUESTION.test(toSimplified(ctx.question)) &&
      !picked.some((c) => figureBesides(c) || (period && PERIOD.test(toSimplified(c.text))))) ||
    (asksMoney &&
      !picked.some((c) => SUM.test(toSimplified(c.text)) || BUDGET_SHARE.test(toSimplified(c.text)))) ||
    // A rate or share asked is a percentage (or 百分之, 三成): a count is no rate.
    (RATE_QUESTION.test(toSimplified(ctx.question)) && !picked.some((c) => RATE.test(toSimplified(c.text))));
  if (wantsFigure && ((droppedFigure && !picked.some(answersAsked)) || missing || noFigure)) {
    const years = [...new Set([...toSimplified(ctx.question).matchAll(YEAR)].map((m) => `${m[1]}年`))];
    const where = [ctx.scope.targets.map((t) => t.name).join('、'), ...years].join('');
    const rate = RATE_QUESTION.test(toSimplified(ctx.question));
    const asking =
      part ??
      thing ??
      asked[0] ??
      measured ??
      (asksMoney ? S.t(script, 'moneyWord') : rate ? S.t(script, 'rateWord') : '');
    // (English: "the sum spent (凤庆县)"; Chinese reads 凤庆县投入资金.)
    const what =
      script === 'en' ? [asking, where && `(${where})`].filter(Boolean).join(' ') : `${where}${asking}`;
    return {
      answer: S.t(script, 'factMissing', what || '—', droppedFigure && !picked.some(answersAsked)),
      citations: [],
      refused: true,
      notGiven: true,
    };
  }
  // A figure broken down in the next sentence (…共有184名工作队员。其中,省下派8名、州下派56名…) is
  // what a question asking for the parts (分别, respectively) wants too.
  const breakdowns = new Set<SentenceCandidate>();
  if (BREAKDOWN_ASKED.test(toSimplified(ctx.question)))
    for (const c of [...picked]) {
      const part = breakdownAfter(snapshot.byId.get(c.articleId)!, c);
      // (Only a breakdown in figures.)
      if (!part || !/\d/u.test(part.text)) continue;
      if (picked.some((p) => p.articleId === c.articleId && p.start === part.start)) continue;
      picked.push(part);
      breakdowns.add(part);
    }
  const lead = S.t(script, 'evidenceLead');
  // One quote per line; a clause cut out of a longer sentence gets its ellipsis from quote().
  // (A breakdown that is a series, 省下派8名、州下派56名…, is numbered part by part.)
  const lines = picked.flatMap((c) => {
    const article = snapshot.byId.get(c.articleId)!;
    const parts = breakdowns.has(c) ? seriesIn({ text: c.text, start: c.start, end: c.end }) : [];
    return parts.length >= 2
      ? parts.map((p, i) => `${i + 1}. ${cites.quote(article, p)}`)
      : [cites.quote(article, { text: c.text, start: c.start, end: c.end })];
  });
  return { answer: [lead, ...lines].join('\n'), citations: cites.citations };
};
