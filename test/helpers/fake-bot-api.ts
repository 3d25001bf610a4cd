/**
 * A fake Telegram Bot API on 127.0.0.1 (random port) for wire-level tests and benchmarks.
 * Serves `/bot<token>/<method>` like Telegram: long-polling `getUpdates` that honours `offset`,
 * `sendMessage` that validates HTML like Telegram does, and injectable faults: 429 with retry_after,
 * 400, 401, 404, 409, 500, a connection reset, a request left hanging.
 * Every call is recorded with its parameters and the time it arrived.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { UserFromGetMe } from 'grammy/types';
import { BOT_INFO } from './updates.js';

/** The default token: shaped like a real one so config validation accepts it. */
export const FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijkl';

/** The bot the fake server serves: the feature tests' bot, under the fake token's id. */
export const FAKE_BOT_INFO: UserFromGetMe = { ...BOT_INFO, id: 123456789, username: 'border_party_test_bot' };

/** One recorded Bot API call. */
export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** `performance.now()` when the request body had been read. */
  at: number;
  /** HTTP status the fake answered with (0: the connection was reset or left hanging). */
  status: number;
  /** The `description` of an error answer, if any. */
  error?: string;
}

/** An injected failure for the next call of a method. */
export type Failure =
  | { kind: '429'; retryAfter?: number }
  | { kind: 'bad-entities' }
  /** An error answer with this HTTP status and Telegram's description for it. */
  | { kind: 'status'; status: 401 | 404 | 409 | 500 | 502 }
  /** The connection is destroyed without an answer. */
  | { kind: 'reset' }
  /** No answer at all until the fake closes. */
  | { kind: 'hang' };

const DESCRIPTIONS: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

type Waiter = { resolve: () => void };

export interface FakeBotApi {
  /** Pass as `client.apiRoot` / `TELEGRAM_API_ROOT` (no trailing slash). */
  apiRoot: string;
  token: string;
  calls: RecordedCall[];
  /** Queues an update (the fake assigns `update_id`) and wakes pending `getUpdates`. */
  pushUpdate(update: Record<string, unknown>): number;
  /** Queues a private text message from user `chatId` in chat `chatId`. */
  pushText(
    chatId: number,
    text: string,
    options?: { firstName?: string; languageCode?: string },
  ): { updateId: number; messageId: number };
  /** Answers the next call of `method` with the given failure (queue: one entry per call). */
  failNext(method: string, failure: Failure): void;
  /** Answers every call of `method` whose params match with `failure`, until the returned function is called. */
  failWhen(method: string, match: (params: Record<string, unknown>) => boolean, failure: Failure): () => void;
  /** Resolves with the first recorded call (past or future) of `method` that satisfies `predicate`. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Calls `listener` with every call as it is answered; returns the unsubscribe function. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  /** Calls of `method` (successful and failed). */
  callsOf(method: string): RecordedCall[];
  /** Number of updates not yet confirmed by an `offset`. */
  pending(): number;
  close(): Promise<void>;
}

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
  'tg-emoji',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Checks Telegram-style HTML (`parse_mode: 'HTML'`): tags from Telegram's list, properly nested,
 * `a` with `href`, `<`, `>` and `&` escaped outside tags, at most 4096 UTF-16 units of visible text.
 * Returns Telegram's error description, or null when Telegram would accept the text.
 */
export function validateTelegramHtml(html: string): string | null {
  const stack: string[] = [];
  let visible = '';
  let i = 0;
  const entityError = (msg: string) =>
    `Bad Request: can't parse entities: ${msg} at byte offset ${Buffer.byteLength(html.slice(0, i))}`;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) return entityError('Unclosed start tag');
      const inner = html.slice(i + 1, end);
      const close = /^\/([a-z-]+)\s*$/i.exec(inner);
      const open = /^([a-z-]+)((?:\s+[a-z-]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+))?)*)\s*$/i.exec(
        inner,
      );
      if (close) {
        const name = close[1]!.toLowerCase();
        if (stack.length === 0 || stack[stack.length - 1] !== name)
          return entityError(`Unexpected end tag "${name}"`);
        stack.pop();
      } else if (open) {
        const name = open[1]!.toLowerCase();
        if (!ALLOWED_TAGS.has(name)) return entityError(`Unsupported start tag "${name}"`);
        const attrs = open[2] ?? '';
        if (name === 'a' && !/\bhref\s*=/.test(attrs))
          return entityError('Tag "a" must have attribute "href"');
        if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(attrs))
          return entityError('Tag "span" must have class "tg-spoiler"');
        stack.push(name);
      } else {
        return entityError(`Unsupported start tag "${inner.slice(0, 20)}"`);
      }
      i = end + 1;
      continue;
    }
    if (c === '>') return entityError('Unexpected ">"; use "&gt;"');
    if (c === '&') {
      const m = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i, i + 12));
      if (!m) return entityError('Unescaped "&"; use "&amp;"');
      if (m[1] !== undefined) {
        const ch = NAMED_ENTITIES[m[1].toLowerCase()];
        if (ch === undefined) return entityError(`Unknown entity "&${m[1]};"`);
        visible += ch;
      } else {
        const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
        if (!(code >= 0 && code <= 0x10ffff)) return entityError('Invalid character reference');
        visible += String.fromCodePoint(code);
      }
      i += m[0].length;
      continue;
    }
    visible += c;
    i++;
  }
  if (stack.length > 0)
    return `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"`;
  return checkVisibleText(visible);
}

function checkVisibleText(visible: string): string | null {
  if (visible.trim() === '') return 'Bad Request: message text is empty';
  if (visible.length > 4096) return 'Bad Request: message is too long';
  return null;
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startFakeBotApi(options: { token?: string } = {}): Promise<FakeBotApi> {
  const token = options.token ?? FAKE_TOKEN;
  const calls: RecordedCall[] = [];
  const updates: Record<string, unknown>[] = [];
  const failures = new Map<string, Failure[]>();
  const rules = new Set<{
    method: string;
    match: (p: Record<string, unknown>) => boolean;
    failure: Failure;
  }>();
  const pollers = new Set<Waiter>();
  const callWaiters = new Set<() => void>();
  const listeners = new Set<(call: RecordedCall) => void>();
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let closed = false;

  const wakePollers = () => {
    for (const w of [...pollers]) w.resolve();
  };
  const wakeCallWaiters = () => {
    for (const w of [...callWaiters]) w();
  };

  const messageFor = (params: Record<string, unknown>, text: unknown) => ({
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'group' : 'private' },
    from: FAKE_BOT_INFO,
    text: typeof text === 'string' ? text.replace(/<[^>]+>/g, '') : '',
  });

  /** Returns [status, body]. */
  async function dispatch(
    method: string,
    params: Record<string, unknown>,
    aborted: () => boolean,
  ): Promise<[number, Record<string, unknown>]> {
    const ok = (result: unknown): [number, Record<string, unknown>] => [200, { ok: true, result }];
    const bad = (description: string): [number, Record<string, unknown>] => [
      400,
      { ok: false, error_code: 400, description },
    ];
    switch (method) {
      case 'getMe':
        return ok(FAKE_BOT_INFO);
      case 'getUpdates': {
        const offset = Number(params.offset ?? 0);
        const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
        const timeoutS = Math.min(50, Math.max(0, Number(params.timeout ?? 0)));
        // An offset confirms every update before it, as with Telegram.
        if (offset > 0) while (updates.length > 0 && Number(updates[0]!.update_id) < offset) updates.shift();
        const deadline = Date.now() + timeoutS * 1000;
        while (updates.length === 0 && Date.now() < deadline && !aborted() && !closed) {
          await new Promise<void>((resolve) => {
            const w: Waiter = { resolve: () => (pollers.delete(w), clearTimeout(t), resolve()) };
            const t = setTimeout(w.resolve, Math.max(0, deadline - Date.now()));
            pollers.add(w);
          });
        }
        return ok(updates.slice(0, limit));
      }
      case 'sendMessage':
      case 'editMessageText': {
        const text = params.text;
        if (typeof text !== 'string') return bad('Bad Request: message text is empty');
        const err = params.parse_mode === 'HTML' ? validateTelegramHtml(text) : checkVisibleText(text);
        if (err) return bad(err);
        if (params.parse_mode !== undefined && params.parse_mode !== 'HTML')
          return bad(`Bad Request: unsupported parse_mode "${String(params.parse_mode)}" in this fake`);
        if (method === 'editMessageText' && params.inline_message_id !== undefined) return ok(true);
        return ok(messageFor(params, text));
      }
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
      case 'sendChatAction':
      case 'setWebhook':
      case 'deleteWebhook':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'setChatMenuButton':
      case 'leaveChat':
      case 'deleteMessage':
      case 'setMessageReaction':
        return ok(true);
      case 'editMessageReplyMarkup':
        return ok(messageFor(params, ''));
      case 'getMyCommands':
        return ok([]);
      case 'getWebhookInfo':
        return ok({ url: '', has_custom_certificate: false, pending_update_count: updates.length });
      default:
        return [404, { ok: false, error_code: 404, description: 'Not Found' }];
    }
  }

  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const m = /^\/bot([^/]+)\/([A-Za-z]+)(?:\?(.*))?$/.exec(req.url ?? '');
    if (!m) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let params: Record<string, unknown> = {};
        const raw = Buffer.concat(chunks).toString('utf8');
        if (raw.trim() !== '') {
          try {
            params = JSON.parse(raw) as Record<string, unknown>;
          } catch {
            return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON body' });
          }
        }
        for (const [k, v] of new URLSearchParams(m[3] ?? '')) params[k] ??= v;
        const call: RecordedCall = { method, params, at: performance.now(), status: 200 };
        const injected =
          failures.get(method)?.shift() ??
          [...rules].find((r) => r.method === method && r.match(params))?.failure;
        let status: number;
        let body: Record<string, unknown>;
        if (injected?.kind === 'reset' || injected?.kind === 'hang') {
          call.status = 0;
          call.error = injected.kind;
          calls.push(call);
          for (const l of [...listeners]) l(call);
          wakeCallWaiters();
          if (injected.kind === 'reset') req.socket.destroy();
          return;
        }
        if (injected?.kind === 'status') {
          const description = DESCRIPTIONS[injected.status]!;
          [status, body] = [injected.status, { ok: false, error_code: injected.status, description }];
        } else if (injected?.kind === '429') {
          const retryAfter = injected.retryAfter ?? 1;
          [status, body] = [
            429,
            {
              ok: false,
              error_code: 429,
              description: `Too Many Requests: retry after ${retryAfter}`,
              parameters: { retry_after: retryAfter },
            },
          ];
        } else if (injected?.kind === 'bad-entities') {
          [status, body] = [
            400,
            {
              ok: false,
              error_code: 400,
              description: "Bad Request: can't parse entities: Unsupported start tag",
            },
          ];
        } else {
          let gone = false;
          res.once('close', () => {
            gone = !res.writableFinished;
            // A client that gave up on a long poll must not keep the poll alive.
            if (gone) wakePollers();
          });
          [status, body] = await dispatch(method, params, () => gone);
        }
        call.status = status;
        if (body.ok === false) call.error = String(body.description);
        // Long polls are recorded once answered, so `calls` reflects what the client saw.
        calls.push(call);
        for (const l of [...listeners]) l(call);
        wakeCallWaiters();
        send(status, body);
      })();
    });
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  const api: FakeBotApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    pushUpdate(update) {
      const id = nextUpdateId++;
      updates.push({ update_id: id, ...update });
      wakePollers();
      return id;
    },
    pushText(chatId, text, opts = {}) {
      const messageId = nextMessageId++;
      const updateId = api.pushUpdate({
        message: {
          message_id: messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: opts.firstName ?? 'Tester' },
          from: {
            id: chatId,
            is_bot: false,
            first_name: opts.firstName ?? 'Tester',
            language_code: opts.languageCode ?? 'zh-hans',
          },
          text,
          ...(text.startsWith('/')
            ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] }
            : {}),
        },
      });
      return { updateId, messageId };
    },
    failNext(method, failure) {
      const list = failures.get(method) ?? [];
      list.push(failure);
      failures.set(method, list);
    },
    failWhen(method, match, failure) {
      const rule = { method, match, failure };
      rules.add(rule);
      return () => rules.delete(rule);
    },
    waitForCall(method, predicate = () => true, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = calls.find((c) => c.method === method && predicate(c));
          if (hit) {
            callWaiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          callWaiters.delete(check);
          const seen = calls.map((c) => `${c.method}:${c.status}`).join(', ');
          reject(
            new Error(`fake Bot API: no ${method} call matched within ${timeoutMs} ms (calls: ${seen})`),
          );
        }, timeoutMs);
        callWaiters.add(check);
        check();
      });
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    callsOf(method) {
      return calls.filter((c) => c.method === method);
    },
    pending() {
      return updates.length;
    },
    async close() {
      closed = true;
      wakePollers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
