/**
 * Citation markers in generated text. A model writes `[n]` in many shapes (`［1］`, `【1】`, `[1, 2]`,
 * `[1-3]`, `[passage 1]`, `[^1]`); everything downstream expects plain `[n]` that resolves to a
 * citation. Markers that point nowhere are dropped: a dangling number is worse than none.
 */

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
