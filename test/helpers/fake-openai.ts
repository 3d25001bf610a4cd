/**
 * A fake LLM server on 127.0.0.1 (random port) for tests that go through the real LangChain clients:
 * OpenAI-compatible `POST /v1/chat/completions` (JSON or SSE stream) and Ollama's `POST /api/chat`
 * (JSON or NDJSON stream). Each test scripts the replies and reads back the recorded requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedMessage {
  role: string;
  content: string;
}

export interface RecordedRequest {
  api: 'openai' | 'ollama';
  path: string;
  /** The parsed JSON body as sent. */
  body: Record<string, unknown>;
  stream: boolean;
  messages: RecordedMessage[];
  /** The `Authorization` header, if any. */
  authorization?: string;
}

/**
 * What the server does with one request:
 * - a string: answers it (streamed in several small chunks when the client asks for a stream);
 * - `chunks`: streams exactly these pieces, `delayMs` apart (non-streaming: joined, after the delays);
 * - `status`: answers with that HTTP status and an OpenAI-style error body;
 * - `hang`: never answers, until the client gives up or the server closes.
 */
export type FakeReply =
  string | { chunks: string[]; delayMs?: number } | { status: number; message?: string } | { hang: true };

export type FakeScript = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeLlmServer {
  /** Base URL for OpenAI-compatible clients, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Base URL for Ollama clients, e.g. `http://127.0.0.1:PORT`. */
  origin: string;
  requests: RecordedRequest[];
  /** Replaces the script for the following requests. */
  reply(script: FakeScript | FakeReply): void;
  close(): Promise<void>;
}

/** Splits text into about `parts` pieces on code-point boundaries, so a stream has several chunks. */
export function splitIntoChunks(text: string, parts = 5): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / parts));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out.length > 0 ? out : [''];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((p) =>
        typeof p === 'object' && p !== null && 'text' in p ? String((p as { text: unknown }).text) : '',
      )
      .join('');
  return '';
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

async function writeOpenAi(
  res: http.ServerResponse,
  reply: Exclude<FakeReply, { status: number } | { hang: true }>,
  stream: boolean,
) {
  const chunks = typeof reply === 'string' ? splitIntoChunks(reply) : reply.chunks;
  const delayMs = typeof reply === 'string' ? 0 : (reply.delayMs ?? 0);
  const base = { id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model: 'fake' };
  if (!stream) {
    for (let i = 0; i < chunks.length; i++) if (delayMs > 0) await sleep(delayMs);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ...base,
        choices: [
          { index: 0, message: { role: 'assistant', content: chunks.join('') }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      }),
    );
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  const chunkBase = { ...base, object: 'chat.completion.chunk' };
  event({
    ...chunkBase,
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
  });
  for (const content of chunks) {
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    event({ ...chunkBase, choices: [{ index: 0, delta: { content }, finish_reason: null }] });
  }
  event({ ...chunkBase, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  res.end('data: [DONE]\n\n');
}

async function writeOllama(
  res: http.ServerResponse,
  reply: Exclude<FakeReply, { status: number } | { hang: true }>,
  stream: boolean,
) {
  const chunks = typeof reply === 'string' ? splitIntoChunks(reply) : reply.chunks;
  const delayMs = typeof reply === 'string' ? 0 : (reply.delayMs ?? 0);
  const base = { model: 'fake', created_at: '2024-01-01T00:00:00Z' };
  const done = { done: true, done_reason: 'stop', total_duration: 1, prompt_eval_count: 10, eval_count: 10 };
  if (!stream) {
    for (let i = 0; i < chunks.length; i++) if (delayMs > 0) await sleep(delayMs);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, message: { role: 'assistant', content: chunks.join('') }, ...done }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const content of chunks) {
    if (delayMs > 0) await sleep(delayMs);
    if (res.destroyed) return;
    res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content }, done: false })}\n`);
  }
  res.end(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '' }, ...done })}\n`);
}

/** Starts the fake server; `script` answers every request until `reply()` replaces it. */
export async function startFakeLlmServer(script: FakeScript | FakeReply = 'OK [1]'): Promise<FakeLlmServer> {
  let current: FakeScript = typeof script === 'function' ? script : () => script;
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const api = path === '/v1/chat/completions' ? 'openai' : path === '/api/chat' ? 'ollama' : null;
      if (req.method !== 'POST' || api === null) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}` } }));
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'invalid JSON' } }));
        return;
      }
      const messages = (Array.isArray(body.messages) ? body.messages : []).map(
        (m: { role?: unknown; content?: unknown }) => ({
          role: String(m.role),
          content: contentText(m.content),
        }),
      );
      const recorded: RecordedRequest = {
        api,
        path,
        body,
        stream: body.stream === true,
        messages,
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const reply = await current(recorded);
      if (typeof reply === 'object' && 'hang' in reply) return; // left open until the client or close() ends it
      if (typeof reply === 'object' && 'status' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: reply.message ?? `fake error ${reply.status}`, type: 'server_error' },
          }),
        );
        return;
      }
      if (api === 'openai') await writeOpenAi(res, reply, recorded.stream);
      else await writeOllama(res, reply, recorded.stream);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    reply(next) {
      current = typeof next === 'function' ? next : () => next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The config that points the real LangChain client at a fake server (OpenAI-compatible). */
export function fakeLlmEnv(server: Pick<FakeLlmServer, 'url'>, timeoutMs: number): Record<string, string> {
  return {
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: server.url,
    LLM_MODEL: 'fake',
    OPENAI_API_KEY: 'x',
    LLM_TIMEOUT_MS: String(timeoutMs),
  };
}
