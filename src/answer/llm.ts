/**
 * The LLM path: LangChain chains (prompt → chat model → string) for cited answers, follow-up
 * rewriting and map-reduce region summaries, against any OpenAI-compatible endpoint or Ollama.
 * The output is raw text with `[n]` markers; `citations.ts` validates them and the engine decides
 * whether to use it or fall back to the extractive answer. Every failure surfaces as `LlmError`.
 */
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
  }): Promise<string>;
  /** Rewrites an elliptical follow-up ("那凤庆呢?", "资金呢?") into a standalone question from the previous turns. */
  condense(input: { question: string; history: Turn[]; signal?: AbortSignal }): Promise<string>;
  /** Map-reduce summary of a region's initiatives over per-article passages, cited [n]. */
  summarize(input: {
    region: string;
    script: Script;
    passages: LlmPassage[];
    signal?: AbortSignal;
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
/** Statuses that a retry cannot fix (bad request, auth, unknown model, payload too large). */
const NO_RETRY_STATUS = new Set([400, 401, 402, 403, 404, 405, 406, 407, 409, 413, 422]);

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { status?: unknown; status_code?: unknown; response?: { status?: unknown } };
  for (const s of [e.status, e.status_code, e.response?.status]) if (typeof s === 'number') return s;
  return undefined;
}

function isAbort(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; message?: unknown };
  return (
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (typeof e.message === 'string' && /^(Cancel|AbortError|Aborted|Request was aborted)/.test(e.message))
  );
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

/** One call's bookkeeping: its deadline, the caller's signal and the attempts that failed. */
interface CallContext {
  signal: AbortSignal;
  timeout: AbortSignal;
  caller?: AbortSignal;
  failures: unknown[];
  timeoutMs: number;
}

function openCall(timeoutMs: number, caller?: AbortSignal): CallContext {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = caller ? AbortSignal.any([timeout, caller]) : timeout;
  return { signal, timeout, caller, failures: [], timeoutMs };
}

function toLlmError(err: unknown, call: CallContext, task: string): LlmError {
  if (err instanceof LlmError) return err;
  // An endpoint that failed and then ran out the clock while being retried is an endpoint problem.
  const lastFailure = [...call.failures].reverse().find((f) => !isAbort(f));
  const failure = lastFailure ?? err;
  const status = statusOf(failure);
  if (call.caller?.aborted && !call.timeout.aborted)
    return new LlmError('timeout', `LLM ${task} cancelled by the caller`, { cause: err, cancelled: true });
  if (
    lastFailure === undefined &&
    (call.timeout.aborted || isAbort(err) || /timed? ?out/i.test(describe(err)))
  )
    return new LlmError('timeout', `LLM ${task} timed out after ${call.timeoutMs} ms`, { cause: err });
  const what = status !== undefined ? `HTTP ${status}` : describe(failure);
  return new LlmError('endpoint', `LLM ${task} failed: ${what}`, { cause: failure, status });
}

/**
 * A chat model for one call. Built per call so its retry hook records that call's failures and,
 * for Ollama, so the call's signal can reach the HTTP request.
 */
function createModel(config: Config['llm'], call: CallContext, streaming: boolean): BaseChatModel {
  const onFailedAttempt = (error: unknown) => {
    call.failures.push(error);
    const status = statusOf(error);
    if (isAbort(error) || call.signal.aborted || (status !== undefined && NO_RETRY_STATUS.has(status)))
      throw error;
  };
  const common = {
    model: config.model ?? '',
    temperature: config.temperature,
    maxRetries: 1,
    onFailedAttempt,
  };
  if (config.provider === 'ollama') {
    const signal = call.signal;
    return new ChatOllama({
      ...common,
      baseUrl: config.ollamaBaseUrl,
      checkOrPullModel: false,
      // The Ollama client does not take a per-request signal; this fetch adds the call's own.
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
    });
  }
  return new ChatOpenAI({
    ...common,
    // Keyless OpenAI-compatible servers (vLLM, llama.cpp) still need a non-empty key for the client.
    apiKey: config.apiKey ?? 'not-needed',
    configuration: config.baseUrl ? { baseURL: config.baseUrl } : undefined,
    timeout: call.timeoutMs,
    streaming,
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

  /** Runs one prompt → model → string chain, streaming when `onPartial` is given. */
  async function run(
    task: string,
    prompt: ChatPromptTemplate,
    vars: Record<string, string>,
    options: { signal?: AbortSignal; onPartial?: (raw: string) => void } = {},
  ): Promise<string> {
    if (options.signal?.aborted)
      throw new LlmError('timeout', `LLM ${task} cancelled by the caller`, { cancelled: true });
    const call = openCall(config.timeoutMs, options.signal);
    const started = performance.now();
    const streaming = options.onPartial !== undefined;
    const chain = RunnableSequence.from([
      prompt,
      createModel(config, call, streaming),
      new StringOutputParser(),
    ]);
    try {
      let raw = '';
      if (streaming) {
        const stream = await chain.stream(vars, { signal: call.signal });
        for await (const piece of stream) {
          if (piece.length === 0) continue;
          raw += piece;
          options.onPartial?.(raw);
        }
      } else {
        raw = await chain.invoke(vars, { signal: call.signal });
      }
      // A stream can end quietly when its signal fires; that is a timeout, not an answer.
      if (call.signal.aborted) throw call.signal.reason;
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

  const question = (q: string) => neutralise(q.slice(0, MAX_QUESTION_CHARS)).trim();

  return {
    async answer({ question: q, script, passages, onPartial, signal }) {
      if (passages.length === 0) throw new LlmError('empty', 'LLM answer needs at least one passage');
      const text = await run(
        'answer',
        set.answer,
        { language: languageName(script), passages: formatPassages(passages), question: question(q) },
        {
          signal,
          onPartial: onPartial && ((raw) => onPartial(toScript(visibleText(raw), script))),
        },
      );
      // The model is asked for the asker's script; OpenCC makes sure of it for the Chinese ones.
      return toScript(text, script);
    },

    async condense({ question: q, history, signal }) {
      const trimmed = q.trim();
      if (history.length === 0 || trimmed.length === 0) return trimmed;
      const text = await run(
        'condense',
        set.condense,
        { history: formatHistory(history), question: question(trimmed) },
        { signal },
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

    async summarize({ region, script, passages, signal }) {
      if (passages.length === 0) throw new LlmError('empty', 'LLM summary needs at least one passage');
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
            { signal },
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
        { signal },
      );
      return toScript(text, script);
    },
  };
}
