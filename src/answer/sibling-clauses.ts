/**
 * Attribution down to the clause. Reports list figures of sibling entities in one sentence
 * (行政村干部…1400元、村民小组干部…200元、社区干部…2000元; 省下派8名、州下派56名…): when the
 * question names one of the siblings, only that sibling's clause is the answer.
 */
import { TOTAL_WORDS } from '../text/figures.js';
import { detectScript, toSimplified } from '../text/script.js';
import { jiebaInstance } from '../text/segment.js';
import type { SentenceCandidate } from './extractive.js';

const CLAUSE_BREAK = /[、，,；;：:]/u;
/** A year (2015年起, 自2011年以来) dates a clause; it is no figure of its own. */
const YEAR = /(?:19|20)\d{2}\s*年(?:以来|起|底|初|末|度)?/gu;

interface Clause {
  start: number;
  end: number;
  /** The words before the clause's first figure: what the figure is about. */
  head: string;
  /** What the first figure is counted in (元, 万元, 名): siblings share it. */
  unit: string;
  /** The units of every figure of the clause (投入3000余万元…打造240个: 万元, 个). */
  units: string[];
  /** Whether an enumeration mark (、；) stands next to the clause: siblings are listed with them. */
  listed: boolean;
}

/**
 * The clauses of a sentence that give a figure. Without `figureFirst`, only those whose figure has
 * words before it (what the figure is about); with it, also those that open on their figure
 * in a series (、4个机关党建示范点: what is counted comes after it).
 */
function figureClauses(text: string, figureFirst = false): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !CLAUSE_BREAK.test(text[i]!)) continue;
    const raw = text.slice(from, i);
    const undated = toSimplified(raw).replace(YEAR, (y) => ' '.repeat(y.length));
    const digit = undated.search(/\d/u);
    // (余/多 after a figure is no unit: 3000余万元 is counted in 万元.)
    const units = [
      ...undated.matchAll(/\d+(?:\.\d+)?\s*(?:余|多)?([万千百亿]?[^\d\s，,、；;。余多]?)/gu),
    ].map((m) => m[1]!);
    const unit = units[0] ?? '';
    const listed = /[、；;]/u.test(text[from - 1] ?? '') || /[、；;]/u.test(text[i] ?? '');
    if (digit > 0 || (figureFirst && digit === 0 && listed))
      out.push({ start: from, end: i, head: undated.slice(0, digit).trim(), unit, units, listed });
    from = i + 1;
  }
  return out;
}

function commonSuffix(words: string[]): number {
  let n = 0;
  while (words.every((w) => w.length > n && w[w.length - 1 - n] === words[0]![words[0]!.length - 1 - n])) n++;
  return n;
}

function commonPrefix(words: string[]): number {
  let n = 0;
  while (words.every((w) => w.length > n && w[n] === words[0]![n])) n++;
  return n;
}

/**
 * What tells each sibling clause apart: its head without the words all of them share
 * (行政村 / 村民小组 / 社区 out of …干部按照每人每月不低于).
 */
export function siblingNames(text: string): { clause: Clause; name: string; shared: string }[] {
  // Siblings are counted in the same unit (1400元、200元、2000元); 6期 and 7597人 are two figures
  // of one thing. The unit most clauses share makes the run.
  const all = figureClauses(text).filter((c) => c.listed);
  const units = new Map<string, number>();
  for (const c of all) units.set(c.unit, (units.get(c.unit) ?? 0) + 1);
  const [unit, n] = [...units].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (n < 2) return [];
  const clauses = all.filter((c) => c.unit === unit);
  const heads = clauses.map((c) => c.head);
  const suffix = commonSuffix(heads);
  const prefix = commonPrefix(heads);
  return clauses.map((clause) => ({
    clause,
    shared: clause.head.slice(clause.head.length - suffix),
    name: clause.head.slice(prefix, clause.head.length - suffix).replace(/[()（）\s]/gu, ''),
  }));
}

/**
 * The one clause of a sentence of sibling figures that names what the question asks about, or the
 * sentence unchanged when the question names none of the siblings (or several).
 */
export function askedClause(
  c: SentenceCandidate,
  question: string,
  /** An English question's Chinese terms: the clause is chosen by them, in any unit. */
  englishTerms: string[] = [],
  /**
   * Whether a clause may also be chosen by the question's words when no sibling is named (not when
   * two figures are asked: they sit in neighbouring clauses, 78个,占…22.4%).
   */
  byWords = true,
): SentenceCandidate {
  // (An English question may write a Chinese name in it: 党员中心户. It is English by its words.)
  const english = detectScript(question) === 'en' && englishTerms.length > 0;
  // (An English question's terms, each a word of its own: 站点, 便民服务 — in whatever order.)
  const asked = english
    ? `${englishTerms.filter((t) => /^\p{Script=Han}{2,}$/u.test(t)).join('|')}|多少`
    : toSimplified(question).replace(/\s/gu, '').replace(SPOKEN_SENT, '下派');
  const siblings = siblingNames(c.text).filter((s) => s.name.length > 0);
  // A sibling is named when the question holds its distinctive words whole; a one-character name
  // (省/州/县 of 州下派) only with the words the siblings share close after it (州里下派).
  // (An English question names a sending level, "by the prefecture": its clause is the one.)
  const sentBy = english ? englishPart(question) : null;
  const named = siblings.filter((s) => {
    if (sentBy !== null) return toSimplified(c.text.slice(s.clause.start, s.clause.end)).includes(sentBy);
    if (s.name.length >= 2) return asked.includes(s.name);
    const after = s.shared.slice(0, 2);
    if (after.length < 2) return false;
    return [...asked.matchAll(new RegExp(s.name, 'gu'))].some((m) =>
      asked.slice(m.index + 1, m.index + 4 + after.length).includes(after),
    );
  });
  // The first sibling carries the words all of them share (每年安排每个行政村工作经费4万元、
  // 农场生产队3万元): when no later one is named, a question that has three characters running
  // of the first one's words asks about it.
  const first = siblings[0];
  if (named.length === 0 && first && siblings.slice(1).every((s) => s.name.length > 0)) {
    const grams = [...first.name].map((_, i) => first.name.slice(i, i + 3)).filter((g) => g.length === 3);
    if (grams.some((g) => asked.includes(g))) named.push(first);
  }
  const years = question.match(/(?<!\d)(?:19|20)\d{2}(?!\d)/gu) ?? [];
  const clause =
    named.length === 1
      ? named[0]!.clause
      : byWords
        ? namedByWords(c.text, asked, english, years, english ? englishUnit(question) : null)
        : null;
  if (!clause) return c;
  let end = clause.end;
  while (end > clause.start && CLAUSE_BREAK.test(c.text[end - 1]!)) end--;
  return { ...c, text: c.text.slice(clause.start, end), start: c.start + clause.start, end: c.start + end };
}

/** Runs of this many characters of the question name what a clause counts (服务大厅, 党员中心). */
const GRAM = 4;

/**
 * Figures of different things in one sentence, parted by commas (选树党员中心户138户,培树边境堡垒户
 * 30户; 建立便民服务大厅138个,村级便民服务站点728个): when the question asks for one figure, the one
 * clause that holds words of the question no other figure clause holds.
 */
function namedByWords(
  text: string,
  asked: string,
  anyUnit = false,
  yearsAsked: string[] = [],
  /** The unit an English question counts in (households → 户), when its noun says. */
  unitSaid: string | null = null,
): Clause | null {
  if ((asked.match(/多少|几/gu) ?? []).length !== 1) return null;
  // The unit asked (多少户, 几个) must be the clause's own: 培训6期,参训人员7597人 asks 多少人 of the
  // clause after the one that names the course. (English says none: "how many stations".)
  // (A share asked, 占…多少, is counted in %.)
  const share = !anyUnit && /占[^，,。？?]{0,12}多少|比例|百分之几|百分比/u.test(asked);
  const unit =
    /(?:多少|几)([个名位人户家所支条项期次座处])/u.exec(asked)?.[1] ??
    (share ? '%' : anyUnit ? '' : undefined);
  if (unit === undefined) return null;
  const every = figureClauses(text, true);
  // (A share is chosen among the clauses that give one: the words of what it is a share of, 最强党支部,
  // sit in the clause before it.)
  const clauses = share ? every.filter((k) => k.units.some((u) => u.endsWith('%'))) : every;
  if (clauses.length < 2) return null;
  const hans = clauses.map((k) => toSimplified(text.slice(k.start, k.end)));
  const grams = new Set<string>(anyUnit ? asked.split('|').filter((t) => t !== '多少') : []);
  for (let i = 0; !anyUnit && i + GRAM <= asked.length; i++) {
    const g = asked.slice(i, i + GRAM);
    if (/^\p{Script=Han}+$/u.test(g.replace(/[()（）]/gu, ''))) grams.add(g);
  }
  // (The year asked names its clause too: 2020年度…78个,占…22.4% against 预计今年年底…30%.)
  for (const y of yearsAsked) grams.add(y);
  const own = hans.map(
    (h) => [...grams].filter((g) => h.includes(g) && hans.filter((o) => o.includes(g)).length === 1).length,
  );
  const best = Math.max(...own);
  if (best === 0 || own.filter((n) => n === best).length > 1) return null;
  const picked = clauses[own.indexOf(best)]!;
  // A share (占…22.4%) is read with the count it is a share of, in the clause before it.
  const before = every[every.indexOf(picked) - 1];
  const chosen =
    share && before !== undefined && /^(?:约|共)?[占佔为為]/u.test(text.slice(picked.start).trimStart())
      ? { ...picked, start: before.start, units: [...before.units, ...picked.units] }
      : picked;
  // Without a unit asked, only among siblings counted alike (138个 … 728个), not two figures of one
  // thing (40支工作队,共有184名队员).
  if (anyUnit && unitSaid !== null && chosen.units.some((u) => u.endsWith(unitSaid))) return chosen;
  if (anyUnit)
    return clauses.filter((k) => k.units.some((u) => chosen.units.includes(u))).length >= 2 ? chosen : null;
  return chosen.units.some((u) => u.endsWith(unit)) ? chosen : null;
}

/** The spoken way of saying a body sent someone down (州里派下去的): written 州下派. */
const SPOKEN_SENT = /派(?:下去|下来|下)/gu;

/** English count nouns and the Chinese unit a figure of them is written in. */
const ENGLISH_UNITS: readonly [RegExp, string][] = [
  [/^(?:households?|families|family|homes?)$/u, '户'],
  [/^(?:sessions?|courses?|classes|rounds?)$/u, '期'],
  [/^(?:times|visits?)$/u, '次'],
];

/** The unit of "how many <noun>" in an English question, when the noun has one. */
function englishUnit(question: string): string | null {
  const m = /\bhow many ((?:[a-z-]+ ?){1,4})/iu.exec(question);
  if (!m) return null;
  for (const word of m[1]!.toLowerCase().split(/\s+/u)) {
    const unit = ENGLISH_UNITS.find(([re]) => re.test(word))?.[1];
    if (unit) return unit;
  }
  return null;
}

/** The levels that send cadres down, as English names them, and as the reports write the sending. */
const SENT_BY: readonly [RegExp, string][] = [
  [/^provinc/u, '省下派'],
  [/^prefectur/u, '州下派'],
  [/^count/u, '县下派'],
];

/**
 * The part of a group an English question asks about, when it is the members sent down by one
 * level ("how many of … were sent down by the prefecture" → 州下派); null otherwise.
 */
function englishPart(question: string): string | null {
  const m =
    /(?:\bhow many of\b|\bof (?:all )?(?:the|its|these|those)\b.{0,120}?\bhow many\b).{0,120}?\b(?:sent|dispatched|assigned|seconded|deployed)(?: down)? (?:by|from) (?:the )?([a-z]+)/iu.exec(
      question,
    );
  if (!m) return null;
  // (Several levels asked, "by the province, the prefecture and the county respectively": no one part.)
  const levels = question.match(/\b(?:provinc|prefectur|count(?:y|ies)\b|township)/giu) ?? [];
  if (levels.length > 1) return null;
  const level = m[1]!.toLowerCase();
  return SENT_BY.find(([re]) => re.test(level))?.[1] ?? null;
}

/** Words that hedge or time the asking (实际上, 大概, 目前), not name a part of the group. */
const HEDGES = /实际上?|其实|大概|大约|大致|差不多|目前|现在|如今|到底|究竟|具体/gu;

/**
 * The part of a group a question asks about (工作队员里面,州里下派的有几个 → 州下派): the words
 * between 里面/其中/当中 and the interrogative, without the 里/的 that only join them.
 */
export function askedPart(question: string): string | null {
  if (detectScript(question) === 'en') return englishPart(question);
  const hans = toSimplified(question);
  const m =
    /(?:里面|里头|当中|之中|其中|中间|[里中](?=[,，]))[,，]?([\p{Script=Han}]{2,12}?)(的?)(?:有|是|占)?(?:多少|几)/u.exec(
      hans,
    );
  if (!m) return null;
  let raw = m[1]!;
  let marked = m[2] === '的';
  // (The thing counted named after its part, 州里下派的队员有几个: the part is 州里下派的.)
  const of = raw.lastIndexOf('的');
  if (of > 0 && of < raw.length - 1) {
    raw = raw.slice(0, of + 1);
    marked = true;
  }
  // (The whole, 全县一共, is no part of it: words of totalling and 全县/全镇 go.)
  // (州一级 is 州: the level is how the asker names the body.)
  // (Nor are the asker's hedges, 实际一共, 大概: they qualify the asking, not the group.)
  let part = raw
    .replace(/[里的]/gu, '')
    .replace(new RegExp(TOTAL_WORDS.source, 'gu'), '')
    .replace(/一级/gu, '')
    .replace(HEDGES, '')
    // (Said the spoken way, 州里派下去的, the part is written 州下派.)
    .replace(SPOKEN_SENT, '下派');
  if (part.length < 2) return null;
  // A part of a group is a noun (女党员) or a phrase with 的 (县里下派的); a bare verb says what was done with the group
  // (牧民党员里面选树了多少户): no part is asked.
  const tags = jiebaInstance().tag(part.replace(/[了过着]$/u, ''));
  // (…的 makes even a verb a group: 县里下派的; so does a doer before the verb: 县里下派了.)
  const doer = tags.length >= 2 && /^(?:n|j|zg)/u.test(tags[0]!.tag) && /^v/u.test(tags.at(-1)!.tag);
  if (doer) part = part.replace(/[了过着]$/u, '');
  const last = tags.at(-1);
  const noun = marked || doer || (last !== undefined && /^(?:n|vn|j|a|b|m|q|f|s)/u.test(last.tag));
  return noun && !/[了过着]$/u.test(part) ? part : null;
}

const UNIT = '[个名位人户家所支条项期次]';
/** What may stand between a thing and its figure (党员共有…, 站点728个): words that state a figure. */
const FIGURE_LINK =
  /^(?:总数|人数|数量|总量|共|共有|一共|总共|有|达|达到|为|已达|已有|累计|总计|合计|增加|增加到|增至|超过|近|约|的|是|[:：\s])*$/u;

/**
 * Whether a sentence counts the thing asked itself, not a narrower group of it: 248名贫困党员
 * counts poor members, not 党员 (unless the question says 贫困 too). True when the sentence gives a
 * figure for `thing` with no qualifier between the figure and the word, or when every qualifier it
 * uses is in the question.
 */
/**
 * Whether a figure follows the thing with only words that state a figure between (党员总数6000名,
 * 站点728个; not 党员培训6期, which counts the training), and is no threshold (10人以下).
 */
export function figureAfter(sentence: string, thing: string): boolean {
  const esc = thing.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  return [
    ...toSimplified(sentence).matchAll(
      new RegExp(`${esc}([^，,；;。、]{0,6}?)(\\d+(?:\\.\\d+)?)(\\D{0,3})`, 'gu'),
    ),
  ].some((m) => FIGURE_LINK.test(m[1]!) && !/以下|以上|以内|以外/u.test(m[3]!));
}

export function countsThing(sentence: string, thing: string, question: string): boolean {
  if (figureAfter(sentence, thing)) return true;
  const before = figuresBefore(sentence, thing);
  return before.length === 0 || before.some((qualifier) => qualifierAsked(qualifier, question));
}

/** Whether a figure counts the thing itself: right after it, or before it with no qualifier the question lacks. */
export function countsThingItself(sentence: string, thing: string, question: string): boolean {
  return (
    figureAfter(sentence, thing) ||
    figuresBefore(sentence, thing).some((qualifier) => qualifierAsked(qualifier, question))
  );
}

/** The words between each figure before the thing and the thing (248名贫困党员 → 贫困; 65名党员 → ''). */
function figuresBefore(sentence: string, thing: string): string[] {
  const esc = thing.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const re = new RegExp(
    `\\d+(?:\\.\\d+)?(?:余|多)?(?:万|千|百)?${UNIT}?([\\p{Script=Han}]{0,6}?)${esc}`,
    'gu',
  );
  return [...toSimplified(sentence).matchAll(re)].map((m) => m[1]!);
}

const qualifierAsked = (qualifier: string, question: string) =>
  qualifier === '' || toSimplified(question).includes(qualifier);
