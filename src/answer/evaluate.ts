/**
 * Scores the engine on a JSONL evaluation set (fields of ../shared/eval/dev.jsonl): recall@5 and
 * MRR of the needles in the retrieved passages, answer-has-fact, refusal of negative items,
 * verbatim citations and resolving markers, and the articles of summary items.
 */
import { toSimplified } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import type { Engine } from './types.js';

export interface EvalItem {
  id: string;
  kind: 'fact' | 'crosslingual' | 'negative' | 'summary' | string;
  lang?: string;
  question?: string;
  needles?: string[];
  answer_any?: string[];
  region?: string;
  expect?: string[];
  forbid?: string[];
}

export interface EvalRow {
  id: string;
  kind: string;
  lang: string;
  recall: number | null;
  rr: number | null;
  fact: boolean | null;
  refusedOk: boolean | null;
  citationsOk: boolean;
  summaryOk: boolean | null;
  ms: number;
  note: string;
}

export function parseEvalFile(text: string): { items: EvalItem[]; errors: string[] } {
  const items: EvalItem[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const item = JSON.parse(line) as EvalItem;
      if (typeof item.id !== 'string' || typeof item.kind !== 'string')
        throw new Error('needs "id" and "kind"');
      if (item.kind === 'summary' ? typeof item.region !== 'string' : typeof item.question !== 'string')
        throw new Error(item.kind === 'summary' ? 'summary item needs "region"' : 'needs "question"');
      items.push(item);
    } catch (err) {
      errors.push(`line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return { items, errors };
}

const hans = (s: string) => toSimplified(s).replace(/\s+/g, '');

/** Citations quote the article verbatim at their offsets, and every marker resolves. */
export function citationsValid(
  answer: string,
  citations: { n: number; articleId: string; text: string; start: number; end: number }[],
  articles: Map<string, ArticleRecord>,
): boolean {
  const ns = new Set(citations.map((c) => c.n));
  const markers = [...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (!markers.every((n) => ns.has(n))) return false;
  return citations.every(
    (c) => articles.get(c.articleId)?.text.slice(c.start, c.end) === c.text && c.text.length > 0,
  );
}

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
    const lang = item.lang ?? 'zh-Hans';
    if (item.kind === 'summary') {
      const s = await engine.summarize(item.region!);
      const labels = s.articles.map((a) => {
        const full = byId.get(a.articleId);
        return hans([a.title, ...a.region, ...(full?.subRegions.flat() ?? [])].join(' '));
      });
      const expectOk = (item.expect ?? []).every((e) => labels.some((l) => l.includes(hans(e))));
      const forbidOk = (item.forbid ?? []).every((f) => !labels.some((l) => l.includes(hans(f))));
      rows.push({
        id: item.id,
        kind: item.kind,
        lang,
        recall: null,
        rr: null,
        fact: null,
        refusedOk: null,
        citationsOk: citationsValid(s.summary, s.citations, byId),
        summaryOk: !s.refused && expectOk && forbidOk,
        ms: performance.now() - t0,
        note: s.refused ? 'refused' : `${s.articles.length} article(s)`,
      });
      continue;
    }
    const r = await engine.ask(item.question!, { k });
    const top = r.retrieved.slice(0, k).map((p) => hans(p.text));
    const needles = (item.needles ?? []).map(hans);
    const isNegative = item.kind === 'negative';
    let recall: number | null = null;
    let rr: number | null = null;
    if (!isNegative && needles.length > 0) {
      recall = needles.every((n) => top.some((t) => t.includes(n))) ? 1 : 0;
      const first = top.findIndex((t) => needles.some((n) => t.includes(n)));
      rr = first === -1 ? 0 : 1 / (first + 1);
    }
    const fact =
      isNegative || !item.answer_any?.length
        ? null
        : !r.refused && item.answer_any.some((a) => r.answer.includes(a));
    rows.push({
      id: item.id,
      kind: item.kind,
      lang,
      recall,
      rr,
      fact,
      refusedOk: isNegative ? r.refused : r.refused ? false : null,
      citationsOk:
        citationsValid(r.answer, r.citations, byId) && (r.refused ? r.citations.length === 0 : true),
      summaryOk: null,
      ms: performance.now() - t0,
      note: r.refused ? 'refused' : r.mode,
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
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function aggregate(rows: EvalRow[], group: string): EvalFigures {
  const num = (f: (r: EvalRow) => number | null) => rows.map(f).filter((x): x is number => x !== null);
  const facts = rows.map((r) => r.fact).filter((x): x is boolean => x !== null);
  const negatives = rows.filter((r) => r.kind === 'negative');
  const summaries = rows.filter((r) => r.kind === 'summary');
  return {
    group,
    items: rows.length,
    recallAt5: mean(num((r) => r.recall)),
    mrr: mean(num((r) => r.rr)),
    answerHasFact: facts.length ? facts.filter(Boolean).length / facts.length : null,
    negativesRefused: `${negatives.filter((r) => r.refusedOk).length}/${negatives.length}`,
    falseRefusals: rows.filter((r) => r.refusedOk === false && r.kind !== 'negative').length,
    citationsOk: `${rows.filter((r) => r.citationsOk).length}/${rows.length}`,
    summaries: `${summaries.filter((r) => r.summaryOk).length}/${summaries.length}`,
  };
}
