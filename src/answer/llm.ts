/**
 * The LLM path: LangChain chains (prompt → chat model → string) for cited answers, follow-up
 * rewriting and map-reduce region summaries, against any OpenAI-compatible endpoint or Ollama.
 * The output is raw text with `[n]` markers; `citations.ts` validates them and the engine decides
 * whether to use it or fall back to the extractive answer. Every failure surfaces as `LlmError`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ChatOpenAI } from '@langchain/openai';
import { ChatOllama } from '@langchain/ollama';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { ChatPromptTemplate } from '@langchain/core/prompts';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { RunnableSequence } from '@langchain/core/runnables';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { toScript, type Script } from '../text/script.js';
import type { Turn } from './types.js';
import {
  formatHistory,
  formatPassages,
  languageName,
  loadPrompts,
  neutralise,
  type LlmPassage,
  type PromptSet,
} from './prompts.js';

export type { LlmPassage } from './prompts.js';

export interface LlmClient {
  /**
   * A cited answer in the asker's script ('en' → fully English). Streams through onPartial when
   * given. Throws LlmError on timeout/endpoint error. Raw text with [n] markers (validation happens
   * in citations.ts).
   */
  answer(input: {
    question: string;
    script: Script;
    passages: LlmPassage[];
    onPartial?: (soFar: string) => void;
    signal?: AbortSignal;
    /** The request's deadline; without one, the call gets `timeoutMs` of its own. */
    deadline?: LlmDeadline;
  }): Promise<string>;
  /** Rewrites an elliptical follow-up ("那凤庆呢?", "资金呢?") into a standalone question from the previous turns. */
  condense(input: {
    question: string;
    history: Turn[];
    signal?: AbortSignal;
    deadline?: LlmDeadline;
  }): Promise<string>;
  /** Map-reduce summary of a region's initiatives over per-article passages, cited [n]. */
  summarize(input: {
    region: string;
    script: Script;
    passages: LlmPassage[];
    signal?: AbortSignal;
    /** Covers the map calls and the reduce call together. */
    deadline?: LlmDeadline;
  }): Promise<string>;
}

export type LlmErrorKind = 'timeout' | 'endpoint' | 'empty';

/**
 * Why an LLM call gave nothing usable. `timeout`: `timeoutMs` passed, or the caller aborted
 * (`cancelled` is then true); `endpoint`: the server or network failed (`status` when the server
 * answered); `empty`: the model answered with no text, or there was nothing to ask.
 */
export class LlmError extends Error {
  override readonly name = 'LlmError';
  readonly kind: LlmErrorKind;
  readonly status?: number;
  readonly cancelled: boolean;

  constructor(
    kind: LlmErrorKind,
    message: string,
    options: { cause?: unknown; status?: number; cancelled?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.cancelled = options.cancelled ?? false;
  }
}

/** Longest question sent to the model; the engine enforces its own, smaller limit first. */
const MAX_QUESTION_CHARS = 2000;
/** A rewritten follow-up longer than this (and than 3× the turns it came from) is not a question. */
const MAX_CONDENSED_CHARS = 300;
/** Retries after a failed attempt; which failures are retried is LangChain's rule (AsyncCaller). */
const MAX_RETRIES = 2;

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; status_code?: unknown; response?: { status?: unknown } };
  for (const s of [e.status, e.status_code, e.response?.status]) if (typeof s === 'number') return s;
  return undefined;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0]!.slice(0, 300);
  return String(err).slice(0, 300);
}

/** Removes a reasoning model's `<think>…</think>` preamble, including one still being streamed. */
export function visibleText(raw: string): string {
  const closed = raw.replace(/<think>[\s\S]*?<\/think>/g, '');
  const open = closed.indexOf('<think>');
  return (open === -1 ? closed : closed.slice(0, open)).replace(/^\s+/, '');
}

/**
 * One request's time budget, shared by every model call the request makes (follow-up rewrite and
 * answer; the map and reduce steps of a summary), so the total never exceeds `timeoutMs`.
 */
export interface LlmDeadline {
  /** Aborts when the budget is spent or the caller cancels. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** True when the budget ran out (as opposed to the caller cancelling). */
  expired(): boolean;
  /** True when the caller's own signal cancelled the request. */
  cancelled(): boolean;
}

/** Starts a request's deadline: `timeoutMs` from now, or earlier when `caller` aborts. */
export function startDeadline(timeoutMs: number, caller?: AbortSignal): LlmDeadline {
  const timeout = AbortSignal.timeout(timeoutMs);
  return {
    signal: caller ? AbortSignal.any([timeout, caller]) : timeout,
    timeoutMs,
    expired: () => timeout.aborted,
    cancelled: () => (caller?.aborted ?? false) && !timeout.aborted,
  };
}

/** What one model call saw on the wire: its deadline and the HTTP failures of its attempts. */
interface CallContext {
  deadline: LlmDeadline;
  failures: unknown[];
}

// The model is built once and shared by concurrent calls; each call's context travels with its
// async flow to the fetch below, which gives the request the call's deadline and notes failures.
const currentCall = new AsyncLocalStorage<CallContext>();

/** fetch for the model clients: the call's deadline on every request, failed attempts recorded. */
async function callFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const call = currentCall.getStore();
  const signal = call
    ? init?.signal
      ? AbortSignal.any([init.signal, call.deadline.signal])
      : call.deadline.signal
    : (init?.signal ?? undefined);
  try {
    const response = await fetch(input, { ...init, signal });
    if (!response.ok) call?.failures.push({ status: response.status, message: `HTTP ${response.status}` });
    return response;
  } catch (err) {
    if (!signal?.aborted) call?.failures.push(err);
    throw err;
  }
}

/** Maps whatever a call threw to LlmError: the only error-handling the client keeps for itself. */
function toLlmError(err: unknown, call: CallContext, task: string): LlmError {
  if (err instanceof LlmError) return err;
  if (call.deadline.cancelled())
    return new LlmError('timeout', `LLM ${task} cancelled by the caller`, { cause: err, cancelled: true });
  // An endpoint that failed and then ran out the clock while being retried is an endpoint problem.
  const failure = call.failures.at(-1);
  if (failure === undefined && (call.deadline.expired() || /abort|timed? ?out/i.test(describe(err))))
    return new LlmError('timeout', `LLM ${task} timed out after ${call.deadline.timeoutMs} ms`, {
      cause: err,
    });
  const cause = failure ?? err;
  const status = statusOf(cause) ?? statusOf(err);
  const what = status !== undefined ? `HTTP ${status}` : describe(cause);
  return new LlmError('endpoint', `LLM ${task} failed: ${what}`, { cause, status });
}

/**
 * The chat model, built once per client. Retries are LangChain's (`maxRetries`: its AsyncCaller
 * retries network errors, 5xx and 429 with backoff, and never 4xx auth/request errors or aborts).
 * ChatOllama has no retry of its own; a local server is not worth one.
 */
function createModel(config: Config['llm']): BaseChatModel {
  const common = { model: config.model ?? '', temperature: config.temperature };
  if (config.provider === 'ollama')
    return new ChatOllama({
      ...common,
      baseUrl: config.ollamaBaseUrl,
      checkOrPullModel: false,
      // The Ollama client takes no per-request signal; callFetch adds the call's deadline.
      fetch: callFetch,
    });
  return new ChatOpenAI({
    ...common,
    maxRetries: MAX_RETRIES,
    // Keyless OpenAI-compatible servers (vLLM, llama.cpp) still need a non-empty key for the client.
    apiKey: config.apiKey ?? 'not-needed',
    configuration: { ...(config.baseUrl ? { baseURL: config.baseUrl } : {}), fetch: callFetch },
    // An outer bound per HTTP request; the request's deadline usually ends it first.
    timeout: config.timeoutMs,
    // Usage chunks are not supported by every compatible server and are not needed here.
    streamUsage: false,
  });
}

/**
 * Creates the LLM client for the configured provider, or null when `provider` is 'none'.
 * Throws when the prompt files are missing or malformed, so a broken deploy fails at startup.
 */
export function createLlm(config: Config['llm'], logger: Logger, prompts?: PromptSet): LlmClient | null {
  if (config.provider === 'none') return null;
  if (!config.model) throw new Error(`LLM_MODEL is required when LLM_PROVIDER=${config.provider}`);
  const set = prompts ?? loadPrompts();
  const log = logger.child({ module: 'llm', provider: config.provider, model: config.model });

  const model = createModel(config);
  const parser = new StringOutputParser();

  /** Runs one prompt → model → string chain within the request's deadline, streaming when `onPartial` is given. */
  async function run(
    task: string,
    prompt: ChatPromptTemplate,
    vars: Record<string, string>,
    options: { deadline: LlmDeadline; onPartial?: (raw: string) => void },
  ): Promise<string> {
    const call: CallContext = { deadline: options.deadline, failures: [] };
    const { signal } = call.deadline;
    if (signal.aborted) throw toLlmError(signal.reason, call, task);
    const started = performance.now();
    const chain = RunnableSequence.from([prompt, model, parser]);
    try {
      const raw = await currentCall.run(call, async () => {
        if (!options.onPartial) return chain.invoke(vars, { signal });
        let soFar = '';
        for await (const piece of await chain.stream(vars, { signal })) {
          if (piece.length === 0) continue;
          soFar += piece;
          options.onPartial(soFar);
        }
        return soFar;
      });
      // A stream can end quietly when its signal fires; that is a timeout, not an answer.
      if (signal.aborted) throw signal.reason;
      const text = visibleText(raw).trim();
      if (text.length === 0) throw new LlmError('empty', `LLM ${task} returned no text`);
      log.debug({ task, ms: Math.round(performance.now() - started), chars: text.length }, 'llm call done');
      return text;
    } catch (err) {
      const error = toLlmError(err, call, task);
      log.warn(
        { task, kind: error.kind, status: error.status, ms: Math.round(performance.now() - started) },
        error.message,
      );
      throw error;
    }
  }

  /** The request's deadline: the caller's, or one started now for a call made on its own. */
  const deadlineOf = (input: { deadline?: LlmDeadline; signal?: AbortSignal }) =>
    input.deadline ?? startDeadline(config.timeoutMs, input.signal);

  const question = (q: string) => neutralise(q.slice(0, MAX_QUESTION_CHARS)).trim();

  return {
    async answer({ question: q, script, passages, onPartial, ...input }) {
      if (passages.length === 0) throw new LlmError('empty', 'LLM answer needs at least one passage');
      const text = await run(
        'answer',
        set.answer,
        { language: languageName(script), passages: formatPassages(passages), question: question(q) },
        {
          deadline: deadlineOf(input),
          onPartial: onPartial && ((raw) => onPartial(toScript(visibleText(raw), script))),
        },
      );
      // The model is asked for the asker's script; OpenCC makes sure of it for the Chinese ones.
      return toScript(text, script);
    },

    async condense({ question: q, history, ...input }) {
      const trimmed = q.trim();
      if (history.length === 0 || trimmed.length === 0) return trimmed;
      const text = await run(
        'condense',
        set.condense,
        { history: formatHistory(history), question: question(trimmed) },
        { deadline: deadlineOf(input) },
      );
      const line = text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l.length > 0);
      const cleaned = (line ?? '')
        .replace(/^(standalone question|question|rewritten question|独立问题|問題|问题)\s*[:：]\s*/i, '')
        .replace(/^["'“”「『]+|["'“”」』]+$/g, '')
        .trim();
      if (cleaned.length === 0) throw new LlmError('empty', 'LLM condense returned no question');
      // A "question" far longer than anything asked is an answer or a ramble; searching it would mislead.
      const longest = Math.max(trimmed.length, ...history.map((t) => t.question.length));
      if (cleaned.length > Math.max(MAX_CONDENSED_CHARS, 3 * longest))
        throw new LlmError('empty', 'LLM condense returned text too long to be a question');
      return cleaned;
    },

    async summarize({ region, script, passages, ...input }) {
      if (passages.length === 0) throw new LlmError('empty', 'LLM summary needs at least one passage');
      // One deadline for the map calls and the reduce call together.
      const deadline = deadlineOf(input);
      const language = languageName(script);
      const regionName = neutralise(region).trim().slice(0, 200);
      // Map: one call per article, so each stays short and a long article cannot crowd out the rest.
      const groups = new Map<string, LlmPassage[]>();
      for (const p of passages) {
        const key = `${p.title}\u0000${p.date ?? ''}`;
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      const notes = await Promise.all(
        [...groups.values()].map((group) =>
          run(
            'summary-map',
            set.summaryMap,
            { region: regionName, language, passages: formatPassages(group) },
            { deadline },
          )
            .then((t) => (/^\s*NONE\s*$/i.test(t) ? '' : t))
            .catch((err: unknown) => {
              // One article that yields nothing is not a failed summary; any other error is.
              if (err instanceof LlmError && err.kind === 'empty') return '';
              throw err;
            }),
        ),
      );
      const useful = notes.filter((n) => n.length > 0);
      if (useful.length === 0)
        throw new LlmError('empty', `LLM summary found no initiatives for ${regionName}`);
      if (useful.length === 1) return toScript(useful[0]!, script);
      const text = await run(
        'summary-reduce',
        set.summaryReduce,
        { region: regionName, language, notes: neutralise(useful.join('\n\n')) },
        { deadline },
      );
      return toScript(text, script);
    },
  };
}
