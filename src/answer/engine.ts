/**
 * The answer engine shared by the bot and the command line: normalise the question, resolve a
 * follow-up, scope it to a named region, retrieve, then answer (LLM when configured, else
 * extractive), always with citations that quote the cleaned article verbatim.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import {
  createRegionResolver,
  type Region,
  type RegionMention,
  type RegionResolver,
} from '../regions/regions.js';
import { EmbedderUnavailableError, loadEmbedder, type Embedder } from '../retrieval/embedder.js';
import { retrieve } from '../retrieval/search.js';
import {
  connectIndex,
  openIndex,
  readManifest,
  setStorageOptions,
  type IndexReader,
} from '../store/store.js';
import { glossaryTerms } from '../text/glossary.js';
import { synonymsOf } from '../text/synonyms.js';
import { normalizeQuestion } from '../text/normalize.js';
import { detectScript, toScript, toSimplified, type Script } from '../text/script.js';
import { keywords, primaryKeywords } from '../text/segment.js';
import type { ArticleRecord } from '../types.js';
import { keepCitedOnly, validateMarkers } from './citations.js';
import {
  askedFor,
  composeAnswer,
  focusSentence,
  pickSentences,
  rankSentences,
  rerankByEvidence,
  toCitation,
} from './extractive.js';
import { createLlm, type LlmClient, type LlmPassage } from './llm.js';
import { carryOver } from './follow-up.js';
import { INPUT_PROBLEM, REFUSAL } from './messages.js';
import { composeSummary } from './summary.js';
import type {
  ArticleSummary,
  AskOptions,
  AskResult,
  Citation,
  CoveredRegion,
  Engine,
  OpenedPassage,
  SummaryResult,
} from './types.js';

/** Below this weighted share of the question's terms, the best sentence is not evidence. */
const MIN_COVERAGE = 0.34;
/** How often a request checks whether another process swapped in a new index version. */
const STALE_CHECK_MS = 2000;
/** At or above this weighted share of words unknown to the corpus, the question is off-topic. */
const MAX_UNKNOWN_SHARE = 0.45;

export interface EngineDeps {
  config: Config;
  logger: Logger;
  /** An embedder already loaded (tests, benchmarks); else loaded from config when the index has vectors. */
  embedder?: Embedder | null;
  /** An LLM client; defaults to the one the config describes (none without LLM_PROVIDER). */
  llm?: LlmClient | null;
}

interface Loaded {
  reader: IndexReader;
  articles: ArticleRecord[];
  byId: Map<string, ArticleRecord>;
  /** Document frequency of each index token, over chunks. */
  df: Map<string, number>;
  chunkCount: number;
  embedder: Embedder | null;
}

/** True when `path` lies at or under `ancestor`. */
const under = (path: string[], ancestor: string[]) =>
  ancestor.length <= path.length && ancestor.every((p, i) => path[i] === p);

/** Articles whose primary region or sub-regions lie in the region, or which cover it and name it. */
function articlesIn(region: Region, articles: ArticleRecord[]): ArticleRecord[] {
  return articles.filter((a) => {
    if (under(a.region, region.path) || a.subRegions.some((s) => under(s, region.path))) return true;
    // A place below the article's region that the article itself names (a town of its county).
    const bare = region.name.replace(/(镇|乡|街道|苏木|嘎查|村)$/, '');
    return a.region.length > 0 && under(region.path, a.region) && toSimplified(a.text).includes(bare);
  });
}

function coveredTree(articles: ArticleRecord[]): CoveredRegion[] {
  const roots: CoveredRegion[] = [];
  const add = (path: string[], articleId: string) => {
    let level = roots;
    path.forEach((name, i) => {
      let node = level.find((n) => n.name === name);
      if (!node) {
        node = { name, path: path.slice(0, i + 1), articleIds: [], children: [] };
        level.push(node);
      }
      if (!node.articleIds.includes(articleId)) node.articleIds.push(articleId);
      level = node.children;
    });
  };
  for (const a of articles)
    for (const path of [a.region, ...a.subRegions]) if (path.length > 0) add(path, a.id);
  return roots;
}

const toLlmPassage = (c: Citation): LlmPassage => ({
  n: c.n,
  title: c.title,
  date: c.date,
  source: c.source,
  region: c.region,
  text: c.text,
});

const summaryOf = (a: ArticleRecord): ArticleSummary => ({
  articleId: a.id,
  title: a.title,
  date: a.date,
  source: a.source,
  region: a.region,
});

/** Opens the index (and the embedder when the index has vectors) and returns the engine. */
export async function createEngine(deps: EngineDeps): Promise<Engine> {
  const { config, logger } = deps;
  setStorageOptions(config.storageOptions);
  const resolver: RegionResolver = createRegionResolver();
  const llm = deps.llm !== undefined ? deps.llm : createLlm(config.llm, logger);

  async function load(): Promise<Loaded> {
    const reader = await openIndex(config.indexUri);
    const articles = await reader.articles();
    // Written at build time: opening costs the vocabulary, not a read of every chunk.
    const { df, chunkCount } = await reader.termStats();
    let embedder: Embedder | null = null;
    const indexed = reader.manifest.embedding;
    if (indexed && config.embedding.mode === 'off') {
      logger.info('EMBEDDINGS=off: answering from the keyword index only');
    } else if (indexed) {
      if (deps.embedder !== undefined) embedder = deps.embedder;
      else if (indexed.model !== config.embedding.model)
        throw new Error(
          `The index was embedded with ${indexed.model} (${indexed.dim}d) but EMBEDDING_MODEL is ${config.embedding.model}. Rebuild the index with: npm run ingest`,
        );
      else {
        try {
          embedder = await loadEmbedder({ ...config.embedding, modelsDir: config.modelsDir });
        } catch (err) {
          if (!(err instanceof EmbedderUnavailableError) || config.embedding.mode === 'required') throw err;
          logger.warn(
            `${err.message} Answering from the keyword index only (EMBEDDINGS=required makes this an error).`,
          );
        }
      }
      if (embedder && embedder.dim !== indexed.dim)
        throw new Error(
          `The index holds ${indexed.dim}-dimensional vectors but the model ${embedder.modelId} gives ${embedder.dim}. Rebuild the index with: npm run ingest`,
        );
    }
    return {
      reader,
      articles,
      byId: new Map(articles.map((a) => [a.id, a])),
      df,
      chunkCount,
      embedder,
    };
  }

  let state = await load();
  let checkedAt = Date.now();
  let reloading: Promise<void> | undefined;

  /** Re-opens the index when another process swapped in a new version (checked at most every 2 s). */
  async function reloadIfStale(force = false): Promise<void> {
    if (!force && Date.now() - checkedAt < STALE_CHECK_MS) return;
    checkedAt = Date.now();
    reloading ??= (async () => {
      try {
        const version = (await readManifest(await connectIndex(config.indexUri)))?.version;
        if (force || (version && version !== state.reader.manifest.version)) await reload();
      } catch (err) {
        logger.warn({ err }, 'could not check the index version; keeping the open one');
      } finally {
        reloading = undefined;
      }
    })();
    await reloading;
  }

  /** The current index, fresh; every request works on one snapshot even if a rebuild lands meanwhile. */
  async function current(): Promise<Loaded> {
    await reloadIfStale();
    return state;
  }

  async function reload(): Promise<void> {
    const previous = state;
    state = await load();
    checkedAt = Date.now();
    // Requests that started on the old snapshot may still embed with it; free it a little later.
    const old = previous.embedder;
    if (old && old !== state.embedder && deps.embedder === undefined)
      setTimeout(() => void old.dispose().catch(() => undefined), 30_000).unref();
  }

  const weightIn = (st: Loaded) => (term: string) => {
    const df = st.df.get(term) ?? 0;
    // Unknown terms weigh most: a question about something the corpus never mentions is not covered.
    return Math.log(1 + (st.chunkCount + 1) / (df + 0.5));
  };

  const coveredNames = (st: Loaded) => {
    const seen = new Set<string>();
    for (const a of st.articles) if (a.region.length) seen.add(a.region.join(''));
    return [...seen];
  };

  /** Regions the question names, and the articles they cover (undefined: no region named). */
  function scopeOf(
    st: Loaded,
    text: string,
  ): {
    regions: Region[];
    mentions: RegionMention[];
    articleIds?: string[];
    /** The most specific places named (瑞丽市 in 云南瑞丽市) that the corpus does not cover. */
    uncovered: Region[];
    /** The most specific places named. */
    targets: Region[];
  } {
    const mentions = resolver.findMentions(text);
    const regions = mentions.map((m) => m.region);
    // "云南瑞丽市" asks about 瑞丽市: a place that contains another named place only locates it.
    const targets = regions.filter(
      (r) => !regions.some((o) => o !== r && o.path.length > r.path.length && under(o.path, r.path)),
    );
    if (targets.length === 0) return { regions, mentions, uncovered: [], targets };
    const ids = new Set<string>();
    const uncovered: Region[] = [];
    for (const r of targets) {
      const found = articlesIn(r, st.articles);
      if (found.length === 0) uncovered.push(r);
      for (const a of found) ids.add(a.id);
    }
    return { regions, mentions, articleIds: ids.size > 0 ? [...ids] : undefined, uncovered, targets };
  }

  function refusal(st: Loaded, script: Script, uncovered: Region[], nearestIds: string[]): string {
    const what =
      uncovered.length > 0
        ? script === 'en'
          ? ` (the corpus has no article about ${uncovered.map((r) => r.name).join(', ')})`
          : `（语料中没有关于${uncovered.map((r) => r.name).join('、')}的报道）`
        : '';
    const covered = coveredNames(st).map((n) => (script === 'en' ? n : toScript(n, script)));
    const nearest = [...new Set(nearestIds)]
      .slice(0, 2)
      .map((id) => st.byId.get(id))
      .filter((a): a is ArticleRecord => Boolean(a))
      .map((a) => `《${script === 'en' ? toSimplified(a.title) : toScript(a.title, script)}》`)
      .join(script === 'en' ? ', ' : '、');
    return REFUSAL[script](
      script === 'en' ? what : toScript(what, script),
      covered.join(script === 'en' ? '; ' : '；'),
      nearest,
    );
  }

  async function askOnce(rawQuestion: string, options: AskOptions = {}): Promise<AskResult> {
    const t0 = performance.now();
    const k = Math.min(Math.max(1, options.k ?? config.topK), 50);
    const input = normalizeQuestion(rawQuestion, config.maxQuestionChars);
    // With no words to go by, answer in the product's default script.
    const script: Script = /[\p{L}]/u.test(input.text) ? detectScript(input.text) : 'zh-Hans';
    const base = {
      question: String(rawQuestion ?? ''),
      script,
      citations: [] as Citation[],
      retrieved: [],
      standalone: input.text,
      region: null,
    };
    if (!input.ok) {
      return {
        ...base,
        answer: INPUT_PROBLEM[script][input.reason](config.maxQuestionChars),
        refused: true,
        mode: 'extractive',
        timings: { embedMs: 0, searchMs: 0, answerMs: 0, totalMs: Math.round(performance.now() - t0) },
      };
    }

    const st = await current();
    const weight = weightIn(st);
    const history = (options.history ?? []).slice(-6);
    let standalone = input.text;
    if (history.length > 0) {
      if (llm) {
        try {
          standalone =
            (await llm.condense({ question: input.text, history, signal: options.signal })).trim() ||
            input.text;
        } catch (err) {
          logger.warn({ err }, 'follow-up rewrite failed; carrying the previous turn over instead');
          standalone = carryOver(resolver, input.text, history);
        }
      } else standalone = carryOver(resolver, input.text, history);
    }

    const scope = scopeOf(st, standalone);
    const named = scope.regions;
    const regionNamesHans = named.flatMap((r) => [
      r.name,
      r.name.replace(/(省|市|县|自治区|自治州|自治县|旗|镇|乡|区)$/, ''),
    ]);
    // English words are not in the index; an English question searches with its glossary terms.
    // Place names are handled by the scope; cut without them so jieba does not split them badly
    // (昌都市花了 → 市花), then search with the places' official names.
    const chinese = (t: string) => script !== 'en' || /[\p{Script=Han}\d]/u.test(t);
    const glossary = glossaryTerms(standalone);
    const withoutPlaces = scope.mentions.reduce((q, m) => q.split(m.text).join(' '), standalone);
    const placeTerms = named.flatMap((r) => keywords(r.name));
    const primary = [...new Set([...primaryKeywords(withoutPlaces).filter(chinese), ...glossary])];
    const expansions = primary.flatMap(synonymsOf);
    const terms = [
      ...new Set([...keywords(withoutPlaces).filter(chinese), ...placeTerms, ...glossary, ...expansions]),
    ];
    const isRegionWord = (t: string) => regionNamesHans.some((n) => n.includes(t) || t.includes(n));
    const evidenceTerms = primary.filter((t) => !isRegionWord(t));
    const partsOf = (t: string) =>
      terms.filter((p) => p !== t && [...p].length >= 2 && t.includes(p) && !isRegionWord(p));
    const isKnown = (t: string) => (st.df.get(t) ?? 0) > 0;

    // A wide candidate pool, re-ordered by the best answering sentence each chunk holds.
    const retrieval = await retrieve(st.reader, st.embedder, {
      text: standalone,
      terms,
      k: Math.max(k * 4, 20),
      scope: scope.articleIds,
    });
    const scoringTerms = evidenceTerms.length > 0 ? evidenceTerms : primary.length > 0 ? primary : terms;
    const pool = rankSentences({
      terms: scoringTerms,
      partsOf,
      synonymsOf,
      isKnown,
      weight,
      question: standalone,
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
    const tAnswer = performance.now();
    const regionOut =
      scope.articleIds && !retrieval.scopeDropped && named[0]
        ? { name: named[0].name, path: named[0].path }
        : null;
    const done = (
      answer: string,
      citations: Citation[],
      refused: boolean,
      mode: 'extractive' | 'llm',
    ): AskResult => ({
      ...base,
      standalone,
      region: regionOut,
      answer,
      citations,
      refused,
      mode,
      retrieved,
      timings: {
        embedMs: Math.round(retrieval.embedMs),
        searchMs: Math.round(retrieval.searchMs),
        answerMs: Math.round(performance.now() - tAnswer),
        totalMs: Math.round(performance.now() - t0),
      },
    });

    // A question about places the corpus does not cover at all is refused, whatever the words match.
    const onlyUncovered = scope.targets.length > 0 && scope.uncovered.length === scope.targets.length;
    const best = ranked[0];
    // An English question none of whose words the glossary knows cannot be matched to evidence.
    // (a lone 县 or 村 from "county", "village" is not understanding).
    const notUnderstood =
      script === 'en' && !evidenceTerms.some((t) => (t.match(/\p{Script=Han}/gu)?.length ?? 0) >= 2);
    // A question whose main words the corpus never uses (货运量, 海拔) is about something it does not cover.
    // …unless the sentence still matches two or more of its other content words (a paraphrase).
    const strongMatches = best
      ? new Set(best.matched.filter((t) => [...t].length >= 2 && isKnown(t))).size
      : 0;
    const offTopic = best !== undefined && best.unknownMissing >= MAX_UNKNOWN_SHARE && strongMatches < 2;
    if (onlyUncovered || notUnderstood || offTopic || !best || best.coverage < MIN_COVERAGE) {
      return done(
        refusal(
          st,
          script,
          onlyUncovered ? scope.uncovered : [],
          retrieved.map((r) => r.articleId),
        ),
        [],
        true,
        'extractive',
      );
    }

    const extractive = () => {
      const picked = pickSentences(ranked).map((c) =>
        focusSentence(
          c,
          scoringTerms,
          90,
          standalone,
          weight,
          askedFor(toSimplified(withoutPlaces), scoringTerms),
        ),
      );
      const composed = composeAnswer(picked, script, st.byId);
      return done(composed.answer, composed.citations, false, 'extractive');
    };
    if (!llm) return extractive();

    // LLM mode: passages numbered as retrieved; only markers that resolve survive.
    const passageCitations = top.map((h, i) =>
      toCitation(
        i + 1,
        {
          articleId: h.chunk.articleId,
          chunkId: h.chunk.id,
          text: h.chunk.text,
          start: h.chunk.start,
          end: h.chunk.end,
        },
        st.byId.get(h.chunk.articleId)!,
      ),
    );
    try {
      const raw = await llm.answer({
        question: standalone,
        script,
        passages: passageCitations.map(toLlmPassage),
        // Partial text shows only markers that resolve, like the final answer.
        onPartial:
          options.onPartial &&
          ((soFar) => options.onPartial!(validateMarkers(soFar, passageCitations.length).text)),
        signal: options.signal,
      });
      const cited = keepCitedOnly(raw, passageCitations);
      if (cited.citations.length === 0) {
        logger.warn('LLM answer carried no valid citation; using the extractive answer');
        return extractive();
      }
      return done(cited.text.trim(), cited.citations, false, 'llm');
    } catch (err) {
      logger.warn({ err }, 'LLM answer failed; using the extractive answer');
      return extractive();
    }
  }

  /**
   * Answers on the current snapshot; when that fails because another process rebuilt the index
   * meanwhile (its old tables pruned), re-opens the index and answers once more.
   */
  async function ask(rawQuestion: string, options: AskOptions = {}): Promise<AskResult> {
    const version = state.reader.manifest.version;
    try {
      return await askOnce(rawQuestion, options);
    } catch (err) {
      const latest = await readManifest(await connectIndex(config.indexUri)).catch(() => null);
      if (!latest || latest.version === version) throw err;
      logger.info({ version: latest.version }, 'the index was rebuilt meanwhile; answering from the new one');
      await reloadIfStale(true);
      return askOnce(rawQuestion, options);
    }
  }

  async function summarize(query: string, options: { script?: Script } = {}): Promise<SummaryResult> {
    const input = normalizeQuestion(query, 100);
    const script: Script =
      options.script ?? (/[\p{L}]/u.test(input.text) ? detectScript(input.text) : 'zh-Hans');
    const st = await current();
    const covered = coveredNames(st);
    const refused = (region: Region | null): SummaryResult => ({
      query,
      region: region ? { name: region.name, path: region.path } : null,
      refused: true,
      articles: [],
      summary:
        script === 'en'
          ? `${region ? `The corpus has no article about ${region.name}.` : `"${input.text}" is not a region I know.`} It covers: ${covered.join('; ')}.`
          : toScript(
              `${region ? `语料中没有关于${region.name}的报道。` : `无法识别地区“${input.text}”。`}本语料涵盖：${covered.join('；')}。`,
              script,
            ),
      points: [],
      citations: [],
      covered,
      mode: 'extractive',
    });
    if (!input.ok) return refused(null);
    const candidates = resolver.resolve(input.text);
    const match = candidates
      .map((r) => ({ r, arts: articlesIn(r, st.articles) }))
      .find((c) => c.arts.length > 0);
    if (!match) return refused(candidates[0] ?? null);

    const articles = match.arts;
    const composed = composeSummary(match.r.name, articles, script, match.r.path);
    const result: SummaryResult = {
      query,
      region: { name: match.r.name, path: match.r.path },
      refused: false,
      articles: articles.map(summaryOf),
      summary: composed.summary,
      points: composed.points,
      citations: composed.citations,
      mode: 'extractive',
    };
    if (!llm) return result;
    try {
      // Map-reduce over the articles' initiative passages; citations validated like answers.
      const passages = composed.citations.map(toLlmPassage);
      const raw = await llm.summarize({ region: match.r.name, script, passages });
      const cited = keepCitedOnly(raw, composed.citations);
      if (cited.citations.length === 0) return result;
      return { ...result, summary: cited.text.trim(), citations: cited.citations, points: [], mode: 'llm' };
    } catch (err) {
      logger.warn({ err }, 'LLM summary failed; using the extractive summary');
      return result;
    }
  }

  async function openPassage(articleId: string, start: number, end: number): Promise<OpenedPassage | null> {
    const article = (await current()).byId.get(articleId);
    if (
      !article ||
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end > article.text.length ||
      start >= end
    )
      return null;
    const pStart = article.text.lastIndexOf('\n', start - 1) + 1;
    const nl = article.text.indexOf('\n', end);
    const pEnd = nl === -1 ? article.text.length : nl;
    return {
      article: { ...summaryOf(article), author: article.author },
      paragraph: article.text.slice(pStart, pEnd),
      highlightStart: start - pStart,
      highlightEnd: end - pStart,
    };
  }

  return {
    ask,
    summarize,
    coveredRegions: async () => coveredTree((await current()).articles),
    articles: async () => (await current()).articles.map(summaryOf),
    openPassage,
    reload: () => reloadIfStale(true),
    async close() {
      if (state.embedder && deps.embedder === undefined) await state.embedder.dispose();
    },
  };
}
