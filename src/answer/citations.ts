/**
 * Citation markers in generated text. A model writes `[n]` in many shapes (`［1］`, `【1】`, `[1, 2]`,
 * `[1-3]`, `[passage 1]`, `[^1]`); everything downstream expects plain `[n]` that resolves to a
 * citation. Markers that point nowhere are dropped: a dangling number is worse than none.
 */

import { isInstructionLike } from '../ingest/injection.js';
import { toSimplified } from '../text/script.js';
import { jiebaInstance } from '../text/segment.js';

// Prefix words a model sometimes puts inside the brackets ("[Passage 1]", "[来源1]").
const PREFIX = String.raw`(?:passage|source|ref|citation|段落|文段|来源|來源|资料|資料|出处|出處)?`;
const NUM = String.raw`[0-9０-９]{1,4}`;
const SEP = String.raw`\s*(?:[,，、;；]|[-–—~～])\s*`;
const MARKER = new RegExp(
  String.raw`([ \t\u3000]*)[\[［【]\s*\^?\s*${PREFIX}\s*(${NUM}(?:${SEP}${NUM})*)\s*[\]］】]`,
  'giu',
);
// Ranges wider than this are not citation lists ("[1-2017]"), so they are left out entirely.
const MAX_RANGE = 20;

function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** The numbers a marker body such as `1, 2`, `1-3` or `１、２` stands for, in written order. */
function parseMarkerBody(body: string): number[] {
  const ascii = toAsciiDigits(body);
  const out: number[] = [];
  for (const part of ascii.split(/\s*[,，、;；]\s*/)) {
    const range = /^(\d+)\s*[-–—~～]\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (b >= a && b - a < MAX_RANGE) for (let i = a; i <= b; i++) out.push(i);
      continue;
    }
    if (/^\d+$/.test(part)) out.push(Number(part));
  }
  return out;
}

/**
 * Rewrites every marker through `map` (old number → new number, or null to drop it). Kept markers
 * come out as `[n]`; a group `[1, 2]` becomes `[1][2]`; repeats such as `[1][1]` collapse.
 */
function rewriteMarkers(text: string, map: (n: number) => number | null): { text: string; used: number[] } {
  const used: number[] = [];
  const seen = new Set<number>();
  const rewritten = text.replace(MARKER, (_match, space: string, body: string) => {
    const kept: number[] = [];
    for (const n of parseMarkerBody(body)) {
      const m = map(n);
      if (m === null || kept.includes(m)) continue;
      kept.push(m);
      if (!seen.has(m)) {
        seen.add(m);
        used.push(m);
      }
    }
    // A dropped marker takes its leading space with it, so "text [7]。" reads "text。".
    return kept.length === 0 ? '' : space + kept.map((n) => `[${n}]`).join('');
  });
  return { text: rewritten.replace(/\[(\d+)\](?:\[\1\])+/g, '[$1]'), used };
}

/**
 * Removes markers that do not resolve to 1..citationCount and normalises the rest to `[n]`.
 * `used` lists the resolving numbers in order of first appearance.
 */
export function validateMarkers(text: string, citationCount: number): { text: string; used: number[] } {
  const max = Number.isInteger(citationCount) && citationCount > 0 ? citationCount : 0;
  return rewriteMarkers(text, (n) => (n >= 1 && n <= max ? n : null));
}

/**
 * Renumbers markers densely: `used[i]` becomes `i + 1`; markers not in `used` are dropped.
 * Pair with `validateMarkers`: `renumber(v.text, v.used)` matches citations kept in `used` order.
 */
export function renumber(text: string, used: readonly number[]): string {
  const next = new Map<number, number>(used.map((n, i) => [n, i + 1]));
  return rewriteMarkers(text, (n) => next.get(n) ?? null).text;
}

/** True when the text carries at least one marker that resolves to 1..citationCount. */
export function hasValidCitation(text: string, citationCount: number): boolean {
  return validateMarkers(text, citationCount).used.length > 0;
}

/**
 * Keeps only the citations the text refers to and renumbers text and citations to 1..k, in order of
 * first mention. Citations are matched by their `n`; the returned copies carry the new `n`.
 */
export function keepCitedOnly<T extends { n: number }>(
  text: string,
  citations: readonly T[],
): { text: string; citations: T[] } {
  const byN = new Map<number, T>(citations.map((c) => [c.n, c]));
  const valid = rewriteMarkers(text, (n) => (byN.has(n) ? n : null));
  const kept = valid.used.map((n, i) => ({ ...(byN.get(n) as T), n: i + 1 }));
  return { text: renumber(valid.text, valid.used), citations: kept };
}

/** What a claim is checked against: a citation's passage (and the article it comes from). */
export interface SupportingPassage {
  n: number;
  text: string;
  title?: string;
  date?: string | null;
  region?: readonly string[];
}

// A sentence ends at 。！？!?；; (or a line end, or an English full stop before a space); closing
// quotes and the markers right after the end belong to it ("…2000元。[1]").
const SENTENCE = /[^。！？!?；;\n]*?(?:[。！？!?；;]+|\.(?=\s)|\n|$)[”’」』）)"']*(?:[ \t]*\[\d+\])*/gu;
const PROPER_NOUN_TAGS = /^(nr|nrfg|nrt|ns|nt|nz)$/;
const HANDLE = /(?<![\w.])@[A-Za-z0-9_]{2,}/g;
const URL = /\b(?:https?:\/\/|www\.)[^\s\])）】>"'“”]+/gi;
// Arabic figures, with thousands separators and decimals; an optional 万/亿 multiplies.
const FIGURE = /\d+(?:,\d{3})*(?:\.\d+)?\s*(万|亿)?/g;

/** The sentences of a generated text, each with its trailing markers (joined, they give the text). */
export function generatedSentences(text: string): string[] {
  return (text.match(SENTENCE) ?? []).filter((s) => s.length > 0);
}

/** Every value a figure may stand for: `2,000` → 2000; `1.2万` → 1.2 and 12000. */
function figureValues(text: string): Set<string> {
  const values = new Set<string>();
  for (const m of toAsciiDigits(text.normalize('NFKC')).matchAll(FIGURE)) {
    const plain = m[0].replace(/[,\s万亿]/g, '');
    values.add(String(Number(plain)));
    if (m[1]) values.add(String(Math.round(Number(plain) * (m[1] === '万' ? 1e4 : 1e8))));
  }
  return values;
}

/** The checkable claims of a sentence: figures, handles, URLs and proper names (jieba's tags). */
function claimsOf(sentence: string): { figures: Set<string>; words: string[]; firstAt: number } {
  const body = sentence.replace(/\[\d+\]/g, ' ');
  const normalized = body.normalize('NFKC');
  const words = [...(normalized.match(HANDLE) ?? []), ...(normalized.match(URL) ?? [])].map((w) =>
    w.toLowerCase(),
  );
  const hans = toSimplified(normalized);
  const names = jiebaInstance()
    .tag(hans, true)
    .filter(({ word, tag }) => PROPER_NOUN_TAGS.test(tag) && [...word].length >= 2)
    .map(({ word }) => word.toLowerCase());
  // Where the first claim starts (positions are close enough after NFKC and OpenCC, which keep the
  // length of Han text): a streamed, unfinished sentence is shown only up to there.
  const starts = [
    ...[...toAsciiDigits(body).matchAll(FIGURE)].map((m) => m.index),
    ...[...body.matchAll(HANDLE)].map((m) => m.index),
    ...[...body.matchAll(URL)].map((m) => m.index),
    ...names.map((w) => hans.toLowerCase().indexOf(w)).filter((i) => i >= 0),
  ];
  return {
    figures: figureValues(body),
    words: [...words, ...names],
    firstAt: starts.length > 0 ? Math.min(...starts) : sentence.length,
  };
}

/**
 * Drops the sentences of a generated text whose claims its markers do not support: a sentence with a
 * figure, a proper name, a handle (@x) or a URL must carry a marker whose passage contains each of
 * them. Markers that do not resolve count as no marker. Sentences without such claims stay (they
 * connect, or restate the question), unless they read as instructions to the reader or a model.
 * With `partial` (a stream in progress), the last sentence may still be waiting for its marker: it is
 * shown only up to its first claim until its claims are supported.
 * `given` is further evidence from the corpus itself (e.g. a list's name and count, “4+” 四项) that
 * supports claims in any sentence. Never the question: a premise the asker supplies is not evidence.
 */
export function keepSupported(
  text: string,
  passages: readonly SupportingPassage[],
  options: { partial?: boolean; given?: string } = {},
): { text: string; dropped: string[] } {
  const byN = new Map(passages.map((p) => [p.n, p]));
  const givenText = (options.given ?? '').normalize('NFKC');
  const given = { figures: figureValues(givenText), text: toSimplified(givenText).toLowerCase() };
  const support = new Map<number, { figures: Set<string>; text: string }>();
  const supportOf = (n: number) => {
    let s = support.get(n);
    const p = byN.get(n);
    if (!s && p) {
      const whole = [p.title ?? '', p.date ?? '', ...(p.region ?? []), p.text].join('\n').normalize('NFKC');
      s = { figures: figureValues(whole), text: toSimplified(whole).toLowerCase() };
      support.set(n, s);
    }
    return s;
  };
  const check = (sentence: string) => {
    const claims = claimsOf(sentence);
    const cited = [
      given,
      ...[...sentence.matchAll(/\[(\d+)\]/g)].flatMap((m) => supportOf(Number(m[1])) ?? []),
    ];
    const supported =
      [...claims.figures].every((f) => cited.some((c) => c.figures.has(f))) &&
      claims.words.every((w) => cited.some((c) => c.text.includes(w)));
    return { supported: supported && !isInstructionLike(sentence), firstAt: claims.firstAt };
  };
  const sentences = generatedSentences(validateMarkers(text, Math.max(0, ...byN.keys())).text);
  const inProgress = options.partial ? sentences.pop() : undefined;
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const sentence of sentences) (check(sentence).supported ? kept : dropped).push(sentence);
  if (inProgress !== undefined && !isInstructionLike(inProgress)) {
    const { supported, firstAt } = check(inProgress);
    kept.push(supported ? inProgress : inProgress.slice(0, firstAt));
  }
  return { text: kept.join(''), dropped };
}
