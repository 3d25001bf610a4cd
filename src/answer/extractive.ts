/**
 * Sentence ranking for the no-key answer: every sentence of the retrieved passages scored by the
 * weighted share of the question's terms it contains (a question asking for a figure or a date
 * prefers a sentence with one), clause focus, and the pick of one to three sentences. The fact
 * composer (`intents/fact.ts`) quotes them.
 */
import { splitSentences } from '../text/sentences.js';
import { toSimplified } from '../text/script.js';
import type { ArticleRecord, TextSpan } from '../types.js';
import type { SearchHit } from '../store/store.js';
import type { Citation } from './types.js';
import { HAS_FIGURE, TOTAL_WORDS } from '../text/figures.js';

/** Questions that want a number, a share or a date. */
export const FIGURE_QUESTION =
  /多少|几[个名次年月人项家所条]?|多长|多大|多远|多高|多久|多宽|多重|比例|百分|数量|人数|金额|资金|补助|标准|何时|什么时候|哪一?年|日期|how (many|much)|what (share|percentage|proportion|budget|sum)|\b(?:rate|ratio)\b|when\b|number of|amount/i;
/** The interrogatives of a figure or a date: a question with two of them asks for two figures. */
const FIGURE_ASKED =
  /多少|几(?=[个名次年月人项家所条期位户支批届])|多[长大远高久]|占比|何时|什么时候|哪一?年|how (?:many|much|long)|what (?:share|percentage|proportion|fraction)|\bwhen\b|which year/giu;

/** Whether a question asks for two figures or more (举办了几期?参训多少人? / how many … and what share). */
export function asksSeveralFigures(question: string): boolean {
  return (question.match(FIGURE_ASKED) ?? []).length >= 2;
}

export interface SentenceCandidate {
  hitRank: number;
  articleId: string;
  chunkId: string;
  text: string;
  start: number;
  end: number;
  /** Weighted share of the question's terms found in the sentence, 0..1. */
  coverage: number;
  /** Weighted share of the question's terms that the corpus never uses and the sentence lacks. */
  unknownMissing: number;
  /** The question's words (or their synonyms and parts) the sentence contains. */
  matched: string[];
  score: number;
}

/**
 * A figure right before a question term ("20000余名党员", "3个为民服务站"): the answer shape of a
 * figure question. "1名党员" / "一名党员" is usually an idiom ("each member leads..."), not a count.
 */
function figureNextToTerm(text: string, terms: string[]): boolean {
  return terms.some((t) => {
    if ([...t].length < 2 || /^\d+$/.test(t)) return false;
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = new RegExp(
      `([\\d一二三四五六七八九十百千万两]+(?:\\.\\d+)?)\\s*(?:余|多)?\\s*[万亿]?\\s*[个名人户元次件项座所家条篇%％]?(?:[^，,。；;\\d]{0,4})${escaped}`,
      'g',
    );
    const after = new RegExp(
      `${escaped}[^。；;]{0,14}?([\\d一二三四五六七八九十百千两]+(?:\\.\\d+)?)\\s*(?:余|多)?\\s*[万亿]?\\s*[个名人户元次件项座所家条篇期%％]`,
      'g',
    );
    const counts = (re: RegExp) => [...text.matchAll(re)].some((m) => m[1] !== '1' && m[1] !== '一');
    return counts(pattern) || counts(after);
  });
}

export interface ExtractiveInput {
  /** The question's words (precise cut); a sentence's coverage is the weighted share it contains. */
  terms: string[];
  /** Sub-words of a compound term (边境 and 地区 of 边境地区), for partial credit. */
  partsOf?: (term: string) => string[];
  /** Report words for a question word (钱 → 资金); a sentence with one counts as containing it. */
  synonymsOf?: (term: string) => string[];
  /** Other senses of an English word's term (工作 for 劳动): a sentence with one earns its own weight. */
  sensesOf?: (term: string) => string[];
  /** Whether the corpus uses a word at all; an unknown word is likely a paraphrase. */
  isKnown?: (term: string) => boolean;
  /** Weight of a term (inverse document frequency). */
  weight: (term: string) => number;
  question: string;
  hits: SearchHit[];
}

/** Whether every use of a word in a sentence is one item of a 、-series (思想、信息、资金、技术等). */
function seriesItem(hans: string, word: string): boolean {
  let found = false;
  for (let i = hans.indexOf(word); i >= 0; i = hans.indexOf(word, i + 1)) {
    const before = hans[i - 1] ?? '';
    const after = hans.slice(i + word.length, i + word.length + 1);
    if (!(before === '、' || after === '、')) return false;
    found = true;
  }
  return found;
}

/** Scores every sentence of the retrieved chunks; best first. */
export function rankSentences(input: ExtractiveInput): SentenceCandidate[] {
  const wantsFigure = FIGURE_QUESTION.test(input.question);
  const terms = [...new Set(input.terms)];
  const total = terms.reduce((s, t) => s + input.weight(t), 0) || 1;
  const seen = new Set<string>();
  const out: SentenceCandidate[] = [];
  input.hits.forEach((hit, hitRank) => {
    // Items of a ；-separated list share the lead-in of the first item ("自2011年以来,…;…;…").
    let leadIn = '';
    let previousEnd = '';
    for (const s of splitSentences(hit.chunk.text)) {
      const continuesList = /[；;]$/.test(previousEnd);
      if (!continuesList) leadIn = toSimplified(s.text.split(/[，,]/)[0] ?? '').toLowerCase();
      previousEnd = s.text;
      const start = hit.chunk.start + s.start;
      const key = `${hit.chunk.articleId}:${start}`;
      if (seen.has(key) || s.text.length < 6) continue;
      seen.add(key);
      const hans = toSimplified(s.text).toLowerCase();
      const matched: string[] = [];
      let covered = 0;
      let unknownMissing = 0;
      for (const t of terms) {
        if (hans.includes(t)) {
          matched.push(t);
          covered += input.weight(t);
          continue;
        }
        if (continuesList && leadIn.includes(t)) {
          matched.push(t);
          covered += 0.8 * input.weight(t);
          continue;
        }
        const sense = (input.sensesOf?.(t) ?? []).find((x) => hans.includes(x));
        if (sense) {
          matched.push(sense);
          covered += Math.min(input.weight(t), input.weight(sense));
          continue;
        }
        // (A synonym that is one item of a series, 思想、信息、资金、技术, is a passing mention.)
        const synonym = (input.synonymsOf?.(t) ?? []).find((x) => hans.includes(x) && !seriesItem(hans, x));
        if (synonym) {
          matched.push(synonym);
          covered += 0.8 * input.weight(t);
          continue;
        }
        // A compound found only in pieces earns half, in proportion to the characters found.
        const parts = (input.partsOf?.(t) ?? []).filter((p) => hans.includes(p));
        if (parts.length > 0) {
          matched.push(...parts);
          const chars = new Set(parts.flatMap((p) => [...p]));
          covered += 0.5 * input.weight(t) * Math.min(1, chars.size / [...t].length);
          continue;
        }
        // A word the corpus never uses may be a paraphrase (新建 for 新创建): half credit when all
        // of its characters occur in the sentence.
        if (input.isKnown && !input.isKnown(t) && [...t].length >= 2) {
          const chars = [...t];
          const share = chars.filter((ch) => hans.includes(ch)).length / chars.length;
          if (share === 1) covered += 0.5 * input.weight(t);
          else unknownMissing += input.weight(t);
        }
      }
      const coverage = covered / total;
      let score = coverage + 0.08 / (1 + hitRank);
      if (wantsFigure && HAS_FIGURE.test(s.text)) {
        score += figureNextToTerm(hans, matched) ? 0.25 : 0.12;
        // Reports state a place's totals as 全县…/共有…: the likelier answer to "how many".
        if (TOTAL_WORDS.test(hans)) score += 0.08;
      }
      // Very long sentences dilute the answer; the title line restates rather than answers.
      if (s.text.length > 220) score -= 0.05;
      if (start === 0) score -= 0.1;
      out.push({
        hitRank,
        articleId: hit.chunk.articleId,
        chunkId: hit.chunk.id,
        text: s.text,
        start,
        end: hit.chunk.start + s.end,
        coverage,
        unknownMissing: unknownMissing / total,
        matched,
        score,
      });
    }
  });
  return out.sort((a, b) => b.score - a.score);
}

/**
 * Re-orders retrieved chunks by the best sentence each holds (plus a small prior for the search
 * rank), so the passage that answers the question comes first even when it is not the best keyword match.
 */
export function rerankByEvidence(hits: SearchHit[], ranked: SentenceCandidate[]): SearchHit[] {
  const best = new Map<string, number>();
  for (const c of ranked) if (!best.has(c.chunkId)) best.set(c.chunkId, c.score);
  return hits
    .map((h, rank) => ({ ...h, score: (best.get(h.chunk.id) ?? 0) + 0.1 / (1 + rank) }))
    .sort((a, b) => b.score - a.score);
}

const CLAUSE_END = /[，,；;：:]/;

/**
 * Narrows a long sentence to the run of clauses that hold the question's terms, so a quote stays
 * short; the result is still a verbatim span of the article.
 */
export function focusSentence(
  c: SentenceCandidate,
  terms: string[],
  maxChars = 140,
  question = '',
  weight: (term: string) => number = () => 1,
  focusTerms: string[] = [],
): SentenceCandidate {
  const wantsFigure = FIGURE_QUESTION.test(question);
  if (c.text.length <= maxChars) return c;
  const clauses: { start: number; end: number }[] = [];
  let from = 0;
  for (let i = 0; i < c.text.length; i++) {
    if (CLAUSE_END.test(c.text[i]!)) {
      clauses.push({ start: from, end: i + 1 });
      from = i + 1;
    }
  }
  if (from < c.text.length) clauses.push({ start: from, end: c.text.length });
  const hits = clauses.map((cl) => {
    const hans = toSimplified(c.text.slice(cl.start, cl.end)).toLowerCase();
    const figure = HAS_FIGURE.test(hans) ? (wantsFigure ? 1.5 : 0.5) : 0;
    // Rare words (what the question asks about) count more than the subject it repeats.
    const matched = terms.filter((t) => hans.includes(t));
    // The word a question asks for (原则 in 按照什么原则) marks the clause that answers.
    const asked = focusTerms.filter((t) => hans.includes(t)).length * 2;
    return matched.reduce((sum, t) => sum + Math.min(2, weight(t) / 2), 0) + figure + asked;
  });
  // The window of clauses with the most term hits that fits the budget.
  let bestWindow = { start: 0, end: 0, score: -1 };
  for (let i = 0; i < clauses.length; i++) {
    let score = 0;
    for (let j = i; j < clauses.length; j++) {
      if (clauses[j]!.end - clauses[i]!.start > maxChars && j > i) break;
      score += hits[j]!;
      if (score > bestWindow.score) bestWindow = { start: i, end: j, score };
    }
  }
  const start = clauses[bestWindow.start]!.start;
  let end = clauses[bestWindow.end]!.end;
  // Drop a trailing comma so the quote reads as a clause, not a fragment.
  while (end > start && CLAUSE_END.test(c.text[end - 1]!)) end--;
  return { ...c, text: c.text.slice(start, end), start: c.start + start, end: c.start + end };
}

const ASKING = /(?:什么|哪些|哪种|哪类|哪个|哪项|何种|怎样的|怎么样的|多少|几)/;

/** The words right after an interrogative (原则 in "按照什么原则议事"): what the question asks for. */
export function askedFor(question: string, terms: string[]): string[] {
  return terms.filter((t) => {
    const i = question.indexOf(t);
    return i > 0 && ASKING.test(question.slice(Math.max(0, i - 3), i));
  });
}

/** Picks up to three sentences close to the best one, in reading order within each article. */
export function pickSentences(ranked: SentenceCandidate[], maxChars = 420): SentenceCandidate[] {
  const best = ranked[0];
  if (!best) return [];
  const picked: SentenceCandidate[] = [best];
  let chars = best.text.length;
  for (const c of ranked.slice(1)) {
    if (picked.length >= 3) break;
    if (c.score < best.score * 0.8 || c.coverage < 0.3) break;
    if (chars + c.text.length > maxChars) continue;
    picked.push(c);
    chars += c.text.length;
  }
  return picked;
}

/** A citation of a verbatim span of an article (its chunk id made from the span's start). */
export const spanCitation = (n: number, article: ArticleRecord, span: TextSpan): Citation =>
  toCitation(
    n,
    {
      articleId: article.id,
      chunkId: `${article.id}@${span.start}`,
      text: span.text,
      start: span.start,
      end: span.end,
    },
    article,
  );

export function toCitation(
  n: number,
  c: { articleId: string; chunkId: string; text: string; start: number; end: number },
  article: ArticleRecord,
): Citation {
  return {
    n,
    articleId: article.id,
    chunkId: c.chunkId,
    title: article.title,
    date: article.date,
    source: article.source,
    author: article.author,
    region: article.region,
    text: c.text,
    start: c.start,
    end: c.end,
  };
}
