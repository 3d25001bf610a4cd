/**
 * Is a decoded text plausibly an article? Random bytes can decode as GB18030 without a single error
 * (its two-byte range covers 24,000 codes), and a file can be valid UTF-8 yet hold one megabyte of
 * junk on one line. Both would be indexed as articles and crowd real passages out of the results.
 *
 * Three checks, each general and measured on the real corpus (figures in the comments):
 * - Han characters must be mostly common ones: GB2312's 6,763 characters (the national standard's
 *   selection by frequency of use) with their Traditional forms. Real articles: 99.7–100 %, including
 *   the Traditional ones and the GBK-mojibake spans; random GBK pairs: about 30 %.
 * - Characters overall must be mostly letters, digits, punctuation and spaces of the scripts an article
 *   uses (Latin, CJK), not symbols, kana, Cyrillic, private-use or box-drawing characters that a wrong
 *   decoding scatters about. Real articles: ≥ 99 %; random GB18030: about 50 %.
 * - No line longer than any paragraph could be, and no stretch without a sentence break longer than a
 *   long sentence. Real articles: longest stretch 306 characters, longest line 3,748.
 */
import iconv from 'iconv-lite';
import { toTraditional } from '../text/script.js';

const MIN_COMMON_HAN_SHARE = 0.8;
const MIN_PLAUSIBLE_SHARE = 0.8;
/** Below this many Han characters the share says little (an English article, a short note). */
const MIN_HAN_FOR_SHARE = 50;
const MIN_CHARS_FOR_SHARE = 100;
const MAX_LINE_CHARS = 50_000;
const MAX_UNBROKEN_CHARS = 2_000;

let commonHan: Set<string> | null = null;

/**
 * GB2312's Han characters (levels 1 and 2) and their Traditional forms (the Hong Kong forms that differ
 * are few: the share threshold leaves room for them).
 */
function commonHanCharacters(): Set<string> {
  if (commonHan) return commonHan;
  const bytes: number[] = [];
  for (let row = 0xb0; row <= 0xf7; row++) for (let cell = 0xa1; cell <= 0xfe; cell++) bytes.push(row, cell);
  const simplified = iconv.decode(Buffer.from(bytes), 'gb2312').replace(/[^\p{Script=Han}]/gu, '');
  commonHan = new Set([...simplified, ...toTraditional(simplified)]);
  return commonHan;
}

const HAN = /\p{Script=Han}/u;
// Letters, digits, punctuation and spaces of Latin and CJK text (with full-width forms); the
// pinyin annotations of the Traditional articles are Latin letters with tone marks.
const PLAUSIBLE =
  /[\p{Script=Latin}\p{Script=Han}\p{Nd}\s\p{P}\u0300-\u036F\u2000-\u206F\u3000-\u303F\uFF01-\uFF5E+=<>|~^`$%°×÷·•℃]/u;
// Where a sentence (or a heading, a list item) may end.
const BREAK = /[\n。！？!?；;：:…]|\.(?:\s|$)/u;

const percent = (share: number) => `${Math.round(100 * share)}%`;

/** Why `text` is not plausibly an article, or null when it is. Linear in the text's length. */
export function implausibility(text: string): string | null {
  const common = commonHanCharacters();
  let total = 0;
  let han = 0;
  let commonCount = 0;
  let plausible = 0;
  let line = 1;
  let lineChars = 0;
  let unbroken = 0;
  let lineProblem: string | null = null;
  for (const ch of text) {
    total++;
    if (ch === '\n') {
      line++;
      lineChars = 0;
    } else if (++lineChars > MAX_LINE_CHARS)
      lineProblem ??= `line ${line} is over ${MAX_LINE_CHARS.toLocaleString('en')} characters long: not article text`;
    unbroken = BREAK.test(ch) ? 0 : unbroken + 1;
    if (unbroken > MAX_UNBROKEN_CHARS)
      lineProblem ??= `line ${line} runs over ${MAX_UNBROKEN_CHARS.toLocaleString('en')} characters without a sentence break: not article text`;
    if (HAN.test(ch)) {
      han++;
      plausible++;
      if (common.has(ch)) commonCount++;
    } else if (PLAUSIBLE.test(ch)) plausible++;
  }
  // The character shares say more about a wrong decoding than the line checks: they come first.
  if (han >= MIN_HAN_FOR_SHARE && commonCount / han < MIN_COMMON_HAN_SHARE)
    return `only ${percent(commonCount / han)} of its ${han} Chinese characters are common ones (articles have over ${percent(MIN_COMMON_HAN_SHARE)}): not Chinese text, or a wrong encoding`;
  if (total >= MIN_CHARS_FOR_SHARE && plausible / total < MIN_PLAUSIBLE_SHARE)
    return `only ${percent(plausible / total)} of its characters are letters, digits or punctuation (articles have over ${percent(MIN_PLAUSIBLE_SHARE)}): not text, or a wrong encoding`;
  return lineProblem;
}
