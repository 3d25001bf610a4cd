/**
 * A recording API transformer for bot tests (as in grammY's own tests): every Bot API call is
 * recorded with its method and payload and answered with a plausible fake result, without any
 * network. A test can queue failures (e.g. a 400 "can't parse entities") for a method.
 */
import type { Transformer } from 'grammy';

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** When the call was made (Date.now()). */
  at: number;
}

export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export interface RecordingApi {
  /** Install with `createBot(token, { ..., apiTransformers: [api.transformer] })`. */
  transformer: Transformer;
  calls: ApiCall[];
  /** Payloads of the calls to `method`, in order. */
  of(method: string): Record<string, unknown>[];
  /** Texts of sendMessage and editMessageText calls, in order. */
  texts(): string[];
  /** The next call to `method` fails with `failure` (queued; one failure per call). */
  failNext(method: string, failure: FakeFailure): void;
  /** The next call to `method` throws `error` (as a network failure would). */
  throwNext(method: string, error: Error): void;
  clear(): void;
}

/** Creates a recorder; message ids it hands out start at 1000 and increase. */
export function createRecordingApi(): RecordingApi {
  const calls: ApiCall[] = [];
  const failures = new Map<string, (FakeFailure | Error)[]>();
  let nextMessageId = 1000;

  const resultFor = (method: string, payload: Record<string, unknown>): unknown => {
    if (method === 'sendMessage' || method === 'editMessageText') {
      const chatId = Number(payload.chat_id ?? 0);
      return {
        message_id: method === 'sendMessage' ? nextMessageId++ : Number(payload.message_id ?? 0),
        date: Math.floor(Date.now() / 1000),
        chat:
          chatId < 0
            ? { id: chatId, type: 'supergroup', title: 'group' }
            : { id: chatId, type: 'private', first_name: 'user' },
        text: payload.text,
      };
    }
    return true;
  };

  const transformer: Transformer = async (_prev, method, payload) => {
    const p = { ...(payload as unknown as Record<string, unknown>) };
    calls.push({ method, payload: p, at: Date.now() });
    const failure = failures.get(method)?.shift();
    if (failure instanceof Error) throw failure;
    if (failure) return { ok: false, ...failure } as never;
    return { ok: true, result: resultFor(method, p) } as never;
  };

  return {
    transformer,
    calls,
    of: (method) => calls.filter((c) => c.method === method).map((c) => c.payload),
    texts: () =>
      calls
        .filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText')
        .map((c) => String(c.payload.text)),
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    throwNext(method, error) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    clear() {
      calls.length = 0;
    },
  };
}
