/**
 * The one way user-facing words are defined: a Simplified table and an English table with the same
 * keys; the Traditional table is derived from the Simplified one with OpenCC, so the two Chinese tables
 * can never drift apart. Data (titles, quotes) never goes through here.
 */
import { toTraditional, type Script } from '../../text/script.js';

export type Lang = Script;

type Entry = string | ((...args: never[]) => string);
type Args<E> = E extends (...args: infer A) => string ? A : [];

export interface StringTable<T extends Record<string, Entry>> {
  /** The string `key` in `lang`, with its arguments filled in. */
  t<K extends keyof T & string>(lang: Lang, key: K, ...args: Args<T[K]>): string;
}

/** Defines a table of strings; `en` must have exactly the keys of `zhHans`. */
export function defineStrings<T extends Record<string, Entry>>(
  zhHans: T,
  en: { [K in keyof T]: T[K] },
): StringTable<T> {
  const tables = new Map<Lang, T>([
    ['zh-Hans', zhHans],
    ['zh-Hant', zhHans],
    ['en', en as T],
  ]);
  return {
    t(lang, key, ...args) {
      const table = tables.get(lang) ?? zhHans;
      // Keys are typed, but guard against inherited names all the same (`constructor`, `toString`).
      if (!Object.hasOwn(table, key)) throw new Error(`no string "${key}"`);
      const entry = table[key] as Entry;
      const text = typeof entry === 'function' ? (entry as (...a: unknown[]) => string)(...args) : entry;
      return lang === 'zh-Hant' ? toTraditional(text) : text;
    },
  };
}
