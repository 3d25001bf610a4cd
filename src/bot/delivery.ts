/**
 * How Bot API calls get through faults: every request has a bounded timeout, a 429 is waited out
 * (auto-retry, up to `maxRetryAfterSeconds`), network errors and 5xx answers are retried with
 * exponential backoff, and all of that fits in one budget per call. A call that still fails
 * throws, and the bot's error boundary sends the user one short apology.
 *
 * auto-retry handles 429s; it also retries 5xx and network errors, but starting at 3 s and, for
 * network errors, without a bound, so those two are rethrown to `transientRetry` here, whose first
 * delay is configurable (a few ms in tests) and whose attempts end with the budget.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Transformer } from 'grammy';

export interface DeliveryOptions {
  /** One request (except the long poll) gives up after this long. */
  timeoutMs: number;
  /** All attempts of one call, waits included. */
  budgetMs: number;
  /** Longest `retry_after` honoured. */
  maxRetryAfterSeconds: number;
  /** First backoff after a network error or a 5xx; doubles each time (at most MAX_BACKOFF_MS). */
  retryBaseMs: number;
}

const MAX_BACKOFF_MS = 30_000;

/** getUpdates is retried by the runner and bounded by its own long-poll timeout. */
const LONG_POLL = 'getUpdates';
/** Worth one attempt only: a late "typing…" is useless. */
const BEST_EFFORT = new Set(['sendChatAction']);

/** grammY types signals with the abort-controller shim; at run time they are Node's own. */
type ApiSignal = Parameters<Transformer>[3];
const asApiSignal = (s: AbortSignal) => s as unknown as ApiSignal;
const native = (s: ApiSignal) => s as unknown as AbortSignal | undefined;

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(timer), reject(signal.reason));
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bounds each call's attempts, retries included, by `budgetMs` (the outermost of the three). */
export function deliveryBudget(budgetMs: number): Transformer {
  return (prev, method, payload, signal) =>
    method === LONG_POLL
      ? prev(method, payload, signal)
      : prev(method, payload, asApiSignal(anySignal(native(signal), AbortSignal.timeout(budgetMs))));
}

/** Per-attempt timeout; network errors and 5xx retried with backoff until the call's signal aborts. */
export function transientRetry(options: Pick<DeliveryOptions, 'timeoutMs' | 'retryBaseMs'>): Transformer {
  return async (prev, method, payload, signal) => {
    if (method === LONG_POLL) return prev(method, payload, signal);
    const outer = anySignal(native(signal));
    let delay = options.retryBaseMs;
    for (;;) {
      const attemptSignal = anySignal(outer, AbortSignal.timeout(options.timeoutMs));
      let failure: unknown;
      try {
        const result = await prev(method, payload, asApiSignal(attemptSignal));
        if (result.ok || result.error_code < 500 || BEST_EFFORT.has(method)) return result;
        failure = result;
      } catch (err) {
        if (!(err instanceof HttpError) || outer.aborted || BEST_EFFORT.has(method)) throw err;
        failure = err;
      }
      try {
        await pause(delay, outer);
      } catch {
        // The budget is spent: report the last failure as it was.
        if (failure instanceof Error) throw failure;
        return failure as Awaited<ReturnType<typeof prev>>;
      }
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  };
}

/**
 * The transformers in installation order (the first is closest to the network):
 * transient retries, then auto-retry for 429s, then the budget around both.
 */
export function deliveryTransformers(options: DeliveryOptions): Transformer[] {
  return [
    transientRetry(options),
    autoRetry({
      maxDelaySeconds: options.maxRetryAfterSeconds,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
    deliveryBudget(options.budgetMs),
  ];
}
