/**
 * "Which are the N …" questions: the members of the list the question names, from the article
 * structure found at ingest, every member numbered and cited. Without a named list, the inline
 * series (A、B、C等…) of the best evidence sentence.
 */
import { bare } from '../../ingest/structure.js';
import { lookupEnglish } from '../../text/dictionary.js';
import { FUNCTION_WORDS, stemmedWords } from '../../text/english.js';
import { glossaryTerms } from '../../text/glossary.js';
import { toSimplified } from '../../text/script.js';
import { askedCount, quotedTerms } from './classify.js';
import { GENERIC_WORDS } from './table.js';
import type { ArticleList, ArticleRecord, ListKind, TextSpan } from '../../types.js';
import { targetsAsked } from '../attribution.js';
import { breakdownAfter } from '../breakdown.js';
import { under } from '../snapshot.js';
import { answerStrings as S } from '../strings/answers.js';
import { CitationList, inScript, scopedArticles, type Composer, type IntentContext } from './context.js';

const KIND_RANK: Record<ListKind, number> = {
  headings: 0,
  ordinal: 0,
  paren: 0,
  numeric: 0,
  quoted: 1,
  series: 2,
};
const MIN_COVERAGE = 0.34;
/** How much more an asked word right after a series counts (it names the series: “…”议事原则). */
const NAMED_AFTER = 3;

interface Found {
  article: ArticleRecord;
  list: ArticleList;
}

/** How well a list answers a name: 2 same name, 1 one name inside the other, 0 not at all. */
function nameMatch(list: ArticleList, asked: string): number {
  const name = list.name ? bare(list.name) : '';
  const a = bare(asked);
  if (name && name === a) return 2;
  if (name.length >= 2 && (a.includes(name) || name.includes(a))) return 1;
  // An unnamed list is asked for by its lead (抓责任落实 → 一是…二是…).
  if (list.lead && a.length >= 3 && toSimplified(list.lead.text).includes(a)) return 1;
  return 0;
}

/** The lists of the articles that answer the question's name (best first). */
export function findLists(articles: ArticleRecord[], asked: string, count: number | null): Found[] {
  const found: (Found & { score: number })[] = [];
  for (const article of articles) {
    for (const list of article.structure?.lists ?? []) {
      const match = nameMatch(list, asked);
      if (match === 0) continue;
      const score =
        match * 10 +
        (count !== null && list.members.length === count ? 5 : 0) -
        KIND_RANK[list.kind] +
        list.members.length / 100;
      found.push({ article, list, score });
    }
  }
  return found.sort((a, b) => b.score - a.score);
}

/** A 、-series in one clause of a sentence (社区党建、阵地建设、村级集体经济等方面): its items as spans. */
export function seriesIn(span: TextSpan): TextSpan[] {
  return allSeriesIn(span).sort((a, b) => b.length - a.length)[0] ?? [];
}

/** A tail this long, shared by every item of a series, is the kind of thing listed, not a member's name. */
const SHARED_TAIL = 4;
/** Verbs that open a clause of such a series (抓实…、…、…). */
const LEADING_VERB = /^(?:抓实|抓好|抓住|落实|建立|制定|实行|推行|完善|健全|明确)/u;
/** How long the heads of such items may be (县委非公有制经济组织和社会组织工委书记). */
const SHARED_TAIL_HEAD = 24;

function sharedTail(texts: string[]): string {
  if (texts.length < 2) return '';
  let n = 0;
  const first = texts[0]!;
  while (
    n < first.length &&
    texts.every((t) => t.length > n && t[t.length - 1 - n] === first[first.length - 1 - n])
  )
    n++;
  return first.slice(first.length - n);
}

const escapeRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const balanced = (x: string) => (x.match(/[(（“]/gu)?.length ?? 0) === (x.match(/[)）”]/gu)?.length ?? 0);

/** Items of a run split at 、, `offset` being where the run starts in the sentence span. */
function splitItems(run: string, offset: number): TextSpan[] {
  const items: TextSpan[] = [];
  let at = 0;
  for (const piece of run.split('、')) {
    items.push({ text: piece, start: offset + at, end: offset + at + piece.length });
    at += piece.length + 1;
  }
  return items;
}

/**
 * Every 、-series of a sentence: one per clause, and the series in brackets after counted nouns
 * (贯通两市(满洲里市、额尔古纳市)三旗(陈巴尔虎旗、新左旗、新右旗): five items), each as spans.
 */
export function allSeriesIn(span: TextSpan): TextSpan[][] {
  const out: TextSpan[][] = [];
  let from = 0;
  const text = span.text;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !/[，,；;。：:！？]/u.test(text[i]!)) continue;
    const clause = text.slice(from, i);
    const bracketed = [...clause.matchAll(/[(（]([^()（）]*、[^()（）]*)[)）]/gu)].flatMap((m) =>
      splitItems(m[1]!, span.start + from + m.index + 1),
    );
    if (bracketed.length >= 2 && bracketed.every((x) => x.text.length >= 2 && x.text.length <= 16))
      out.push(bracketed);
    // A run of quoted items (“平安村组”、“平安家庭”、“平安校园”等为主题的…): the quotes bound the series.
    for (const m of clause.matchAll(/[“「][^“”「」]{1,16}[”」](?:、[“「][^“”「」]{1,16}[”」])+/gu)) {
      const at = span.start + from + m.index;
      out.push(
        [...m[0].matchAll(/[“「]([^“”「」]+)[”」]/gu)].map((q) => ({
          text: q[1]!,
          start: at + q.index + 1,
          end: at + q.index + 1 + q[1]!.length,
        })),
      );
    }
    if ((clause.match(/、/gu)?.length ?? 0) >= 1) {
      const items = splitItems(clause, span.start + from);
      // The first item carries the clause's verb (列出了社区党建), the last its tail (村级集体经济等方面的…).
      const first = items[0]!;
      const verb = /^.*(?:了|包括|包含|涵盖|有|是|为|对|把|将|在|从|做好|推进|开展|实行|由)/u.exec(
        first.text,
      );
      if (verb && first.text.length - verb[0].length >= 1) {
        items[0] = {
          text: first.text.slice(verb[0].length),
          start: first.start + verb[0].length,
          end: first.end,
        };
      }
      // In a series of quoted items (以创建“平安村组”、“平安家庭”…), the first starts at its quote.
      const head = items[0]!;
      const quote = Math.max(head.text.lastIndexOf('“'), head.text.lastIndexOf('「'));
      if (quote > 0 && items.slice(1).every((x) => /^[“「]/u.test(x.text)))
        items[0] = { text: head.text.slice(quote), start: head.start + quote, end: head.end };
      // (向杨善洲: the preposition that governs the series is no part of its first item.)
      const bareFirst = /^[向对与和跟同以]/u.exec(items[0]!.text);
      if (bareFirst && items[0]!.text.length > 2)
        items[0] = { text: items[0]!.text.slice(1), start: items[0]!.start + 1, end: items[0]!.end };
      const last = items.at(-1)!;
      // (…为龙头, …为主题: what the series is made, not part of its last item.)
      // (Matched in Simplified, which keeps the length: 為龍頭 is 为龙头.)
      const lastHans = toSimplified(last.text.slice(1));
      // Items that share a long tail (…抓基层党建工作责任清单) are told apart by their heads; the last
      // may join two with 和 (…责任清单和乡(镇)党委组织委员抓…责任清单): it is split there, not cut.
      const shared = sharedTail(items.slice(0, -1).map((x) => x.text));
      const joined =
        shared.length >= SHARED_TAIL && items.length >= 3
          ? new RegExp(`^(.+?${escapeRe(shared)})(?:和|及|以及)(.+?${escapeRe(shared)})`, 'u').exec(last.text)
          : null;
      const tail = joined
        ? null
        : /(?:[”」]|等|和|及|的|为(?:龙头|主题|重点|核心|主体|抓手)).*$/u.exec(
            lastHans.length === last.text.length - 1 ? lastHans : last.text.slice(1),
          );
      // (Their first carries the clause's verb, 抓实县委常委班子成员…: a verb the others lack.)
      const clauseVerb = shared.length >= SHARED_TAIL ? LEADING_VERB.exec(items[0]!.text) : null;
      if (clauseVerb && !items[1]!.text.startsWith(clauseVerb[0])) {
        const n = clauseVerb[0].length;
        items[0] = { text: items[0]!.text.slice(n), start: items[0]!.start + n, end: items[0]!.end };
      }
      if (joined) {
        const second = last.start + last.text.indexOf(joined[2]!, joined[1]!.length);
        items.splice(
          items.length - 1,
          1,
          { text: joined[1]!, start: last.start, end: last.start + joined[1]!.length },
          { text: joined[2]!, start: second, end: second + joined[2]!.length },
        );
      } else if (tail) {
        const cut = last.text.length - tail[0].length;
        items[items.length - 1] = { text: last.text.slice(0, cut), start: last.start, end: last.start + cut };
      }
      // A series inside quotation marks (“地、军、警、边、企、研”): the marks are not part of the items.
      for (const [k, x] of items.entries()) {
        const lead = /^[“「]/u.test(x.text) ? 1 : 0;
        const trail = /[”」]$/u.test(x.text) ? 1 : 0;
        items[k] = {
          text: x.text.slice(lead, x.text.length - trail),
          start: x.start + lead,
          end: x.end - trail,
        };
      }
      // Single characters are items only in a long series of them (地、军、警、边、企、研).
      const minLength = items.every((x) => [...x.text].length === 1) && items.length >= 4 ? 1 : 2;
      const tailLength =
        shared.length >= SHARED_TAIL && items.every((x) => x.text.endsWith(shared)) ? shared.length : 0;
      const ok = items.every(
        (x) =>
          x.text.length >= minLength &&
          x.text.length - tailLength <= (tailLength > 0 ? SHARED_TAIL_HEAD : 16) &&
          balanced(x.text),
      );
      if (ok && items.length >= 2) out.push(items);
    }
    from = i + 1;
  }
  return out;
}

const SHORT_MEMBER = 12;
const MAX_DETAIL = 60;

/**
 * A member named in a few characters (“党员+”) is explained by the sentence after it, up to the next
 * member: its leading clauses, a verbatim span.
 */
function detailOf(article: ArticleRecord, member: TextSpan, next: TextSpan | undefined): TextSpan | null {
  if (member.text.replace(/[“”「」]/gu, '').length > SHORT_MEMBER) return null;
  const text = article.text;
  let start = member.end;
  while (start < text.length && /[。；;，,：:\s”」]/u.test(text[start]!) && text[start] !== '\n') start++;
  const lineEnd = text.indexOf('\n', start);
  const limit = Math.min(lineEnd === -1 ? text.length : lineEnd, next ? next.start - 2 : text.length);
  let end = start;
  while (end < limit && !/[。；;！？]/u.test(text[end]!)) end++;
  if (end - start < 4) return null;
  if (end - start > MAX_DETAIL) {
    let cut = start;
    // Cut at a comma outside quotation marks and brackets, so the quote stays balanced.
    let depth = 0;
    for (let i = start; i < start + MAX_DETAIL; i++) {
      if (/[“「（(《]/u.test(text[i]!)) depth++;
      else if (/[”」）)》]/u.test(text[i]!)) depth = Math.max(0, depth - 1);
      else if (depth === 0 && /[，,]/u.test(text[i]!)) cut = i;
    }
    if (cut <= start + 8) return null;
    end = cut;
  } else if (end < limit) end++;
  return { text: text.slice(start, end), start, end };
}

/**
 * Whose list it is: the place asked that the article is about, else the article's own place (a town
 * named only in an organisation's name, 关累 of 关累港口联合工作委员会, owns none of the article's lists).
 */
function listOwner(ctx: IntentContext, article: ArticleRecord): string {
  const target = targetsAsked(ctx.scope, ctx.question).find(
    (t) => under(article.region, t.path) || under(t.path, article.region),
  );
  return target?.name ?? article.region.at(-1) ?? article.title;
}

function render(
  ctx: IntentContext,
  article: ArticleRecord,
  list: ArticleList | null,
  members: TextSpan[],
  cites = new CitationList(ctx.script),
): { lines: string[]; cites: CitationList } {
  const { script, intent } = ctx;
  const subject = inScript(listOwner(ctx, article), script);
  const lines = [
    list?.name
      ? S.t(script, 'listLead', subject, inScript(bare(list.name), script), members.length)
      : S.t(script, 'listLeadUnnamed', subject, members.length),
  ];
  if (intent.count !== null && intent.count !== members.length)
    lines.push(S.t(script, 'listCountDiffers', intent.count, members.length));
  members.forEach((m, i) => {
    const detail = list?.kind === 'ordinal' ? detailOf(article, m, members[i + 1]) : null;
    const sep = ctx.script === 'en' ? ': ' : '：';
    lines.push(
      `${i + 1}. ${cites.quote(article, m, { item: true })}${detail ? `${sep}${cites.quote(article, detail)}` : ''}`,
    );
  });
  return { lines, cites };
}

/**
 * Lists asked for without their Chinese name ("the five border actions", "the “four projects”"):
 * those with the count asked whose name holds a word the question translates to.
 */
/** A count this large, matched exactly by a series, names it without other words. */
const MIN_TELLING_COUNT = 3;
/** Senses kept per English word when matching a list's name. */
const NAME_SENSES = 12;

/**
 * More dictionary senses of an English question's words than a search can use ("projects" → 项目
 * … 工程): a list's name is short and must also have the count asked, so a looser sense is safe.
 */
function nameSenses(question: string): string[] {
  return stemmedWords(question)
    .filter((w) => /[a-z]/u.test(w) && w.length > 2 && !FUNCTION_WORDS.has(w))
    .flatMap((w) =>
      lookupEnglish(w)
        .filter((c) => [...c].length >= 2)
        .slice(0, NAME_SENSES),
    );
}

/** English number words as a slogan writes them (百千万 is "hundred, thousand, ten thousand"). */
const NUMERAL_CHARACTERS: [RegExp, string][] = [
  [/\bten[- ]thousands?\b/gu, '万'],
  [/\bhundreds?\b/gu, '百'],
  [/\bthousands?\b/gu, '千'],
  [/\bone\b/gu, '一'],
  [/\btwo\b/gu, '两'],
  [/\bthree\b/gu, '三'],
  [/\bfour\b/gu, '四'],
  [/\bfive\b/gu, '五'],
  [/\bsix\b/gu, '六'],
  [/\bten\b/gu, '十'],
];

/** The numeral characters an English question's number words write, in no particular order. */
function numeralCharacters(question: string): string[] {
  let rest = question.toLowerCase();
  const out: string[] = [];
  for (const [re, ch] of NUMERAL_CHARACTERS)
    rest = rest.replace(re, () => {
      out.push(ch);
      return ' ';
    });
  return [...new Set(out)];
}

function findByCount(
  articles: ArticleRecord[],
  question: string,
  count: number | null,
  mustName = false,
  englishName: string | null = null,
): Found | null {
  const terms = [...glossaryTerms(question), ...nameSenses(question)];
  // (Only the name's own number words: "the three parts of" counts members, it names nothing.)
  const numerals = englishName ? numeralCharacters(englishName) : [];
  const found: (Found & { score: number })[] = [];
  for (const article of articles) {
    for (const list of article.structure?.lists ?? []) {
      const name = list.name ? bare(list.name) : '';
      const counted = count !== null && list.members.length === count;
      const named =
        name !== '' &&
        (terms.some((t) => [...t].length >= 1 && name.includes(t)) ||
          (numerals.length >= 2 && numerals.every((n) => name.includes(n))));
      // (No count asked: the name alone, by its number words or a word of two characters, picks the list.)
      const namedWhole =
        count === null &&
        name !== '' &&
        ((numerals.length >= 2 && numerals.every((n) => name.includes(n))) ||
          terms.some((t) => [...t].length >= 2 && name.includes(t)));
      if ((!counted && !namedWhole) || (!named && (!name || mustName))) continue;
      found.push({ article, list, score: (named ? 5 : 0) + (name ? 2 : 0) - KIND_RANK[list.kind] });
    }
  }
  return found.sort((a, b) => b.score - a.score)[0] ?? null;
}

function answerWith(ctx: IntentContext, article: ArticleRecord, list: ArticleList, members: TextSpan[]) {
  const { lines, cites } = render(ctx, article, list, members);
  return { answer: lines.join('\n'), citations: cites.citations };
}

/**
 * Two or more quoted names that are each an article's list (勐腊的「三抓三提」和凤庆的「三抓三强化」):
 * each list in turn, one set of citations. Null unless at least two are found.
 */
export function composeSeveral(ctx: IntentContext, articles: ArticleRecord[] = scopedArticles(ctx)) {
  const found = quotedTerms(toSimplified(ctx.question))
    .map((name) => findLists(articles, name, null)[0])
    .filter((f): f is Found => f !== undefined)
    .filter((f, i, all) => all.findIndex((g) => g.list === f.list) === i);
  if (found.length < 2) return null;
  const cites = new CitationList(ctx.script);
  const lines = found.flatMap((f) => render(ctx, f.article, f.list, f.list.members, cites).lines);
  return { answer: lines.join('\n'), citations: cites.citations };
}

export const composeList: Composer = (ctx) => {
  const { intent, evidence } = ctx;
  const articles = scopedArticles(ctx);
  const several = composeSeveral(ctx, articles);
  if (several) return several;
  let name = intent.listName;
  let englishName: string | null = null;
  // An English name is not the article's: go by the count it carries and the words it translates to.
  if (name && /[A-Za-z]/u.test(name) && !/\p{Script=Han}/u.test(name)) {
    englishName = name;
    const count = intent.count ?? askedCount(`the ${name}`);
    // (The name must match: a list that merely has the count, 五边行动 for "Five Togethers", does not.)
    const best = findByCount(articles, `${ctx.question} ${name}`, count, true, name);
    if (best) return answerWith(ctx, best.article, best.list, best.list.members);
    name = null;
  }
  if (!name && intent.count !== null) {
    // (A count alone does not name a list: "which two cities and three banners" is no 五边行动.)
    const best = findByCount(articles, ctx.question, intent.count, true);
    if (best) return answerWith(ctx, best.article, best.list, best.list.members);
  }
  if (name) {
    const best = findLists(articles, name, intent.count)[0];
    if (best) {
      const { lines, cites } = render(ctx, best.article, best.list, best.list.members);
      return { answer: lines.join('\n'), citations: cites.citations };
    }
  }
  // No named list: the series in the best evidence sentence, when the sentence answers at all.
  if (intent.kind !== 'list') return null;
  // (The best-scored sentence may be an overview that only touches the question, 凤庆县通过抓责任落实…;
  // the first of the top three that carries the question is the best evidence then.)
  const top = evidence.ranked.slice(0, 3).find((c) => c.coverage >= MIN_COVERAGE);
  if (!top) return null;
  // The clause must name what is asked (…等方面的问题清单 for 哪些问题清单), outside the items themselves.
  const asked = name
    ? [bare(name)]
    : evidence.evidenceTerms.filter((t) => [...t].length >= 2 && !GENERIC_WORDS.has(t));
  if (asked.length === 0) return null;
  const carriedWords = name
    ? [bare(name)]
    : englishName
      ? glossaryTerms(englishName, evidence.isKnown).filter((t) => [...t].length >= 2)
      : [];
  // The series of the count asked, when a sentence has one; else the longest of the best sentence.
  // (A sentence's breakdown right after it, 其中,省下派8名、州下派56名…, lists its parts.)
  const breakdown = (c: (typeof evidence.ranked)[number]) => {
    const article = ctx.snapshot.byId.get(c.articleId);
    const part = article ? breakdownAfter(article, c) : null;
    if (part) breakdowns.add(part);
    return part ? [part] : [];
  };
  const breakdowns = new Set<(typeof evidence.ranked)[number]>();
  const series = evidence.ranked
    .slice(0, 3)
    .flatMap((c) => [c, ...breakdown(c)])
    .flatMap((c) =>
      allSeriesIn({ text: c.text, start: c.start, end: c.end }).map((members) => ({ c, members })),
    );
  // Then the series whose clause says most of what is asked, weighed; most of all the one the asked
  // words name right after it (“大事共议、…急事共商”议事原则 for 议事原则有哪几条).
  const asks = (x: (typeof series)[number]) => {
    const after = toSimplified(x.c.text.slice(x.members.at(-1)!.end - x.c.start)).replace(/^[”"」』]/u, '');
    const clause = toSimplified(x.c.text.slice(0, x.members[0]!.start - x.c.start))
      .split(/[，,；;。：:]/u)
      .at(-1)!;
    const around = clause + after.split(/[，,；;。：:]/u)[0]!;
    return asked.reduce(
      (sum, t) =>
        sum +
        (around.includes(t) ? evidence.weight(t) : 0) +
        (after.startsWith(t) ? NAMED_AFTER * evidence.weight(t) : 0),
      0,
    );
  };
  const byAsked = [...series].sort((a, b) => asks(b) - asks(a));
  const ordered = [
    ...byAsked.filter((x) => intent.count !== null && x.members.length === intent.count),
    ...byAsked.filter((x) => intent.count === null || x.members.length !== intent.count),
  ];
  for (const { c, members } of ordered) {
    const from = c.text.slice(0, members[0]!.start - c.start).search(/[^，,；;。：:！？]*$/u);
    const tail = c.text.slice(members.at(-1)!.end - c.start);
    const clauseEnd = tail.search(/[，,；;。：:！？]/u);
    const around = toSimplified(
      c.text.slice(from, members[0]!.start - c.start) + (clauseEnd === -1 ? tail : tail.slice(0, clauseEnd)),
    );
    // A counted name (两市三旗) is written around its members: 两市(…)三旗(…).
    const clause = toSimplified(c.text.slice(from, members.at(-1)!.end - c.start + Math.max(0, clauseEnd)));
    const counted = (t: string) => {
      const pieces = t.match(/[一二两三四五六七八九十\d]+\p{Script=Han}/gu) ?? [];
      return pieces.length >= 2 && pieces.every((p) => clause.includes(p));
    };
    // (A series of exactly the count asked, in the best sentence, answers without naming the asked
    // words around it: an English question's words reach the text only through the dictionary. A
    // count of three or more is specific enough to hold in any of the top sentences.)
    // (Not when the question names the list: then the series must be around its name.)
    const exact =
      intent.count !== null &&
      members.length === intent.count &&
      (c === top || (name === null && intent.count >= MIN_TELLING_COUNT));
    // (A quoted word that every member carries, 「平安」 of 平安村组、平安家庭、平安校园, names them;
    // so does an English one through its senses, "safe …" → 平安.)
    // (So does an asked word every member ends on: 哪几类责任清单 of …书记抓基层党建工作责任清单、….)
    const carried =
      members.length >= 2 &&
      (carriedWords.some((w) => members.every((m) => toSimplified(m.text).includes(w))) ||
        asked.some((w) => [...w].length >= 2 && members.every((m) => toSimplified(m.text).endsWith(w))));
    // (A breakdown is named by the sentence it breaks down, which the question's words found.)
    if (!exact && !carried && !breakdowns.has(c) && !asked.some((t) => around.includes(t) || counted(t)))
      continue;
    if (intent.count !== null && members.length !== intent.count && c !== top) continue;
    const article = ctx.snapshot.byId.get(c.articleId)!;
    const { lines, cites } = render(ctx, article, null, members);
    // The whole sentence too, so the list is read in its context.
    lines.push(
      `${S.t(ctx.script, 'evidenceLead')}${cites.quote(article, { text: c.text, start: c.start, end: c.end })}`,
    );
    return { answer: lines.join('\n'), citations: cites.citations };
  }
  return null;
};
