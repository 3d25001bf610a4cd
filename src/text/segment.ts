/**
 * Chinese word segmentation (jieba via @node-rs/jieba). LanceDB's full-text tokenizers do not
 * segment Chinese, so the index stores jieba tokens joined by spaces and queries are cut the same way.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { toSimplified } from './script.js';

let jieba: Jieba | undefined;
/** The process's one jieba instance (its dictionary takes ~100 ms and tens of MB to load). */
export function jiebaInstance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS));
  }
  return jieba;
}

/**
 * Words of the regions' administration that jieba's dictionary lacks (嘎查, a Mongolian village, is
 * cut 嘎/查 and even 个嘎查): word, frequency, part of speech. Changing this changes the index's
 * tokens: bump PIPELINE_VERSION (src/ingest/build.ts) with it.
 */
const DOMAIN_WORDS = '嘎查 2000 n\n';
const instance = jiebaInstance;

const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 或 等 对 为 把 被 也 都 就 并 而 之 其 这 那 有 个 中 上 下 吗 呢 吧 啊 么 什么 哪些 哪 如何 怎么 怎样 多少 几 ' +
    '是否 请问 一下 关于 进行 开展 工作 情况 方面 哪个 谁 何 啥 指 指的是 是指 含义 意思 具体 主要 内容 有没有 做 做了 做法 采取 采取了 通过 获得 得到 怎么样 为什么 ' +
    '几个 几名 几项 几次 几位 几家 几所 几条 几支 几户 几年 哪一年 哪年 时候 一共 总共 多大 多 大 有 有多少 哪些地方 哪里 哪儿 ' +
    // (The words that ask for a list's members: 包括哪些方面 asks for members, about nothing.)
    '包括 包含 哪些方面 哪几个方面 哪几项 哪几条 分别是 有哪些 是哪些 ' +
    // (And the words that ask where something is said, or for names: 哪些文章讲到了…, 列一下名字.)
    '讲到 提到 说到 谈到 涉及 提及 讲了 说了 列 列一下 列出 列举 名字 ' +
    // (And the words that mark a part of a group: 队员当中, 县里下派的.)
    '当中 之中 其中 里面 里头 ' +
    // (And the words of asking which places or articles: 哪几个地方的文章讲到了….)
    '地方 文章 报道 稿子 ' +
    // (And colloquial joiners: 党建跟扶贫, 捆在一起.)
    '跟 一起 ' +
    // (And the aspect particles: 得过表彰, 挂着.)
    '过 着 ' +
    // (And the words that spread a question over the places it names: 各有, 两地, 两边, 有何不同.)
    '各有 两地 两边 双方 有何 ' +
    // (And the framing of a topic: 围绕口岸来做.)
    '围绕 来 来做 来搞'
  ).split(' '),
);

/** Colloquial 县里/州里 (the county, the prefecture) as the reports write them. */
const COLLOQUIAL_UNIT = /^([县州市镇乡村旗省])里$/u;
const formal = (t: string) => t.replace(COLLOQUIAL_UNIT, '$1');

/** Search-friendly tokens of a text, Simplified, without punctuation or whitespace. */
export function segment(text: string): string[] {
  const simplified = toSimplified(text.normalize('NFKC'));
  return instance()
    .cutForSearch(simplified, true)
    .map((t) => formal(t.trim().toLowerCase()))
    .filter((t) => t.length > 0 && /[\p{L}\p{N}]/u.test(t));
}

/** Tokens without function words: what a keyword query should match on. */
export function keywords(text: string): string[] {
  return [...new Set(segment(text).filter((t) => !STOPWORDS.has(t)))];
}

/**
 * The question's words as jieba's precise mode cuts them (no overlapping sub-words), without
 * function words: what an answer sentence should contain.
 */
export function primaryKeywords(text: string): string[] {
  const simplified = toSimplified(text.normalize('NFKC'));
  return [
    ...new Set(
      instance()
        .cut(simplified, true)
        .map((t) => formal(t.trim().toLowerCase()))
        .filter((t) => t.length > 0 && /[\p{L}\p{N}]/u.test(t) && !STOPWORDS.has(t)),
    ),
  ];
}

/** The full-text column's content: jieba tokens joined by single spaces. */
export function toIndexText(text: string): string {
  return segment(text).join(' ');
}

const MAX_REPAIR_CHARS = 4;

/**
 * Words of the corpus that jieba's cut of a question broke apart (联防护边 → 联/防护/边, where the
 * reports write 联防 and 护边): in each run of single characters and words the corpus never uses,
 * the corpus's own words that cover most of it. `isKnown` says whether the index has a word.
 */
export function repairedWords(text: string, isKnown: (word: string) => boolean): string[] {
  return repairCut(text, isKnown).words;
}

/**
 * The repair of jieba's cut of a question: the corpus's words found in its broken runs, and the
 * broken words those words replace — a run covered but for one character was mis-cut (做爱边护边
 * → 做爱/边护边, read 爱边、护边): its unknown words are artefacts of the cut, not words asked.
 */
export function repairCut(
  text: string,
  isKnown: (word: string) => boolean,
): { words: string[]; replaced: string[] } {
  const simplified = toSimplified(text.normalize('NFKC'));
  const tokens = instance().cut(simplified, true);
  const broken = (t: string) =>
    /^\p{Script=Han}+$/u.test(t) && !STOPWORDS.has(t) && ([...t].length === 1 || !isKnown(t));
  const out: string[] = [];
  const replaced: string[] = [];
  for (let i = 0; i < tokens.length;) {
    if (!broken(tokens[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && broken(tokens[j]!)) j++;
    const run = tokens.slice(i, j).join('');
    if (j - i >= 2) {
      const cover = bestCover(run, isKnown);
      out.push(...cover);
      const covered = cover.reduce((n, w) => n + [...w].length, 0);
      if (cover.length > 0 && covered >= [...run].length - 1)
        replaced.push(...tokens.slice(i, j).filter((t) => [...t].length >= 2));
    }
    i = j;
  }
  return { words: [...new Set(out)].filter((w) => !tokens.includes(w)), replaced };
}

/** The corpus's own words that make up a word it never uses (特色产业 → 特色, 产业). */
export function knownParts(word: string, isKnown: (word: string) => boolean): string[] {
  // (Not the function words in it: 具体 of 具体做法.)
  return [...word].length >= 3 ? bestCover(word, isKnown).filter((w) => !STOPWORDS.has(w)) : [];
}

/** The known words of two to four characters that cover most of a run (then the fewest words). */
function bestCover(run: string, isKnown: (word: string) => boolean): string[] {
  const chars = [...run];
  // best[i]: the cover of chars[i..] as [covered characters, words used, words].
  const best: [number, number, string[]][] = Array.from({ length: chars.length + 1 }, () => [0, 0, []]);
  for (let i = chars.length - 1; i >= 0; i--) {
    let pick = best[i + 1]!;
    for (let n = 2; n <= MAX_REPAIR_CHARS && i + n <= chars.length; n++) {
      const word = chars.slice(i, i + n).join('');
      if (!isKnown(word)) continue;
      const rest = best[i + n]!;
      const candidate: [number, number, string[]] = [rest[0] + n, rest[1] + 1, [word, ...rest[2]]];
      if (candidate[0] > pick[0] || (candidate[0] === pick[0] && candidate[1] < pick[1])) pick = candidate;
    }
    best[i] = pick;
  }
  return best[0]![2];
}
