/**
 * Which place each sentence of an article is about. Reports name a place as the subject of a
 * sentence (满洲里市出台…) and tell its further measures and figures in the sentences that follow,
 * until another place takes over; a place named later in a sentence (满洲里党建学院) is not its
 * subject. A paragraph starts with no subject (the article's own region).
 */
import type { Region, RegionResolver } from '../regions/regions.js';
import { splitSentences, type Span } from '../text/sentences.js';
import { toSimplified } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import type { Scope } from './snapshot.js';

export interface AttributedSentence extends Span {
  /** The place the sentence is about, or null (the article's own region). */
  subject: Region | null;
}

/** Words after a place name that make it part of an organisation's name (关累工委, 满洲里党建学院). */
export const ORGANISATION =
  /^(?:[党黨]|国门|國門|工委|委员|支队|支隊|海关|海關|边防|邊防|派出所|工商所|检查站|檢查站|港|口岸|出入境)|学院|學院|教学点|教學點/u;

/** Whether the place mentioned at `m` in `hans` starts an organisation's name (关累工委, 满洲里党建学院). */
export function opensOrganisation(hans: string, m: { index: number; text: string }): boolean {
  return ORGANISATION.test(hans.slice(m.index + m.text.length, m.index + m.text.length + 3));
}

/**
 * The places a question asks about: its targets, less those it names only inside an organisation's
 * name (关累 of 关累港口联合工作委员会).
 */
export function targetsAsked(scope: Pick<Scope, 'targets' | 'mentions'>, question: string): Region[] {
  const hans = toSimplified(question);
  return scope.targets.filter((t) =>
    scope.mentions.filter((m) => m.region.code === t.code).some((m) => !opensOrganisation(hans, m)),
  );
}

const cache = new WeakMap<ArticleRecord, AttributedSentence[]>();

/** The article's sentences with their subject place; computed once per article record. */
export function attributedSentences(resolver: RegionResolver, article: ArticleRecord): AttributedSentence[] {
  const cached = cache.get(article);
  if (cached) return cached;
  const out: AttributedSentence[] = [];
  let subject: Region | null = null;
  let previousEnd = 0;
  for (const s of splitSentences(article.text)) {
    if (article.text.slice(previousEnd, s.start).includes('\n')) subject = null;
    previousEnd = s.end;
    // The sentence's first clause names its subject, if it names a place at all.
    // (A short opener such as 近年来, or 2021年, is skipped to the clause after it.)
    const commas = [...s.text.matchAll(/[，,：:]/gu)].map((m) => m.index);
    const opener = commas[0] !== undefined && commas[0] <= 9;
    const from = opener ? commas[0]! + 1 : 0;
    const to = (opener ? commas[1] : commas[0]) ?? s.text.length;
    const clause = s.text.slice(from, to);
    const hans = toSimplified(clause);
    const named = resolver.findMentions(hans.length === clause.length ? hans : clause).filter(
      (m) =>
        // The subject opens its clause; a place name inside an organisation's name (关累工委,
        // 满洲里党建学院) is not one.
        m.index <= 4 && !opensOrganisation(hans, m),
    );
    if (named.length > 0) subject = named[0]!.region;
    out.push({ ...s, subject });
  }
  cache.set(article, out);
  return out;
}

/** The sentences whose subject lies in `path` (a place inside the article's region). */
export function sentencesAbout(resolver: RegionResolver, article: ArticleRecord, path: string[]): Span[] {
  return attributedSentences(resolver, article).filter(
    (s) => s.subject !== null && path.every((p, i) => s.subject!.path[i] === p),
  );
}

/** The subject of the sentence holding offset `at`, or null. */
export function subjectAt(resolver: RegionResolver, article: ArticleRecord, at: number): Region | null {
  return attributedSentences(resolver, article).find((s) => s.start <= at && at < s.end)?.subject ?? null;
}
