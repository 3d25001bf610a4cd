/**
 * Scores the engine on a JSONL evaluation set. Item fields are those of the evaluation spec
 * (`answer_any`, `answer_all`, `count`, `forbid`, `cite_articles`, `cite_only`, `needles`) and of the
 * older sets (`region` + `expect` + `forbid` for region summaries). Each item gets a "fully right"
 * verdict: every check that applies passes, the answer is not refused (unless the item is negative),
 * it is cited, its citations are verbatim and its markers resolve. Strings are compared after NFKC
 * and conversion to Simplified, ignoring case and white space.
 */
import { toSimplified } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import type { Citation, Engine } from './types.js';

export interface EvalItem {
  id: string;
  kind: string;
  lang?: string;
  question?: string;
  needles?: string[];
  answer_any?: string[];
  answer_all?: string[];
  count?: number;
  /** Strings the answer must not contain (a sibling entity's figure); for legacy region summaries, article labels. */
  forbid?: string[];
  cite_articles?: string[];
  cite_only?: string[];
  /** Legacy region summary: the region to summarise and labels its articles must carry. */
  region?: string;
  expect?: string[];
}

/** The per-item checks; null where the item does not ask for that check. */
export interface EvalChecks {
  answerAny: boolean | null;
  answerAll: boolean | null;
  count: boolean | null;
  forbid: boolean | null;
  citeArticles: boolean | null;
  citeOnly: boolean | null;
}

export interface EvalRow {
  id: string;
  kind: string;
  lang: string;
  recall: number | null;
  rr: number | null;
  /** answer_any satisfied (legacy name). */
  fact: boolean | null;
  /** Negative: refused. Answer-bearing: false when wrongly refused, else null. */
  refusedOk: boolean | null;
  /** Citations verbatim and markers resolving (and none on a refusal). */
  citationsOk: boolean;
  summaryOk: boolean | null;
  ms: number;
  note: string;
  refused: boolean;
  verbatim: boolean;
  markersResolve: boolean;
  checks: EvalChecks;
  /** answer_all members the answer lacks. */
  missing: string[];
  /** forbid strings the answer contains. */
  forbidden: string[];
  /** A forbid string in an answer that was not refused: a confident wrong-entity answer. */
  wrongEntity: boolean;
  fullyRight: boolean;
}

const STRING_LISTS = [
  'needles',
  'answer_any',
  'answer_all',
  'forbid',
  'cite_articles',
  'cite_only',
  'expect',
];

export function parseEvalFile(text: string): { items: EvalItem[]; errors: string[] } {
  const items: EvalItem[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const item = JSON.parse(line) as EvalItem;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error('not an object');
      if (typeof item.id !== 'string' || typeof item.kind !== 'string')
        throw new Error('needs "id" and "kind"');
      if (ids.has(item.id)) throw new Error(`duplicate id "${item.id}"`);
      const legacySummary = typeof item.question !== 'string' && typeof item.region === 'string';
      if (typeof item.question !== 'string' && !legacySummary)
        throw new Error(
          item.kind === 'summary' ? 'summary item needs "question" or "region"' : 'needs "question"',
        );
      for (const field of STRING_LISTS) {
        const v = (item as unknown as Record<string, unknown>)[field];
        if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string')))
          throw new Error(`"${field}" must be a list of strings`);
      }
      if (item.count !== undefined && !(Number.isInteger(item.count) && item.count > 0))
        throw new Error('"count" must be a positive integer');
      ids.add(item.id);
      items.push(item);
    } catch (err) {
      errors.push(`line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return { items, errors };
}

/** The form strings are compared in: NFKC, Simplified, lower case, no white space. */
export const comparable = (s: string): string =>
  toSimplified(s.normalize('NFKC')).toLowerCase().replace(/\s+/g, '');

type CitationLike = Pick<Citation, 'n' | 'articleId' | 'text' | 'start' | 'end'>;

/** Every citation quotes its article verbatim at its offsets. */
export function citationsVerbatim(
  citations: readonly CitationLike[],
  articles: Map<string, ArticleRecord>,
): boolean {
  return citations.every(
    (c) => c.text.length > 0 && articles.get(c.articleId)?.text.slice(c.start, c.end) === c.text,
  );
}

/** Every `[n]` marker in the text names a citation. */
export function markersResolve(text: string, citations: readonly CitationLike[]): boolean {
  const ns = new Set(citations.map((c) => c.n));
  return [...text.matchAll(/\[(\d+)\]/g)].every((m) => ns.has(Number(m[1])));
}

/** Citations quote the article verbatim at their offsets, and every marker resolves. */
export function citationsValid(
  answer: string,
  citations: readonly CitationLike[],
  articles: Map<string, ArticleRecord>,
): boolean {
  return markersResolve(answer, citations) && citationsVerbatim(citations, articles);
}

const LIST_ITEM =
  /^\s*(?:\d{1,2}\s*[.、．)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是]|[①-⑳]|[-•*·●▪])/;
const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** How many list items (numbered or bulleted lines) the answer has. */
export function listItemCount(answer: string): number {
  return answer.split('\n').filter((line) => LIST_ITEM.test(line)).length;
}

/** The answer says how many members there are: "三项", "4个", "five measures". */
export function statesCount(answer: string, count: number): boolean {
  const text = answer.normalize('NFKC');
  const measure = '(?:项|个|条|点|方面|种|类|件|大|步|措施)';
  if (new RegExp(`(?<![0-9])${count}\\s*${measure}`).test(text)) return true;
  const zh = ZH_NUMERALS[count];
  if (zh && new RegExp(`${zh}${measure}`).test(text)) return true;
  const en = EN_NUMBERS[count];
  return Boolean(
    en &&
    new RegExp(
      `\\b(?:${en}|${count})\\s+(?:\\w+\\s+)?(?:items?|measures?|points?|members?|parts?|steps?|things?)\\b`,
      'i',
    ).test(text),
  );
}

/** What an answer is scored on: the fields of an AskResult that matter here. */
export interface ScoredAnswer {
  answer: string;
  refused: boolean;
  citations: CitationLike[];
  retrieved?: { text: string }[];
}

/** Scores one answer against one item (no engine involved: usable on hand-made answers). */
export function scoreAnswer(
  item: EvalItem,
  r: ScoredAnswer,
  articles: Map<string, ArticleRecord>,
  k = 5,
): Omit<EvalRow, 'ms' | 'note' | 'summaryOk'> {
  const lang = item.lang ?? 'zh-Hans';
  const isNegative = item.kind === 'negative';
  const answer = comparable(r.answer);
  const has = (s: string) => answer.includes(comparable(s));

  const top = (r.retrieved ?? []).slice(0, k).map((p) => comparable(p.text));
  const needles = (item.needles ?? []).map(comparable);
  let recall: number | null = null;
  let rr: number | null = null;
  if (!isNegative && needles.length > 0) {
    recall = needles.every((n) => top.some((t) => t.includes(n))) ? 1 : 0;
    const first = top.findIndex((t) => needles.some((n) => t.includes(n)));
    rr = first === -1 ? 0 : 1 / (first + 1);
  }

  const cited = new Set(r.citations.map((c) => c.articleId));
  const missing = isNegative ? [] : (item.answer_all ?? []).filter((s) => !has(s));
  const forbidden = isNegative ? [] : (item.forbid ?? []).filter((s) => has(s));
  const applies = <T>(v: T[] | undefined) => !isNegative && v !== undefined && v.length > 0;
  const checks: EvalChecks = {
    answerAny: applies(item.answer_any) ? !r.refused && item.answer_any!.some(has) : null,
    answerAll: applies(item.answer_all) ? !r.refused && missing.length === 0 : null,
    count:
      !isNegative && item.count !== undefined
        ? !r.refused && (listItemCount(r.answer) === item.count || statesCount(r.answer, item.count))
        : null,
    forbid: applies(item.forbid) ? forbidden.length === 0 : null,
    citeArticles: applies(item.cite_articles) ? item.cite_articles!.every((id) => cited.has(id)) : null,
    citeOnly: applies(item.cite_only)
      ? r.citations.length > 0 && r.citations.every((c) => item.cite_only!.includes(c.articleId))
      : null,
  };
  const verbatim = citationsVerbatim(r.citations, articles);
  const resolve = markersResolve(r.answer, r.citations);
  const citationsOk = verbatim && resolve && (r.refused ? r.citations.length === 0 : true);
  const wrongEntity = !r.refused && forbidden.length > 0;
  const fullyRight = isNegative
    ? r.refused && r.citations.length === 0
    : !r.refused && r.citations.length > 0 && citationsOk && Object.values(checks).every((c) => c !== false);
  return {
    id: item.id,
    kind: item.kind,
    lang,
    recall,
    rr,
    fact: checks.answerAny,
    refusedOk: isNegative ? r.refused : r.refused ? false : null,
    citationsOk,
    refused: r.refused,
    verbatim,
    markersResolve: resolve,
    checks,
    missing,
    forbidden,
    wrongEntity,
    fullyRight,
  };
}

const NO_CHECKS: EvalChecks = {
  answerAny: null,
  answerAll: null,
  count: null,
  forbid: null,
  citeArticles: null,
  citeOnly: null,
};

export async function evaluate(
  engine: Engine,
  items: EvalItem[],
  articles: ArticleRecord[],
  k = 5,
): Promise<EvalRow[]> {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const rows: EvalRow[] = [];
  for (const item of items) {
    const t0 = performance.now();
    if (typeof item.question !== 'string') {
      // Legacy region summary: the summarised articles must carry `expect` and none of `forbid`.
      const s = await engine.summarize(item.region!);
      const labels = s.articles.map((a) => {
        const full = byId.get(a.articleId);
        return comparable([a.title, ...a.region, ...(full?.subRegions.flat() ?? [])].join(' '));
      });
      const expectOk = (item.expect ?? []).every((e) => labels.some((l) => l.includes(comparable(e))));
      const forbidOk = (item.forbid ?? []).every((f) => !labels.some((l) => l.includes(comparable(f))));
      const verbatim = citationsVerbatim(s.citations, byId);
      const resolve = markersResolve(s.summary, s.citations);
      const summaryOk = !s.refused && expectOk && forbidOk;
      rows.push({
        id: item.id,
        kind: item.kind,
        lang: item.lang ?? 'zh-Hans',
        recall: null,
        rr: null,
        fact: null,
        refusedOk: s.refused ? false : null,
        citationsOk: verbatim && resolve,
        summaryOk,
        ms: performance.now() - t0,
        note: s.refused ? 'refused' : `${s.articles.length} article(s)`,
        refused: s.refused,
        verbatim,
        markersResolve: resolve,
        checks: NO_CHECKS,
        missing: [],
        forbidden: [],
        wrongEntity: false,
        fullyRight: summaryOk && verbatim && resolve && s.citations.length > 0,
      });
      continue;
    }
    const r = await engine.ask(item.question, { k });
    const scored = scoreAnswer(item, r, byId, k);
    const problems = [
      ...scored.missing.map((m) => `missing ${m}`),
      ...scored.forbidden.map((f) => `forbidden ${f}`),
      ...(scored.checks.count === false ? [`count ≠ ${item.count}`] : []),
      ...(scored.checks.citeArticles === false ? ['uncited place'] : []),
      ...(scored.checks.citeOnly === false ? ['cites elsewhere'] : []),
      ...(scored.checks.answerAny === false ? ['no expected fact'] : []),
    ];
    rows.push({
      ...scored,
      summaryOk: null,
      ms: performance.now() - t0,
      note: [r.refused ? 'refused' : r.mode, ...problems].join('; '),
    });
  }
  return rows;
}

export interface EvalFigures {
  group: string;
  items: number;
  recallAt5: number | null;
  mrr: number | null;
  answerHasFact: number | null;
  negativesRefused: string;
  falseRefusals: number;
  citationsOk: string;
  summaries: string;
  /** Items fully right, as "right/items". */
  fullyRight: string;
  fullyRightRate: number | null;
  /** Among answer-bearing (non-negative) items. */
  answerBearingRight: string;
  citationsVerbatim: string;
  markersResolve: string;
  /** Confident wrong-entity answers: a `forbid` string in an answer that was not refused. */
  wrongEntity: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const ratio = (rows: EvalRow[], f: (r: EvalRow) => boolean) => `${rows.filter(f).length}/${rows.length}`;

export function aggregate(rows: EvalRow[], group: string): EvalFigures {
  const num = (f: (r: EvalRow) => number | null) => rows.map(f).filter((x): x is number => x !== null);
  const facts = rows.map((r) => r.fact).filter((x): x is boolean => x !== null);
  const negatives = rows.filter((r) => r.kind === 'negative');
  const legacySummaries = rows.filter((r) => r.summaryOk !== null);
  const bearing = rows.filter((r) => r.kind !== 'negative');
  return {
    group,
    items: rows.length,
    recallAt5: mean(num((r) => r.recall)),
    mrr: mean(num((r) => r.rr)),
    answerHasFact: facts.length ? facts.filter(Boolean).length / facts.length : null,
    negativesRefused: ratio(negatives, (r) => r.refusedOk === true),
    falseRefusals: bearing.filter((r) => r.refused).length,
    citationsOk: ratio(rows, (r) => r.citationsOk),
    summaries: ratio(legacySummaries, (r) => r.summaryOk === true),
    fullyRight: ratio(rows, (r) => r.fullyRight),
    fullyRightRate: rows.length ? rows.filter((r) => r.fullyRight).length / rows.length : null,
    answerBearingRight: ratio(bearing, (r) => r.fullyRight),
    citationsVerbatim: ratio(rows, (r) => r.verbatim),
    markersResolve: ratio(rows, (r) => r.markersResolve),
    wrongEntity: rows.filter((r) => r.wrongEntity).length,
  };
}

/** Figures for the whole set, then per kind (intent), then per language. */
export function figuresOf(rows: EvalRow[]): EvalFigures[] {
  const groups = (key: (r: EvalRow) => string) => [...new Set(rows.map(key))].sort();
  return [
    aggregate(rows, 'all'),
    ...groups((r) => r.kind).map((kind) =>
      aggregate(
        rows.filter((r) => r.kind === kind),
        `kind:${kind}`,
      ),
    ),
    ...groups((r) => r.lang).map((lang) =>
      aggregate(
        rows.filter((r) => r.lang === lang),
        `lang:${lang}`,
      ),
    ),
  ];
}
