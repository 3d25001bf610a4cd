/**
 * Retrieval for a question: the terms it is searched with, the candidate passages, and every
 * sentence of them ranked by how well it answers. Intents that answer from structure or metadata
 * still run it (the `retrieved` list of the JSON contract, and their fallback).
 */
import { retrieve } from '../retrieval/search.js';
import type { SearchHit } from '../store/store.js';
import { glossarySenses } from '../text/glossary.js';
import { toSimplified, type Script } from '../text/script.js';
import { keywords, primaryKeywords, repairCut } from '../text/segment.js';
import { synonymsOf } from '../text/synonyms.js';
import { rankSentences, rerankByEvidence, type SentenceCandidate } from './extractive.js';
import type { Scope, Snapshot } from './snapshot.js';
import type { RetrievedPassage } from './types.js';

export interface Evidence {
  /** The question without its place names (what is asked about them). */
  withoutPlaces: string;
  /** All search terms (question words, places, glossary, synonyms). */
  terms: string[];
  /** The words an answering sentence should contain (what coverage is measured on). */
  scoringTerms: string[];
  /** The question's own content words that are not place names. */
  evidenceTerms: string[];
  weight: (term: string) => number;
  isKnown: (term: string) => boolean;
  /** The top-k passages, re-ordered by the best sentence each holds. */
  top: SearchHit[];
  /** Sentences of the top passages, best first. */
  ranked: SentenceCandidate[];
  retrieved: RetrievedPassage[];
  scopeDropped: boolean;
  embedMs: number;
  searchMs: number;
}

export interface EvidenceRequest {
  question: string;
  script: Script;
  scope: Scope;
  k: number;
  /** Search only these articles (a comparison searches one place at a time). */
  articleIds?: string[];
}

/** The share of a question's weight in words the corpus never uses above which a match is doubted. */
export const MAX_UNKNOWN_SHARE = 0.45;

/**
 * Whether a sentence is about what the question asks: a question whose main words the corpus never
 * uses (货运量, 旅游业) is about something it does not cover, unless the sentence still matches two
 * or more of its other content words (a paraphrase).
 */
export function onTopic(evidence: Pick<Evidence, 'isKnown'>, c: SentenceCandidate): boolean {
  const strong = new Set(c.matched.filter((t) => [...t].length >= 2 && evidence.isKnown(t))).size;
  return c.unknownMissing < MAX_UNKNOWN_SHARE || strong >= 2;
}

/** Words for whoever did something (人, 单位, 个人), asked for right after 哪些/谁. */
const ASKED_AGENTS =
  /(?:哪些|哪几个|哪几位|哪个|哪位|什么|有谁|谁)((?:人员|人物|单位|个人|集体|同志|人)(?:(?:和|及|与|、)(?:人员|人物|单位|个人|集体|同志|人))*)/gu;

/**
 * The question without the agents it asks for (哪些单位和个人受到表彰 → 受到表彰): the answering
 * sentence names the honoured committee and the secretary, and need not carry the words. (Cut
 * before segmenting: jieba glues 哪些人得过 into 人得.)
 */
export function withoutAskedAgents(question: string): string {
  return question.replace(ASKED_AGENTS, ' ');
}

/** Retrieves and ranks the evidence for a question on one snapshot. */
export async function retrieveEvidence(snapshot: Snapshot, request: EvidenceRequest): Promise<Evidence> {
  const { question, script, scope, k } = request;
  const weight = (term: string) => {
    const df = snapshot.df.get(term) ?? 0;
    // Unknown terms weigh most: a question about something the corpus never mentions is not covered.
    return Math.log(1 + (snapshot.chunkCount + 1) / (df + 0.5));
  };
  const named = scope.regions;
  const regionNamesHans = named.flatMap((r) => [
    r.name,
    r.name.replace(/(省|市|县|自治区|自治州|自治县|旗|镇|乡|区)$/, ''),
  ]);
  // English words are not in the index; an English question searches with its glossary terms.
  // Place names are handled by the scope; cut without them so jieba does not split them badly
  // (昌都市花了 → 市花), then search with the places' official names.
  const chinese = (t: string) => script !== 'en' || /[\p{Script=Han}\d]/u.test(t);
  const isKnown = (t: string) => (snapshot.df.get(t) ?? 0) > 0;
  // Dictionary senses of an English word are kept only when the index uses them.
  const senses = glossarySenses(question, isKnown);
  const glossary = [...new Set(senses.flat())];
  // The other senses of one English word are alternatives of its first: searched, and credited to
  // it when a sentence has one, but not required as words of their own (which would halve coverage).
  const alternatives = new Map<string, string[]>();
  // The rarest sense stands for the word (it weighs most); a sentence with a commoner one earns that
  // one's own, smaller weight.
  for (const group of senses) {
    const [first, ...rest] = [...group].sort((a, b) => weight(b) - weight(a));
    if (first && rest.length > 0) alternatives.set(first, rest);
  }
  const secondary = new Set(
    [...alternatives.values()].flat().filter((t) => !alternatives.has(t) && !question.includes(t)),
  );
  const withoutPlaces = scope.mentions.reduce((q, m) => q.split(m.text).join(' '), question);
  const placeTerms = named.flatMap((r) => keywords(r.name));
  const asked = withoutAskedAgents(toSimplified(withoutPlaces));
  // (Words of a mis-cut run, 做爱 of 做爱边护边, give way to the corpus's words read in it.)
  const repair = repairCut(asked, isKnown);
  const primary = [
    ...new Set([
      ...primaryKeywords(asked).filter((t) => chinese(t) && !repair.replaced.includes(t)),
      ...repair.words,
      ...glossary,
    ]),
  ];
  const expansions = primary.flatMap(synonymsOf);
  const terms = [
    ...new Set([...keywords(withoutPlaces).filter(chinese), ...placeTerms, ...glossary, ...expansions]),
  ];
  const isRegionWord = (t: string) => regionNamesHans.some((n) => n.includes(t) || t.includes(n));
  const evidenceTerms = primary.filter((t) => !isRegionWord(t) && !secondary.has(t));
  const partsOf = (t: string) =>
    terms.filter((p) => p !== t && [...p].length >= 2 && t.includes(p) && !isRegionWord(p));

  // A wide candidate pool, re-ordered by the best answering sentence each chunk holds.
  const retrieval = await retrieve(snapshot.reader, snapshot.embedder, {
    text: question,
    terms,
    k: Math.max(k * 4, 20),
    scope: request.articleIds ?? scope.search ?? scope.articleIds,
  });
  const scoringTerms = evidenceTerms.length > 0 ? evidenceTerms : primary.length > 0 ? primary : terms;
  const pool = rankSentences({
    terms: scoringTerms,
    partsOf,
    synonymsOf,
    sensesOf: (t) => alternatives.get(t) ?? [],
    isKnown,
    weight,
    question,
    hits: retrieval.hits,
  });
  const top = rerankByEvidence(retrieval.hits, pool).slice(0, k);
  const topIds = new Set(top.map((h) => h.chunk.id));
  const ranked = pool.filter((c) => topIds.has(c.chunkId));
  const retrieved = top.map((h) => ({
    articleId: h.chunk.articleId,
    chunkId: h.chunk.id,
    text: h.chunk.text,
    score: Number(h.score.toFixed(6)),
  }));
  return {
    withoutPlaces,
    terms,
    scoringTerms,
    evidenceTerms,
    weight,
    isKnown,
    top,
    ranked,
    retrieved,
    scopeDropped: retrieval.scopeDropped,
    embedMs: retrieval.embedMs,
    searchMs: retrieval.searchMs,
  };
}
