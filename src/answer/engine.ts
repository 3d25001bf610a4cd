/**
 * The answer engine shared by the bot and the command line, a pipeline read top to bottom:
 * normalise → condense (follow-ups) → scope (places named) → classify (intent) → retrieve
 * (evidence) → compose (one composer per intent, `intents/`), extractive by default, LLM when
 * configured, always with citations that quote the cleaned article verbatim.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createRegionResolver, type Region, type RegionResolver } from '../regions/regions.js';
import { EmbedderUnavailableError, loadEmbedder, type Embedder } from '../retrieval/embedder.js';
import { connectIndex, openIndex, readManifest, setStorageOptions } from '../store/store.js';
import { normalizeQuestion } from '../text/normalize.js';
import { detectScript, toScript, toSimplified, type Script } from '../text/script.js';
import type { ArticleRecord } from '../types.js';
import { sentencesAbout } from './attribution.js';
import { isInstructionLike } from '../ingest/injection.js';
import { keepCitedOnly, keepSupported } from './citations.js';
import { onTopic, retrieveEvidence } from './evidence.js';
import { toCitation } from './extractive.js';
import { carryOver } from './follow-up.js';
import {
  classifyIntent,
  composeByIntent,
  composeFact,
  type Composed,
  type Intent,
  type IntentContext,
} from './intents/index.js';
import { isSocialMessage } from './intents/table.js';
import { composeEachPlace } from './intents/each-place.js';
import { termParts, usesTerm } from './intents/classify.js';
import { createLlm, startDeadline, type LlmClient, type LlmDeadline, type LlmPassage } from './llm.js';
import {
  articlesIn,
  coveredNames,
  coveredTree,
  scopeOf,
  simplifiedText,
  summaryOf,
  type Scope,
  type Snapshot,
} from './snapshot.js';
import {
  ArticleCache,
  inRequest,
  lazyArticle,
  loadArticles,
  loadedOr,
  loadTerms,
  questionTerms,
  requestFrequencies,
  untilLoaded,
} from './on-demand.js';
import { answerStrings as S } from './strings/answers.js';
import { composeSummary } from './summary.js';
import type { AskOptions, AskResult, Citation, Engine, OpenedPassage, SummaryResult, Turn } from './types.js';

/** Below this weighted share of the question's terms, the best sentence is not evidence. */
const MIN_COVERAGE = 0.34;
/** How often a request checks whether another process swapped in a new index version. */
const STALE_CHECK_MS = 2000;
/** At or above this weighted share of words unknown to the corpus, the question is off-topic. */

export interface EngineDeps {
  config: Config;
  logger: Logger;
  /** An embedder already loaded (tests, benchmarks); else loaded from config when the index has vectors. */
  embedder?: Embedder | null;
  /** An LLM client; defaults to the one the config describes (none without LLM_PROVIDER). */
  llm?: LlmClient | null;
}

/**
 * An opened index: every article's record without its text (read per request, `on-demand.ts`),
 * a cache of full records, and no vocabulary (a request looks up its own terms' frequencies).
 */
interface Loaded extends Snapshot {
  byId: Map<string, ArticleRecord>;
  cache: ArticleCache;
}

/**
 * The snapshot as a request sees it: the records it loaded in full, the others lazy (the list of
 * every article is made on first use: most requests go by id).
 */
function requestView(st: Loaded): Snapshot {
  let articles: ArticleRecord[] | undefined;
  return {
    reader: st.reader,
    df: st.df,
    chunkCount: st.chunkCount,
    embedder: st.embedder,
    get articles() {
      articles ??= st.articles.map(loadedOr);
      return articles;
    },
    byId: {
      get: (id) => {
        const a = st.byId.get(id);
        return a && loadedOr(a);
      },
    },
  };
}

const toLlmPassage = (c: Citation): LlmPassage => ({
  n: c.n,
  title: c.title,
  date: c.date,
  source: c.source,
  region: c.region,
  author: c.author,
  text: c.text,
});

/** The input problem, in the asker's script. */
export function inputProblem(script: Script, reason: 'empty' | 'too-long' | 'binary', max: number): string {
  if (reason === 'empty') return S.t(script, 'inputEmpty');
  if (reason === 'too-long') return S.t(script, 'inputTooLong', max);
  return S.t(script, 'inputBinary');
}

/**
 * Condense: a follow-up ("那凤庆呢?") becomes a standalone question — by the LLM when there is one,
 * else by carrying the previous turn's place or topic over.
 */
export async function condense(
  question: string,
  history: Turn[],
  deps: { llm: LlmClient | null; resolver: RegionResolver; logger: Logger; deadline?: LlmDeadline },
): Promise<string> {
  const recent = history.slice(-6);
  if (recent.length === 0) return question;
  if (!deps.llm) return carryOver(deps.resolver, question, recent);
  try {
    return (
      (await deps.llm.condense({ question, history: recent, deadline: deps.deadline })).trim() || question
    );
  } catch (err) {
    deps.logger.warn({ err }, 'follow-up rewrite failed; carrying the previous turn over instead');
    return carryOver(deps.resolver, question, recent);
  }
}

/** The list names and record values (authors, outlets, years) of a set of articles, once per set. */
interface CorpusWords {
  listNames: string[];
  recordValues: string[];
  titles: string[];
}
const corpusWords = new WeakMap<ArticleRecord[], CorpusWords>();

function wordsOf(articles: ArticleRecord[]): CorpusWords {
  let words = corpusWords.get(articles);
  if (!words) {
    // Each name once (in order of first use): the classifier converts and matches every name per question.
    const listNames = [
      ...new Set(
        articles.flatMap((a) => (a.structure?.lists ?? []).map((l) => l.name ?? '')).filter(Boolean),
      ),
    ];
    const recordValues = [
      ...new Set(
        articles.flatMap((a) => [
          ...(a.author ? a.author.split(/\s+/u) : []),
          ...(a.source ? [a.source] : []),
          ...(a.date ? [a.date.slice(0, 4)] : []),
        ]),
      ),
    ];
    const titles = [...new Set(articles.map((a) => toSimplified(a.title)))];
    words = { listNames, recordValues, titles };
    corpusWords.set(articles, words);
  }
  return words;
}

/** Classify: the question's intent, with the places it names and the list names the corpus defines. */
export function classify(question: string, scope: Scope, articles: ArticleRecord[]): Intent {
  const { listNames, recordValues, titles } = wordsOf(articles);
  return classifyIntent(question, {
    places: scope.targets.map((r) => r.name),
    listNames,
    recordValues,
    titles,
  });
}

/**
 * A follow-up without a cue of its own ("那“4+”呢?" after a list question) asks the same kind of
 * question as the turn it follows.
 */
export function inheritIntent(
  intent: Intent,
  previousQuestion: string | undefined,
  scope: Scope,
  articles: ArticleRecord[],
): Intent {
  if (intent.kind !== 'fact' || !previousQuestion) return intent;
  const previous = classify(previousQuestion, scope, articles);
  if (previous.kind === 'fact' || previous.kind === 'out-of-scope' || previous.kind === 'comparison')
    return intent;
  return { ...intent, kind: previous.kind, fields: previous.fields, count: intent.count ?? null };
}

/** A refusal that says what the corpus covers, which places it lacks, and the nearest articles. */
export function refusalText(st: Snapshot, script: Script, uncovered: Region[], nearestIds: string[]): string {
  const what =
    uncovered.length > 0
      ? S.t(script, 'uncovered', uncovered.map((r) => r.name).join(script === 'en' ? ', ' : '、'))
      : '';
  const covered = coveredNames(st.articles).map((n) => (script === 'en' ? n : toScript(n, script)));
  const nearest = [...new Set(nearestIds)]
    .slice(0, 2)
    .map((id) => st.byId.get(id))
    .filter((a): a is ArticleRecord => Boolean(a))
    .map((a) => `《${script === 'en' ? toSimplified(a.title) : toScript(a.title, script)}》`)
    .join(script === 'en' ? ', ' : '、');
  return S.t(script, 'refusal', what, covered.join(script === 'en' ? '; ' : '；'), nearest);
}

/**
 * For the LLM: what each cited span is in the composed answer (the lead of its group and its line),
 * so list members, compared places and article records reach the model as tagged structure.
 */
export function rolesOf(composed: Composed): Map<number, string> {
  const roles = new Map<number, string>();
  let group = '';
  for (const line of composed.answer.split('\n')) {
    const markers = [...line.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
    if (markers.length === 0 || !/^\d+\.\s/u.test(line)) {
      if (markers.length === 0) group = line.replace(/[:：]\s*$/u, '');
    }
    const item = /^(\d+)\.\s/u.exec(line)?.[1];
    for (const n of markers) if (!roles.has(n)) roles.set(n, item ? `${group} — item ${item}` : group);
  }
  return roles;
}

/** Opens the index (and the embedder when the index has vectors) and returns the engine. */
export async function createEngine(deps: EngineDeps): Promise<Engine> {
  const { config, logger } = deps;
  setStorageOptions(config.storageOptions);
  const resolver: RegionResolver = createRegionResolver();
  const llm = deps.llm !== undefined ? deps.llm : createLlm(config.llm, logger);

  async function load(): Promise<Loaded> {
    const reader = await openIndex(config.indexUri);
    // Opening reads what every request needs: no article text, no vocabulary (both read per request).
    const articles = (await reader.articleMetas()).map(lazyArticle);
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
      df: requestFrequencies,
      chunkCount: reader.manifest.chunks,
      embedder,
      cache: new ArticleCache(reader),
    };
  }

  let state = await load();
  // The gazetteer loads on first use: pay that at start, not on a first question (scanning the
  // provinces covered warms it as well as every place would, at a cost that does not grow with the archive).
  resolver.findMentions([...new Set(state.articles.map((a) => a.region[0] ?? ''))].join('，'));
  resolver.resolve('Yunnan');
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
        answer: inputProblem(script, input.reason, config.maxQuestionChars),
        refused: true,
        mode: 'extractive',
        timings: { embedMs: 0, searchMs: 0, answerMs: 0, totalMs: Math.round(performance.now() - t0) },
      };
    }

    const st = await current();
    // One time budget for every model call of this question (follow-up rewrite and answer).
    const deadline = llm ? startDeadline(config.llm.timeoutMs, options.signal) : undefined;
    // "ok" / 谢谢 after a question is no follow-up: it carries no place or topic over.
    const standalone = isSocialMessage(input.text)
      ? input.text
      : await condense(input.text, options.history ?? [], { llm, resolver, logger, deadline });
    // Scope, intent, evidence and the extractive answer: run again when they read articles or
    // term statistics the request had not loaded yet (`on-demand.ts`); no model call in here.
    const answerStep = async () => {
      await loadTerms(st, questionTerms(standalone));
      const view = requestView(st);
      // Scoping reads the articles' regions and the places they name, never their text.
      const scope = scopeOf(resolver, st.articles, standalone);
      // The engine's own list of articles: its list names and records are at hand (and computed once).
      const intent = inheritIntent(
        classify(standalone, scope, st.articles),
        standalone !== input.text ? options.history?.at(-1)?.question : undefined,
        scope,
        st.articles,
      );
      const evidence = await retrieveEvidence(view, { question: standalone, script, scope, k });
      const tAnswer = performance.now();
      // The articles the composers quote: those of the retrieved passages.
      await loadArticles(
        st,
        evidence.top.map((h) => h.chunk.articleId),
      );
      const snapshot = requestView(st);
      const ctx: IntentContext = {
        question: standalone,
        script,
        intent,
        snapshot,
        scope,
        evidence,
        resolver,
        logger,
        evidenceFor: async (articleIds, question = standalone, within = scope) => {
          await loadTerms(st, questionTerms(question));
          const more = await retrieveEvidence(snapshot, { question, script, scope: within, k, articleIds });
          await loadArticles(
            st,
            more.top.map((h) => h.chunk.articleId),
          );
          return more;
        },
      };
      return { ctx, tAnswer, composed: await compose(ctx) };
    };
    return inRequest(async () => {
      const { ctx, tAnswer, composed } = await untilLoaded(st, answerStep, logger);
      const { scope, evidence, intent } = ctx;
      // The place asked about (小中甸镇 of 香格里拉县小中甸镇), not the one that only locates it.
      const asked = scope.targets[0] ?? scope.regions[0];
      const regionOut =
        scope.articleIds && !evidence.scopeDropped && asked ? { name: asked.name, path: asked.path } : null;
      const done = (composed: Composed, mode: 'extractive' | 'llm'): AskResult => ({
        ...base,
        standalone,
        region: regionOut,
        answer: composed.answer,
        citations: composed.citations,
        refused: composed.refused ?? false,
        mode,
        retrieved: evidence.retrieved,
        intent: intent.kind,
        timings: {
          embedMs: Math.round(evidence.embedMs),
          searchMs: Math.round(evidence.searchMs),
          answerMs: Math.round(performance.now() - tAnswer),
          totalMs: Math.round(performance.now() - t0),
        },
      });
      if (composed.refused || !llm) return done(composed, 'extractive');
      return done(...(await withLlm(ctx, composed, options, deadline!)));
    });
  }

  /** The answer for the question's intent; a refusal only when the corpus lacks the answer. */
  async function compose(ctx: IntentContext): Promise<Composed> {
    const { scope, evidence, script, intent } = ctx;
    const st = ctx.snapshot;
    const refuse = (
      uncovered: Region[] = [],
      nearest = evidence.retrieved.map((r) => r.articleId),
    ): Composed => ({
      answer: refusalText(st, script, uncovered, nearest),
      citations: [],
      refused: true,
    });
    // A question about places the corpus does not cover at all is refused, whatever the words match.
    if (scope.targets.length > 0 && scope.uncovered.length === scope.targets.length)
      return refuse(scope.uncovered);
    if (intent.kind === 'out-of-scope') return refuse();
    // A fact asked of several places: each place's own, as if asked alone. So is a list that names
    // no list of its own (昌都和呼伦贝尔有哪些单位和个人受过表彰).
    if (intent.kind === 'fact' || (intent.kind === 'list' && !intent.listName)) {
      const each = await composeEachPlace(ctx, compose);
      if (each) return each;
    }
    const byIntent = await composeByIntent(ctx);
    if (byIntent) return byIntent;

    const best = evidence.ranked[0];
    // An English question none of whose words the glossary knows cannot be matched to evidence
    // (a lone 县 or 村 from "county", "village" is not understanding).
    // (A count of a one-character thing, "how many villages" → 村, is understood: the fact composer
    // then wants a figure right before that word.)
    const notUnderstood =
      script === 'en' &&
      !evidence.evidenceTerms.some((t) => (t.match(/\p{Script=Han}/gu)?.length ?? 0) >= 2) &&
      !(/\bhow many\b/iu.test(ctx.question) && evidence.evidenceTerms.some((t) => /\p{Script=Han}/u.test(t)));
    const offTopic = best !== undefined && !onTopic(evidence, best);
    if (notUnderstood || offTopic || !best || best.coverage < MIN_COVERAGE) return refuse();
    // A quoted name (“四个工程”) the places' articles never use is not answered with other words.
    const term = intent.listName;
    if (term && /\p{Script=Han}/u.test(term) && [...term].length >= 2 && scope.articleIds) {
      const parts = termParts(term);
      const inScope = scope.articleIds.some((id) => {
        const article = st.byId.get(id);
        return article !== undefined && usesTerm(simplifiedText(article), term);
      });
      if (!inScope) {
        // The nearest articles are then the ones that do use it (one scan of the chunks' text).
        const using = await st.reader.articlesContaining(parts[0]!);
        return refuse([], using.length > 0 ? using : undefined);
      }
    }
    return (await composeFact(ctx)) ?? refuse();
  }

  /**
   * LLM mode: the same intent's evidence (list members, measures, records, sentences) goes to the
   * model as numbered passages tagged with their role; only markers that resolve survive, and the
   * extractive answer stands when the model fails or cites nothing real.
   */
  async function withLlm(
    ctx: IntentContext,
    composed: Composed,
    options: AskOptions,
    deadline: LlmDeadline,
  ): Promise<[Composed, 'extractive' | 'llm']> {
    const structured = ctx.intent.kind !== 'fact' && composed.citations.length > 0;
    // Passages that read as instructions to a model stay out of the prompt (checked again here for
    // indexes built before ingest flagged them).
    const promptable = ctx.evidence.top.filter(
      (h) => !h.chunk.instructionLike && !isInstructionLike(h.chunk.text),
    );
    const passageCitations = structured
      ? composed.citations.filter((c) => !isInstructionLike(c.text))
      : promptable.map((h, i) =>
          toCitation(
            i + 1,
            {
              articleId: h.chunk.articleId,
              chunkId: h.chunk.id,
              text: h.chunk.text,
              start: h.chunk.start,
              end: h.chunk.end,
            },
            ctx.snapshot.byId.get(h.chunk.articleId)!,
          ),
        );
    const roles = structured ? rolesOf(composed) : new Map<number, string>();
    // The roles are the corpus's own structure (a list's name and count): they support claims too.
    const rolesText = [...roles.values()].join('\n');
    try {
      const raw = await llm!.answer({
        question: ctx.question,
        script: ctx.script,
        passages: passageCitations.map((c) => ({ ...toLlmPassage(c), role: roles.get(c.n) ?? null })),
        // Partial text shows only sentences whose markers support their claims, like the final answer.
        onPartial:
          options.onPartial &&
          ((soFar) =>
            options.onPartial!(
              keepSupported(soFar, passageCitations, { partial: true, given: rolesText }).text,
            )),
        deadline,
      });
      const cited = keepCitedOnly(
        keepSupported(raw, passageCitations, { given: rolesText }).text,
        passageCitations,
      );
      if (cited.citations.length === 0) {
        logger.warn('LLM answer carried no valid citation; using the extractive answer');
        return [composed, 'extractive'];
      }
      return [{ answer: cited.text.trim(), citations: cited.citations }, 'llm'];
    } catch (err) {
      logger.warn({ err }, 'LLM answer failed; using the extractive answer');
      return [composed, 'extractive'];
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
    const covered = coveredNames(st.articles);
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
    // The region's articles are read in full (their sentences about the region are the summary).
    const summaryStep = async (): Promise<SummaryResult> => {
      const view = requestView(st);
      const match = candidates
        .map((r) => ({ r, arts: articlesIn(r, view.articles) }))
        .find((c) => c.arts.length > 0);
      if (!match) return refused(candidates[0] ?? null);
      const articles = match.arts;
      const composed = composeSummary(match.r.name, articles, script, match.r.path, (a) =>
        sentencesAbout(resolver, a, match.r.path),
      );
      return {
        query,
        region: { name: match.r.name, path: match.r.path },
        refused: false,
        articles: articles.map(summaryOf),
        summary: composed.summary,
        points: composed.points,
        citations: composed.citations,
        mode: 'extractive',
      };
    };
    const result = await inRequest(() => untilLoaded(st, summaryStep, logger));
    if (result.refused || !llm) return result;
    const match = { r: result.region! };
    try {
      // Map-reduce over the articles' initiative passages; citations validated like answers.
      const passages = result.citations.filter((c) => !isInstructionLike(c.text)).map(toLlmPassage);
      const raw = await llm.summarize({ region: match.r.name, script, passages });
      const cited = keepCitedOnly(keepSupported(raw, passages).text, result.citations);
      if (cited.citations.length === 0) return result;
      return { ...result, summary: cited.text.trim(), citations: cited.citations, points: [], mode: 'llm' };
    } catch (err) {
      logger.warn({ err }, 'LLM summary failed; using the extractive summary');
      return result;
    }
  }

  async function openPassage(articleId: string, start: number, end: number): Promise<OpenedPassage | null> {
    const st = await current();
    const article = st.byId.has(articleId) ? (await st.cache.load([articleId]))[0] : undefined;
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
      article: { ...summaryOf(article), author: article.author, editor: article.editor ?? null },
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
