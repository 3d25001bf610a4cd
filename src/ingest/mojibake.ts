/**
 * Detection and repair of mojibake in article text.
 *
 * What the corpus actually shows (003, 004): the publisher's pipeline handled the annotated
 * Traditional text as GBK bytes in chunks; where a chunk boundary split a two-byte character, the
 * lost first byte became `?`, the next chunk was decoded one byte out of step (`。活動` → `?；顒`,
 * full-width punctuation later folded to ASCII), and the step was regained only at the next ASCII
 * byte, which the decoder swallowed together with the dangling lead byte into another `?`
 * (`動(dòng)` → `?dòng)`). Re-encoding such a run to GBK and decoding it one byte later gives
 * back every inner character exactly; the character cut by the chunk boundary is gone for good,
 * and the last one can be recovered only when its pinyin annotation survived (lead byte + reading).
 *
 * The classic case — UTF-8 bytes shown as GBK (`鍏氬缓` for `党建`) — reverses exactly and is
 * repaired too, although the corpus does not contain it.
 */
import { dict } from '@node-rs/jieba/dict.js';
import iconv from 'iconv-lite';
import { pinyin } from 'pinyin-pro';
import { toSimplified } from '../text/script.js';

/** One garbled span found in an article. */
export interface MojibakeSpan {
  /** The garbled text as found (including the remains of annotations it swallowed). */
  original: string;
  /** The exact original text, or null when bytes were lost and the reversal is not exact. */
  repaired: string | null;
  /** Where the span stood, in the cleaned text (start of `kept`). */
  offset: number;
  /** What stands in the cleaned text instead: `repaired`, the exactly recovered part, or ''. */
  kept: string;
  /** Best reconstruction for reports, `□` for each character that could not be recovered. */
  reading: string;
}

/** A span before its offset in the final cleaned text is known. */
export type PendingMojibake = Omit<MojibakeSpan, 'offset'>;

/**
 * Private-use characters (U+F000 + span index) put in front of each replacement so that later
 * cleaning steps carry its position along; `takeMarks` removes them and reports where they were.
 * Input text must be free of them (`cleanArticle` strips them first). The range is one GBK and
 * GB18030 decoders never produce: their user-defined areas map to U+E000–U+E864, and such
 * characters are real bytes of mojibake.
 */
const MARK_BASE = 0xf000;
/** At most this many spans are repaired in one text; beyond that it is garbage, not an article. */
export const MAX_SPANS = 2000;
/** Matches the private-use marks `repairMojibake` inserts. */
export const MARKS = /[\uF000-\uF7CF]/gu;

const MARKERS = new Set(['?', '\uFFFD']);
const UNKNOWN = '□';
// The remains of a pinyin annotation whose `(` was swallowed: `dòng)`.
const PINYIN_REST = /^([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,12})\)/;
const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/;
// ASCII punctuation the publisher folded from full-width forms after the damage was done.
const FOLDED_PUNCT = new Set([',', ';', ':', '!']);
const HAN = /\p{Script=Han}/u;
// Real spans are a few characters long; the caps keep hostile input (a `?` between every two
// characters of megabytes of text) linear.
const MAX_RUN = 80;
const MAX_TOKENS = 12;
const MAX_AMBIGUOUS = 4;
const MAX_EXAMINED = 20_000;

const gbkCache = new Map<string, number[] | null>();
/** GBK bytes of one character, or null when GBK has no such character. */
function gbkBytes(ch: string): number[] | null {
  let bytes = gbkCache.get(ch);
  if (bytes === undefined) {
    const encoded = [...iconv.encode(ch, 'gbk')];
    bytes = ch !== '?' && encoded.length === 1 && encoded[0] === 0x3f ? null : encoded;
    gbkCache.set(ch, bytes);
  }
  return bytes;
}

const pairCache = new Map<number, string | null>();
/** The character a GBK double-byte pair stands for, or null when the pair is not valid GBK. */
function gbkPair(lead: number, trail: number): string | null {
  const key = lead * 256 + trail;
  let ch = pairCache.get(key);
  if (ch === undefined) {
    const decoded = iconv.decode(Buffer.from([lead, trail]), 'gbk');
    ch = decoded.length === 1 && decoded !== '\uFFFD' && decoded.charCodeAt(0) > 0x7f ? decoded : null;
    pairCache.set(key, ch);
  }
  return ch;
}

const commonCache = new Map<string, boolean>();
/**
 * Whether a Han character is common: its Simplified form is in GB2312 level 1 (the 3,755 most used
 * characters). 99.9% of the corpus' Han characters are; out-of-step decoding yields mostly rare ones.
 */
function isCommon(ch: string): boolean {
  let common = commonCache.get(ch);
  if (common === undefined) {
    const b = iconv.encode(toSimplified(ch), 'gbk');
    common = b.length === 2 && b[0]! >= 0xb0 && b[0]! <= 0xd7 && b[1]! >= 0xa1;
    commonCache.set(ch, common);
  }
  return common;
}

interface LanguageModel {
  /** Sum of dictionary-word frequencies per character. */
  freq: Map<string, number>;
  total: number;
  /** Two-character dictionary words. */
  pairs: Set<string>;
}
let model: LanguageModel | undefined;
/** Character and word statistics from jieba's dictionary, loaded on first need (~0.3 s). */
function languageModel(): LanguageModel {
  if (model) return model;
  const freq = new Map<string, number>();
  const pairs = new Set<string>();
  let total = 0;
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, count] = line.split(' ');
    const n = Number(count);
    if (!word || !(n > 0)) continue;
    for (const ch of word) freq.set(ch, (freq.get(ch) ?? 0) + n);
    total += n * word.length;
    if (word.length === 2) pairs.add(word);
  }
  model = { freq, total, pairs };
  return model;
}

/**
 * How much Chinese a string looks like: mean log frequency of its Han characters plus a bonus for
 * adjacent pairs that are dictionary words. Out-of-step decoding of real text scores far lower
 * (on the corpus, every re-aligned run beat its garbled form by 2.4 or more; a real run read out
 * of step never beat itself by more than 0.2). Null when there is no Han character.
 */
function plausibility(text: string): number | null {
  const han = [...toSimplified(text)].filter((ch) => HAN.test(ch));
  if (han.length === 0) return null;
  const { freq, total, pairs } = languageModel();
  let logp = 0;
  for (const ch of han) logp += Math.log(((freq.get(ch) ?? 0) + 1) / total);
  let words = 0;
  for (let i = 0; i + 1 < han.length; i++) if (pairs.has(han[i]! + han[i + 1]!)) words++;
  return logp / han.length + (han.length > 1 ? (3 * words) / (han.length - 1) : 0);
}

/** Gain of reading `repaired` instead of `garbled`; -Infinity unless both have Han characters. */
function gain(garbled: string, repaired: string): number {
  const before = plausibility(garbled);
  const after = plausibility(repaired);
  return before === null || after === null ? -Infinity : after - before;
}

const MIN_GAIN = 1.5;

function commonCount(text: string): number {
  let n = 0;
  for (const ch of text) if (HAN.test(ch) && isCommon(ch)) n++;
  return n;
}

function rareCount(text: string): number {
  let n = 0;
  for (const ch of text) if (HAN.test(ch) && !isCommon(ch)) n++;
  return n;
}

/** Full-width form of an ASCII punctuation mark (the form it had when the bytes were damaged). */
function unfold(ch: string): string {
  return ch.length === 1 && ch >= '!' && ch <= '~' ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch;
}

/** Characters that were bytes of a GBK double-byte stream when the damage happened. */
function isByteBearing(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  if (code > 0x7f)
    return !/\s/u.test(ch) && !MARKERS.has(ch) && !(code >= MARK_BASE && code < MARK_BASE + MAX_SPANS);
  return FOLDED_PUNCT.has(ch);
}

type Token = { kind: 'mark'; text: string; rest: string | null } | { kind: 'run'; text: string };

type Piece = { known: string } | { unknown: true };

interface Reading {
  pieces: Piece[];
  /** A `?` swallowed an ASCII byte whose value nothing tells. */
  lostAscii: boolean;
  score: number;
  /** Characters after the tokens consumed as the trail byte of the last character. */
  absorbed: number;
  /** Characters of the cluster used (a reading may stop before an aligned run). */
  length: number;
}

/** Parses the tokens of a possible out-of-step span starting at a `?` / U+FFFD. */
function parseCluster(text: string, start: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length && tokens.length < MAX_TOKENS) {
    const ch = text[i]!;
    if (MARKERS.has(ch)) {
      const rest = PINYIN_REST.exec(text.slice(i + 1, i + 15));
      tokens.push({ kind: 'mark', text: ch + (rest ? rest[0] : ''), rest: rest ? rest[1]! : null });
      i += 1 + (rest ? rest[0].length : 0);
      if (rest) continue;
      const next = text[i];
      if (next === undefined || !(MARKERS.has(next) || isByteBearing(next))) break;
    } else if (isByteBearing(ch)) {
      let j = i;
      while (j < text.length && j - i < MAX_RUN && isByteBearing(text[j]!)) j++;
      if (j - i >= MAX_RUN) break;
      tokens.push({ kind: 'run', text: text.slice(i, j) });
      i = j;
    } else break;
  }
  return tokens;
}

/** The character with GBK lead byte `lead` read `syllable`, when the evidence names exactly one. */
/** The article around a span: the characters it uses, computed once and only when needed. */
interface Context {
  chars(): Set<string>;
}

function contextOf(text: string): Context {
  let chars: Set<string> | undefined;
  return { chars: () => (chars ??= new Set(text)) };
}

const readingCache = new Map<string, string[]>();
function resolveByReading(lead: number, syllable: string, context: Context): string | null {
  const key = `${lead}:${syllable}`;
  let candidates = readingCache.get(key);
  if (candidates === undefined) {
    candidates = candidatesByReading(lead, syllable);
    readingCache.set(key, candidates);
  }
  if (candidates.length > 1) {
    const chars = context.chars();
    const seen = candidates.filter((ch) => chars.has(ch));
    if (seen.length > 0) candidates = seen;
  }
  return candidates.length === 1 ? candidates[0]! : null;
}

/** Characters with GBK lead byte `lead` that read `syllable` (primary readings first). */
function candidatesByReading(lead: number, syllable: string): string[] {
  let candidates: string[] = [];
  for (let trail = 0x40; trail <= 0xfe; trail++) {
    if (trail === 0x7f) continue;
    const ch = gbkPair(lead, trail);
    if (ch === null || !HAN.test(ch)) continue;
    const readings = pinyin(ch, { multiple: true, type: 'array' });
    if (readings.includes(syllable)) candidates.push(ch);
  }
  if (candidates.length > 1) {
    const primary = candidates.filter((ch) => pinyin(ch, { type: 'array' })[0] === syllable);
    if (primary.length > 0) candidates = primary;
  }
  return candidates;
}

/**
 * Reads the tokens one byte out of step; null when some pair is not valid GBK. `after` is the
 * character following the tokens (an ASCII letter there may be the trail byte of the last one).
 */
function readOutOfStep(tokens: Token[], after: string, context: Context): Reading | null {
  const pieces: Piece[] = [];
  let lostAscii = false;
  let garbled = '';
  let orphan: number | null = null;
  let outOfStep = false;
  let extraLost = false;
  let length = 0;
  for (const token of tokens) {
    if (token.kind === 'mark') {
      length += token.text.length;
      if (orphan !== null) {
        // The `?` stands for the lost trail byte of the last character plus one ASCII byte.
        const ch = token.rest ? resolveByReading(orphan, token.rest, context) : null;
        pieces.push(ch ? { known: ch } : { unknown: true });
        if (!token.rest) lostAscii = true;
        orphan = null;
        outOfStep = false;
        if (!token.rest) break;
        continue;
      }
      // A chunk boundary: this character's first byte is lost, its second starts the next run.
      pieces.push({ unknown: true });
      outOfStep = true;
      // When the `?` also swallowed an annotation's `(`, it was a whole character and the run
      // after it starts with the second byte of yet another one (004: `?shù)氐霓r`).
      extraLost = token.rest !== null;
      continue;
    }
    if (!outOfStep) break;
    const bytes: number[] = [];
    for (const ch of token.text) {
      const b = gbkBytes(unfold(ch));
      if (b === null) return null;
      bytes.push(...b);
    }
    if (extraLost) pieces.push({ unknown: true });
    let decoded = '';
    let j = 1;
    for (; j + 1 < bytes.length; j += 2) {
      const ch = gbkPair(bytes[j]!, bytes[j + 1]!);
      if (ch === null) return null;
      decoded += ch;
    }
    for (const ch of decoded) pieces.push({ known: ch });
    garbled += token.text;
    orphan = j < bytes.length ? bytes[j]! : null;
    outOfStep = false;
    length += token.text.length;
  }
  let absorbed = 0;
  if (orphan !== null) {
    const next = after.charCodeAt(0);
    const ch = next >= 0x40 && next <= 0x7e ? gbkPair(orphan, next) : null;
    // Out of step, a decoder cannot stop without emitting a `?` for the dangling byte, except at
    // an ASCII byte that completes a valid pair or at the end of the text.
    if (ch) {
      pieces.push({ known: ch });
      absorbed = 1;
    } else if (after === '') pieces.push({ unknown: true });
    else return null;
  }
  const recovered = pieces.map((p) => ('known' in p ? p.known : '')).join('');
  return { pieces, lostAscii, score: gain(garbled, recovered), absorbed, length };
}

/** The best out-of-step reading of a cluster, trying each `?` both as damage and as a folded `？`. */
function bestReading(tokens: Token[], after: string, context: Context): Reading | null {
  const ambiguous = tokens
    .map((t, i) => (i > 0 && t.kind === 'mark' && t.text === '?' ? i : -1))
    .filter((i) => i >= 0)
    .slice(0, MAX_AMBIGUOUS);
  let best: Reading | null = null;
  for (let mask = 0; mask < 1 << ambiguous.length; mask++) {
    const merged: Token[] = [];
    const asPunct = new Set(ambiguous.filter((_, k) => (mask & (1 << k)) !== 0));
    tokens.forEach((t, i) => {
      const token: Token = asPunct.has(i) ? { kind: 'run', text: '?' } : t;
      const last = merged[merged.length - 1];
      if (token.kind === 'run' && last?.kind === 'run')
        merged[merged.length - 1] = { kind: 'run', text: last.text + token.text };
      else merged.push(token);
    });
    const reading = readOutOfStep(merged, after, context);
    if (reading && (best === null || reading.score > best.score)) best = reading;
  }
  return best;
}

interface Found {
  start: number;
  end: number;
  span: PendingMojibake;
  /** Text after the span up to (not including) the end of its sentence is dropped too. */
  dropSentence: boolean;
}

/** Finds an out-of-step span starting at `start` (a `?` or U+FFFD), or null. */
function findOutOfStep(text: string, start: number, context: Context): Found | null {
  const tokens = parseCluster(text, start);
  if (tokens.length === 0) return null;
  const parsedEnd = start + tokens.reduce((n, t) => n + t.text.length, 0);
  const reading = bestReading(tokens, text.slice(parsedEnd, parsedEnd + 1), context);
  const first = tokens[0]!;
  const onlyDamage = tokens.every((t) => t.kind === 'mark');
  const structural =
    first.kind === 'mark' && (first.text[0] === '\uFFFD' || (first.rest !== null && TONED.test(first.rest)));
  if (!reading || (reading.score < MIN_GAIN && !(structural && onlyDamage))) {
    // No out-of-step run: a lone U+FFFD or a `?` that swallowed an annotation's `(` is still damage.
    if (!structural) return null;
    const end = start + first.text.length;
    return {
      start,
      end,
      span: { original: text.slice(start, end), repaired: null, kept: '', reading: UNKNOWN },
      dropSentence: false,
    };
  }
  const end = start + reading.length + reading.absorbed;
  const kept = reading.pieces.map((p) => ('known' in p ? p.known : '')).join('');
  const exact = !reading.lostAscii && reading.pieces.every((p) => 'known' in p);
  // A swallowed byte right before a figure may have been one of its digits: drop the figure's sentence.
  const dropSentence = reading.lostAscii && /^[0-9０-９.]/.test(text.slice(end));
  return {
    start,
    end,
    span: {
      original: text.slice(start, end),
      repaired: exact ? kept : null,
      kept: dropSentence ? '' : kept,
      reading:
        reading.pieces.map((p) => ('known' in p ? p.known : UNKNOWN)).join('') +
        (reading.lostAscii ? UNKNOWN : ''),
    },
    dropSentence,
  };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const RARE_RUN = /[^\x00-\x7F\s\uF000-\uF7CF]{2,}/gu;

/** Finds runs of UTF-8 text shown as GBK (`鍏氬缓` → `党建`); these reverse exactly. */
function findUtf8AsGbk(text: string): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(RARE_RUN)) {
    if (rareCount(m[0]) < 2) continue;
    // Characters GBK lacks (U+FFFD among them) split the run; each piece is tried on its own.
    let pieceStart = m.index!;
    let at = m.index!;
    let chars: string[] = [];
    for (const ch of m[0]) {
      if (gbkBytes(ch) === null) {
        found.push(...utf8Windows(text, pieceStart, chars));
        chars = [];
        pieceStart = at + ch.length;
      } else chars.push(ch);
      at += ch.length;
    }
    found.push(...utf8Windows(text, pieceStart, chars));
  }
  return found;
}

/** The UTF-8-as-GBK windows in one run of GBK-encodable characters starting at `start`. */
function utf8Windows(text: string, start: number, chars: string[]): Found[] {
  if (chars.length < 2) return [];
  const found: Found[] = [];
  const offsets: number[] = [];
  const bytes: number[] = [];
  for (const ch of chars) {
    offsets.push(bytes.length);
    bytes.push(...gbkBytes(ch)!);
  }
  offsets.push(bytes.length);
  let s = 0;
  while (s < chars.length) {
    const attempt = decodeUtf8Window(bytes, offsets, s);
    if (attempt) {
      const [e, decoded] = attempt;
      let original = chars.slice(s, e).join('');
      if (decoded.length >= 2 && commonCount(decoded) - commonCount(original) >= 2) {
        const from = start + chars.slice(0, s).join('').length;
        const span: PendingMojibake = { original, repaired: decoded, kept: decoded, reading: decoded };
        // The last character cut short: its final byte was lost and shows as `?` or U+FFFD.
        const tail = chars[e];
        const after = text[from + original.length + (tail?.length ?? 0)];
        if (e === chars.length - 1 && tail && isUtf8Prefix(gbkBytes(tail)!) && after && MARKERS.has(after)) {
          original += tail + after;
          span.original = original;
          span.repaired = null;
          span.reading += UNKNOWN;
        }
        found.push({ start: from, end: from + original.length, span, dropSentence: false });
        s = e;
        continue;
      }
    }
    s++;
  }
  return found;
}

/** Whether bytes are the start of a 3-byte UTF-8 sequence for a CJK character. */
function isUtf8Prefix(bytes: number[]): boolean {
  const [a, b] = bytes;
  return (
    a !== undefined &&
    a >= 0xe3 &&
    a <= 0xe9 &&
    bytes.length <= 2 &&
    (b === undefined || (b >= 0x80 && b <= 0xbf))
  );
}

/** Decodes 3-byte UTF-8 CJK sequences from the byte offset of char `s`; ends on a char boundary. */
function decodeUtf8Window(bytes: number[], offsets: number[], s: number): [number, string] | null {
  let p = offsets[s]!;
  let decoded = '';
  let best: [number, string] | null = null;
  while (p + 2 < bytes.length) {
    const [a, b, c] = [bytes[p]!, bytes[p + 1]!, bytes[p + 2]!];
    if (a < 0xe3 || a > 0xe9 || b < 0x80 || b > 0xbf || c < 0x80 || c > 0xbf) break;
    const ch = String.fromCharCode(((a & 0x0f) << 12) | ((b & 0x3f) << 6) | (c & 0x3f));
    if (!HAN.test(ch) && !/[\u3000-\u303F\uFF00-\uFFEF]/.test(ch)) break;
    decoded += ch;
    p += 3;
    const boundary = offsets.indexOf(p);
    if (boundary > s) best = [boundary, decoded];
  }
  return best;
}

const SENTENCE_END = /[。！？!?\n]/;

/**
 * Finds mojibake spans in `text` and replaces each with what can be recovered, prefixed by its
 * private-use mark. Spans whose bytes were lost keep only their exactly recovered characters; when
 * the loss touches a figure, the rest of that sentence goes too (a wrong digit must not be cited).
 */
export function repairMojibake(text: string): { text: string; spans: PendingMojibake[] } {
  const found: Found[] = findUtf8AsGbk(text).slice(0, MAX_SPANS);
  const covered = found.map((f) => [f.start, f.end] as const);
  const context = contextOf(text);
  let examined = 0;
  for (let i = 0; i < text.length && found.length < MAX_SPANS && examined < MAX_EXAMINED; i++) {
    if (!MARKERS.has(text[i]!) || covered.some(([a, b]) => a <= i && i < b)) continue;
    const next = text[i + 1] ?? '';
    const rest = PINYIN_REST.exec(text.slice(i + 1, i + 15));
    const inChinese =
      text[i] === '\uFFFD' ||
      isByteBearing(next) ||
      MARKERS.has(next) ||
      (rest !== null && TONED.test(rest[1]!));
    if (!inChinese) continue;
    examined++;
    const hit = findOutOfStep(text, i, context);
    if (hit) {
      found.push(hit);
      i = hit.end - 1;
    }
  }
  found.sort((a, b) => a.start - b.start);

  let out = '';
  let at = 0;
  const spans: PendingMojibake[] = [];
  for (const hit of found) {
    if (hit.start < at) continue;
    out += text.slice(at, hit.start) + String.fromCharCode(MARK_BASE + spans.length) + hit.span.kept;
    at = hit.end;
    if (hit.dropSentence) {
      const rest = text.slice(at);
      const stop = rest.search(SENTENCE_END);
      const dropped = stop < 0 ? rest : rest.slice(0, stop);
      hit.span.original += dropped;
      at += dropped.length;
    }
    spans.push(hit.span);
  }
  return { text: out + text.slice(at), spans };
}

/**
 * Removes the marks `repairMojibake` put in a finished text; `offsets.get(k)` is where span k's
 * replacement starts (absent when cleaning removed the line it was in).
 */
export function takeMarks(text: string): { text: string; offsets: Map<number, number> } {
  const offsets = new Map<number, number>();
  const text2 = text.replace(MARKS, (mark, at: number) => {
    offsets.set(mark.charCodeAt(0) - MARK_BASE, at);
    return '';
  });
  // `at` counts the marks before it; correct for them.
  let removed = 0;
  for (const [k, at] of [...offsets].sort((a, b) => a[1] - b[1])) offsets.set(k, at - removed++);
  return { text: text2, offsets };
}
