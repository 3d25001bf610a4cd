/**
 * Question → one typed intent, by the cue table in `table.ts` (the only place cues live).
 */
import { toSimplified } from '../../text/script.js';
import {
  ARTICLE_WORD,
  DOMAIN_WORD,
  INTENT_TABLE,
  METADATA_FIELDS,
  NUMBER_WORDS,
  type IntentKind,
  type MetadataField,
} from './table.js';

export type { IntentKind, MetadataField } from './table.js';

export interface Intent {
  kind: IntentKind;
  /** The places the question names (as the caller's resolver found them), in order. */
  places: string[];
  /** list/definition: the name asked about (quoted in the question, or a known list name it contains). */
  listName: string | null;
  /**
   * definition: a name asked what it is without quotes (关累港口联合工作委员会是个什么样的组织?). Not a
   * list name: the engine does not refuse a question whose articles lack it as written.
   */
  term?: string;
  /** list: the number of members the question names (哪五边 → 5, "the four" → 4). */
  count: number | null;
  /** metadata: the fields asked for. */
  fields: MetadataField[];
}

export interface ClassifyContext {
  /** Places the question names (region names found by the resolver). */
  places?: string[];
  /** Names of the lists the corpus's articles define (`ArticleList.name`), to spot unquoted names. */
  listNames?: string[];
  /** Values of the article records (authors, outlets, years): "西藏日报发表了哪篇文章?" asks by one. */
  recordValues?: string[];
  /** The articles' titles (Simplified): a question naming one whole points at that article. */
  titles?: string[];
}

// Double and CJK quotes first; a straight single quote only when it opens a word (not Fengqing's).
const QUOTED = /[“"「『]([^”"」』]{1,40})[”"」』]|[‘]([^’]{1,30})[’]|(?<![A-Za-z])'([^']{1,40})'/u;

/** Every term a question quotes, in order (「三抓三提」和「三抓三强化」 asks about both). */
export function quotedTerms(hans: string): string[] {
  const all = new RegExp(QUOTED.source, 'gu');
  return [...hans.matchAll(all)].map((m) => (m[1] ?? m[2] ?? m[3]!).trim()).filter((t) => t !== '');
}

/**
 * The parts of a quoted term that joins several (纵向到底、横向覆盖): an article may quote each
 * apart (“纵向到底”…“横向覆盖”). A term of one part is itself.
 */
export function termParts(term: string): string[] {
  const parts = toSimplified(term)
    .split(/[、，,;；]|(?:和|与|及)(?=\p{Script=Han}{2})/u)
    .map((p) => p.trim())
    .filter((p) => [...p].length >= 2);
  return parts.length > 0 ? parts : [toSimplified(term)];
}

/**
 * Whether a text (Simplified) uses a quoted name: each of its parts, or, for a name of four
 * characters, each of the two words it joins (冬训夏培 for 1月份“冬训”、5-7月份“夏培”).
 */
export function usesTerm(text: string, term: string): boolean {
  if (termParts(term).every((p) => text.includes(p))) return true;
  const hans = toSimplified(term);
  return /^\p{Script=Han}{4}$/u.test(hans) && text.includes(hans.slice(0, 2)) && text.includes(hans.slice(2));
}

/** The name a question asks about: its quoted term, else the longest known list name it contains. */
export function askedListName(hans: string, listNames: string[] = []): string | null {
  const quoted = QUOTED.exec(hans);
  if (quoted) return (quoted[1] ?? quoted[2] ?? quoted[3]!).trim();
  const known = listNames
    .map((n) => toSimplified(n))
    .filter((n) => n.length >= 2 && hans.includes(n))
    .sort((a, b) => b.length - a.length);
  return known[0] ?? null;
}

/** The member count a question asks for: 哪五边 → 5, 哪四个 → 4, "the four" → 4. */
export function askedCount(question: string): number | null {
  const hans = toSimplified(question).toLowerCase();
  const value = (w: string) => NUMBER_WORDS[w] ?? Number(w);
  // Counts asked together add up: 哪两市三旗 asks for five, "which two cities and three banners" too.
  const zh =
    /哪((?:[一二两三四五六七八九十]|\d+)\p{Script=Han}?(?:[和与及、]?(?:[一二两三四五六七八九十]|\d+)\p{Script=Han})*)/u.exec(
      hans,
    );
  if (zh)
    return [...zh[1]!.matchAll(/[一二两三四五六七八九十]|\d+/gu)].reduce((sum, m) => sum + value(m[0]), 0);
  const number = '(?:two|three|four|five|six|seven|eight|nine|ten|\\d+)';
  const en = new RegExp(
    `\\b(?:the|its|all|are|which|what)\\s+(${number}(?:\\s+[a-z-]+)?(?:\\s+and\\s+${number}(?:\\s+[a-z-]+)?)*)`,
    'u',
  ).exec(hans);
  if (en)
    return [...en[1]!.matchAll(new RegExp(`\\b${number}\\b`, 'gu'))].reduce((sum, m) => sum + value(m[0]), 0);
  return null;
}

/** Both tables apply: a question may mix the languages ("Which article was published by 西藏日报?"). */
function matches(kind: (typeof INTENT_TABLE)[number], hans: string, lower: string): boolean {
  return kind.en.some((re) => re.test(lower)) || kind.zh.some((re) => re.test(hans));
}

/** "X是(个)什么(样的)(组织)?": what kind of thing X is. */
const WHAT_KIND_OF =
  /^(\p{Script=Han}[\p{Script=Han}“”「」]{1,30}?)(?:到底|究竟)?是(?:个|一个)?(?:什么|怎样的|怎么样的)(?:样的|样)?(?:组织|机构|平台|制度|机制|模式|东西|载体)?[?？]?$/u;
const MIN_TERM_CHARS = 4;
/** A title this long named in a question is the article's (a shorter one may be a common phrase). */
const MIN_TITLE_CHARS = 6;

/** Classifies a (standalone) question into one intent. Pure: same question, same intent. */
export function classifyIntent(question: string, context: ClassifyContext = {}): Intent {
  const raw = String(question ?? '');
  // Colloquial 啥 asks what 什么 asks (是啥 = 是什么).
  // (咋 asks what 怎么 asks: 咋推进的 = 怎么推进的.)
  const hans = toSimplified(raw.normalize('NFKC')).replace(/啥/gu, '什么').replace(/咋/gu, '怎么');
  const lower = hans.toLowerCase();
  const places = context.places ?? [];
  const fields = METADATA_FIELDS.filter((f) => f.en.test(lower) || f.zh.test(hans)).map((f) => f.field);
  const namesRecord = (context.recordValues ?? []).some(
    (v) => v.length >= 2 && lower.includes(v.toLowerCase()),
  );
  // "鲁天才写了哪篇文章?" / "哪篇文章是2016年发表的?": an article asked for by a value of its record.
  if (namesRecord && /哪篇|哪些文章|哪几篇|which articles?/u.test(lower) && !fields.includes('articles'))
    fields.push('articles');
  const namesTitle = (context.titles ?? []).some((t) => [...t].length >= MIN_TITLE_CHARS && hans.includes(t));
  const listName = askedListName(hans, context.listNames);
  const count = askedCount(raw);
  const base = { places, listName, count, fields: [] as MetadataField[] };

  for (const entry of INTENT_TABLE) {
    // (A field's own cue, 什么时候发的, makes a metadata question as the kind's cues do.)
    const fieldCue = entry.kind === 'metadata' && fields.length > 0;
    if (!matches(entry, hans, lower) && !fieldCue) continue;
    if (entry.needs === 'two-places' && new Set(places).size < 2) continue;
    if (entry.needs === 'no-domain-word' && DOMAIN_WORD.test(lower)) continue;
    if (entry.needs === 'article-word-or-field' || (namesRecord && fields.includes('articles'))) {
      // (Two fields asked together, which paper and when, point at an article on their own; a
      // title may be an honour's, "the national title of …".)
      const strongField =
        fields.filter((f) => f !== 'title').length >= 2 ||
        fields.some((f) => f === 'author' || f === 'editor' || f === 'articles' || f === 'untitled');
      // (So does an article's title: 小中甸镇党建工作综述是哪年发表的.)
      if (fields.length === 0 || (!strongField && !ARTICLE_WORD.test(lower) && !namesTitle)) continue;
      // "哪些文章提到了…" asks which articles say something: a which-places question.
      if (
        fields.length === 1 &&
        fields[0] === 'articles' &&
        !/几篇|多少篇|how many/u.test(lower) &&
        /提到|提及|涉及|讲|谈|说|mention|about|discuss/u.test(lower)
      )
        continue;
      return { ...base, kind: 'metadata', fields };
    }
    // A quoted or known name asked "包括哪些/是哪N个" is a list even when a how-word (措施) is there too.
    if (entry.kind === 'how' && (count !== null || (listName !== null && /哪些|哪几|包括|包含/u.test(hans))))
      return { ...base, kind: 'list' };
    return { ...base, kind: entry.kind };
  }
  // "凤庆县的“四个工程”是什么?": a named thing asked what it is, is asked for its definition.
  if (listName !== null && /什么|哪|\bwhat\b|\bwhich\b/u.test(lower)) return { ...base, kind: 'definition' };
  // So is an unquoted name (关累港口联合工作委员会是个什么样的组织?); the definition composer answers
  // only when the reports use the name as written.
  const term = WHAT_KIND_OF.exec(hans)?.[1]?.replace(/^.*的/u, '');
  if (term && [...term].length >= MIN_TERM_CHARS) return { ...base, term, kind: 'definition' };
  return { ...base, kind: 'fact' };
}
