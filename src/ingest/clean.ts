/**
 * Cleaning of one decoded article: the text that citations quote, its headings, and the title and
 * byline lines that metadata is read from. Every rule here was written against the real corpus:
 * pinyin annotations (003, 004), page chrome (002, 003), a spam list of county names (003),
 * out-of-step mojibake (003, 004), and a file that is one long line (004).
 */
import type { TextSpan } from '../types.js';
import { MARKS, repairMojibake, takeMarks, type MojibakeSpan } from './mojibake.js';

export type { MojibakeSpan } from './mojibake.js';

export interface CleanStats {
  /** Lines (or in-line click counters) of page chrome removed. */
  chromeLinesRemoved: number;
  /** Pinyin annotations such as `(dòng)` removed. */
  pinyinRemoved: number;
  /** Names removed with the spam list of county names. */
  countyListRemoved: number;
  mojibake: MojibakeSpan[];
}

export interface CleanedArticle {
  /** Paragraphs separated by `\n`, title first; what citations slice by offsets. Original script. */
  text: string;
  headings: TextSpan[];
  /** The title as it stands on the first line of `text`, or null when the article has none. */
  titleLine: string | null;
  /** Date, outlet, author and editor lines (not part of `text`), click counters removed. */
  bylineLines: string[];
  stats: CleanStats;
}

// Tone-marked Latin letters: what tells a pinyin annotation from a real parenthesis.
const TONED = /[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]/u;
const PINYIN_ANNOTATION =
  /(?<=\p{Script=Han}|\p{Script=Han}[\uF000-\uF7CF])[(（]([A-Za-züÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙńňǹḿ]{1,30})[)）]/gu;
// Neutral-tone syllables carry no tone mark; they count only in articles annotated throughout.
const NEUTRAL = new Set(['de', 'le', 'me', 'men', 'zi', 'ma', 'ne', 'ba', 'zhe']);

const BREADCRUMB =
  /^(?:您当前的位置|您當前的位置|您现在的位置|您現在的位置|当前位置|當前位置|所在位置)\s*[:：]/u;
const COUNTER = /\s*(?:点击|點擊|浏览|瀏覽|阅读|閱讀)(?:率|量|数|數|次数|次數)?\s*[:：]\s*\d*/gu;
const LONE_NUMBER = /^\d{1,6}$/u;
const SOCIAL =
  /^(?:微信公众号|微信公眾號|官方微博|官方微信|微信号|微信號|新浪微博|扫码关注|掃碼關注|扫一扫|掃一掃|手机版|手機版|二维码|二維碼|分享到)\s*[:：]?.{0,12}$/u;
const EDITOR = /^[(（]?\s*(?:责编|責編|责任编辑|責任編輯|编辑|編輯|审核|審核|校对|校對)\s*[:：]/u;
const PIPES_ONLY = /^[|｜\s]+$/u;
const TRAILING_PIPES = /\s*[|｜]+\s*$/u;
const COUNTY_ITEM = /^[\p{Script=Han}:：]{2,12}$/u;
const COUNTY_END = /[县縣市区區旗省州盟]$/u;
const TRAILING_COUNTY_RUN = /(?:[^\s|｜,，。]{2,12}\s*[|｜]\s*){5,}$/u;

const DATE = /(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/u;
const BYLINE_LABEL =
  /(?:作者|来源|來源|发布时间|發布時間|发布日期|發布日期|时间|時間|日期|记者|記者|通讯员|通訊員)\s*[:：]/u;
// A closing credit such as `(和金蓮 和義光)` or `(记者 张三)`.
const CREDIT =
  /^[(（]\s*(?:(?:记者|記者|通讯员|通訊員|作者)[:：\s]*)?[\p{Script=Han}·]{2,5}(?:[\s、,，]+[\p{Script=Han}·]{2,5}){0,4}\s*[)）]$/u;

const SENTENCE_FINAL = '。！？!?；;';
const SOFT_PUNCT = ',，、';
const OPENERS = '(（《“「『【[';
const CLOSERS = ')）》”」』】]';
const ENDS_NOT_HEADING = /[。！？!?；;…,，、:：]$/u;
const HAN_ALL = /\p{Script=Han}/gu;
// A line this long with inner spaces is a page flattened to one line (004).
const FLAT_LINE = 300;

/** The text without the mojibake position marks (what readers see). */
function visible(s: string): string {
  return s.replace(MARKS, '');
}

function hanCount(s: string): number {
  return s.match(HAN_ALL)?.length ?? 0;
}

/** Makes arbitrary input safe to process: one newline style, no controls, no lone surrogates. */
function sanitize(raw: string): string {
  return (
    raw
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point here
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u0084\u0086-\u009F]/g, '')
      // Private-use U+F000–U+F7CF are the span marks of mojibake.ts; other private-use characters
      // stay (GBK decoders produce them, and out-of-step damage needs their bytes).
      .replace(/[\u200B-\u200D\u2060\uFEFF\uF000-\uF7CF]/g, '')
      .normalize('NFC')
  );
}

function isHeadingLike(s: string): boolean {
  const v = visible(s).trim();
  return (
    v.length >= 4 && v.length <= 40 && hanCount(v) >= 4 && !v.includes('。') && !ENDS_NOT_HEADING.test(v)
  );
}

/**
 * Folds the whitespace of one line and splits it where the whitespace stood for a paragraph break:
 * after a sentence end, and — in a page flattened to one line — after a heading. Spaces after a
 * comma between Chinese characters are line-wrap leftovers and go; spaces inside brackets stay.
 */
function splitLine(line: string): string[] {
  const words = line.trim().split(/\s+/u);
  if (words.length === 1) return [words[0]!];
  const flat = line.length >= FLAT_LINE;
  const out: string[] = [];
  let current = '';
  let depth = 0;
  for (const [k, word] of words.entries()) {
    if (k > 0) {
      const left = visible(current).slice(-1);
      const right = visible(word).charAt(0);
      if (depth > 0) current += ' ';
      else if (SENTENCE_FINAL.includes(left) && !CLOSERS.includes(right) && !SENTENCE_FINAL.includes(right)) {
        out.push(current);
        current = '';
      } else if (flat && isHeadingLike(current)) {
        out.push(current);
        current = '';
      } else if (SOFT_PUNCT.includes(left) && /[\p{Script=Han}“「《(（]/u.test(right)) {
        // joined without the space
      } else current += ' ';
    }
    current += word;
    for (const ch of word) {
      if (OPENERS.includes(ch)) depth++;
      else if (CLOSERS.includes(ch) && depth > 0) depth--;
    }
  }
  out.push(current);
  return out;
}

/** Names in a `|`-separated spam list of counties (003's footer), or null when `s` is not one. */
function countyList(s: string): string[] | null {
  const items = visible(s)
    .split(/[|｜]/u)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
  if (items.length < 5) return null;
  if (!items.every((x) => COUNTY_ITEM.test(x))) return null;
  return items.filter((x) => COUNTY_END.test(x)).length >= items.length * 0.6 ? items : null;
}

type Kind = 'chrome' | 'byline' | 'content';
interface Segment {
  text: string;
  kind: Kind;
}

/**
 * Cleans one decoded article. Never throws; hostile input gives an empty or short `text`.
 */
export function cleanArticle(raw: string): CleanedArticle {
  const stats: CleanStats = { chromeLinesRemoved: 0, pinyinRemoved: 0, countyListRemoved: 0, mojibake: [] };
  const input = sanitize(raw);

  const repaired = repairMojibake(input);

  const toned = input.match(/[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]/gu)?.length ?? 0;
  const annotated = toned >= 3;
  const noPinyin = repaired.text.replace(PINYIN_ANNOTATION, (match, syllable: string) => {
    const lower = syllable.toLowerCase();
    if (!TONED.test(lower) && !(annotated && NEUTRAL.has(lower))) return match;
    stats.pinyinRemoved++;
    return '';
  });

  const segments: Segment[] = noPinyin
    .split('\n')
    .flatMap(splitLine)
    .filter((s) => s.trim().length > 0)
    .map((text) => ({ text, kind: 'content' as Kind }));

  markChrome(segments, stats);
  const content = () => segments.filter((s) => s.kind === 'content');
  const bylineLines = markBylines(segments);
  // The editor's credit (责编:…) is page chrome in the text but a field of the record.
  for (const s of segments)
    if (s.kind === 'chrome' && EDITOR.test(visible(s.text).trim()))
      bylineLines.push(visible(s.text).trim().replace(/\s+/gu, ' '));

  const body = content();
  let titleLine: string | null = null;
  const first = body[0];
  if (first && body.length > 1) {
    const v = visible(first.text);
    if (v.length <= 80 && hanCount(v) >= 2 && !/[。！!？?；;,，:：]$/u.test(v)) titleLine = v;
  }

  // Assemble the text; marks are taken out paragraph by paragraph so offsets are final.
  const headings: TextSpan[] = [];
  const parts: string[] = [];
  const spanOffsets = new Map<number, number>();
  let length = 0;
  body.forEach((segment, i) => {
    const { text, offsets } = takeMarks(segment.text.trim());
    if (text.length === 0 && offsets.size === 0) return;
    if (parts.length > 0) length += 1;
    for (const [k, at] of offsets) spanOffsets.set(k, length + at);
    const isTitle = i === 0 && titleLine !== null;
    if (!isTitle && i < body.length - 1 && isHeadingLike(text))
      headings.push({ text, start: length, end: length + text.length });
    parts.push(text);
    length += text.length;
  });
  const text = parts.join('\n');

  repaired.spans.forEach((span, k) => {
    const offset = spanOffsets.get(k);
    // A span inside removed chrome or a byline is not in the citable text at all.
    if (offset !== undefined) stats.mojibake.push({ ...span, offset });
  });
  if (titleLine !== null) titleLine = parts[0] ?? null;
  return { text, headings, titleLine, bylineLines, stats };
}

/** Marks page chrome and the county spam list; strips click counters and trailing pipes in place. */
function markChrome(segments: Segment[], stats: CleanStats): void {
  for (const [i, segment] of segments.entries()) {
    let v = visible(segment.text).trim();
    const counties = countyList(segment.text);
    if (counties) {
      segment.kind = 'chrome';
      stats.countyListRemoved += counties.length;
      continue;
    }
    const run = TRAILING_COUNTY_RUN.exec(segment.text);
    if (run && countyList(run[0])) {
      stats.countyListRemoved += countyList(run[0])!.length;
      segment.text = segment.text.slice(0, run.index);
      v = visible(segment.text).trim();
    }
    const counters = segment.text.match(COUNTER)?.length ?? 0;
    if (counters > 0) {
      segment.text = segment.text.replace(COUNTER, '');
      v = visible(segment.text).trim();
      if (v.length > 0) stats.chromeLinesRemoved += counters;
    }
    if (!PIPES_ONLY.test(v) && TRAILING_PIPES.test(v)) {
      segment.text = segment.text.replace(TRAILING_PIPES, '');
      v = visible(segment.text).trim();
      stats.chromeLinesRemoved++;
    }
    const isChrome =
      v.length === 0 ||
      BREADCRUMB.test(v) ||
      LONE_NUMBER.test(v) ||
      PIPES_ONLY.test(v) ||
      (EDITOR.test(v) && v.length <= 30) ||
      !/[\p{L}\p{N}]/u.test(v);
    if (isChrome) {
      segment.kind = 'chrome';
      stats.chromeLinesRemoved++;
      continue;
    }
    if (SOCIAL.test(v)) {
      segment.kind = 'chrome';
      stats.chromeLinesRemoved++;
      // The outlet's name stands on the line before each social-media block.
      const firstContent = segments.findIndex((s) => s.kind === 'content');
      for (let j = i - 1; j > firstContent && j >= 0; j--) {
        const prev = segments[j]!;
        if (prev.kind !== 'content') continue;
        const pv = visible(prev.text).trim();
        if (pv.length <= 20 && hanCount(pv) >= 2 && !/[\p{P}\p{S}\d]/u.test(pv)) {
          prev.kind = 'chrome';
          stats.chromeLinesRemoved++;
        }
        break;
      }
    }
  }
}

/** Marks the date/outlet/author lines near the top and a closing author credit; returns them. */
function markBylines(segments: Segment[]): string[] {
  const content = segments.filter((s) => s.kind === 'content');
  const lines: string[] = [];
  for (const segment of content.slice(0, 6)) {
    const v = visible(segment.text).trim();
    if (v.length > 120 || v.includes('。')) break;
    const leading = /^(?:(?:19|20)\d{2}\s*[-/.年]|作者|来源|來源|发布|發布)/u.test(v);
    if ((DATE.test(v) || BYLINE_LABEL.test(v)) && (segment !== content[0] || leading)) {
      segment.kind = 'byline';
      lines.push(v.replace(/\s+/gu, ' '));
    }
  }
  const last = content[content.length - 1];
  if (last && content.length > 1 && last.kind === 'content' && CREDIT.test(visible(last.text).trim())) {
    last.kind = 'byline';
    lines.push(visible(last.text).trim());
  }
  return lines;
}
