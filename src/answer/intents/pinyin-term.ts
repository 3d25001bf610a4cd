/**
 * A name typed in pinyin in an English question ('three shows' (san liang), "shuji zhua, zhua
 * shuji"): the quoted term of the place's reports whose toneless pinyin it spells (“三亮”,
 * “书记抓、抓书记”). Only the articles of the places named are read, and only when the question
 * offers a Latin name.
 */
import { toSimplified } from '../../text/script.js';
import { pinyinKey } from '../../text/pinyin.js';
import type { ArticleRecord } from '../../types.js';
import { QUOTED_NAME } from './measures.js';

/** Latin text a question offers as a name: quoted, or in parentheses. */
const LATIN_NAME = /["'“‘(（]([A-Za-z][A-Za-z ,\-'’]{1,60}[A-Za-z])["'”’)）]/gu;
/** Fewer letters than this spell no name (a lone "wu" is many words). */
const MIN_KEY = 5;

export function termByPinyin(question: string, articles: ArticleRecord[]): string | null {
  const keys = new Set(
    [...question.matchAll(LATIN_NAME)]
      .map((m) => m[1]!.toLowerCase().replace(/[^a-z]/gu, ''))
      .filter((k) => k.length >= MIN_KEY),
  );
  if (keys.size === 0) return null;
  for (const article of articles)
    for (const m of article.text.matchAll(QUOTED_NAME)) {
      const term = m[1]!;
      if (/^\p{Script=Han}/u.test(term) && keys.has(pinyinKey(term))) return toSimplified(term);
    }
  return null;
}
