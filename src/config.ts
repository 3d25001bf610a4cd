/**
 * The one place that reads the environment. `loadConfig()` loads `.env` (dotenv) and parses
 * `process.env` once; `createConfig(input)` parses any record, so tests pass their own values.
 * Bad values throw `Error('Invalid config: VAR ...')` naming the variable.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { isRemoteUri } from './uri.js';

const bool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
  message: 'must be an http(s) URL',
});

const idList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return [] as number[];
    const ids = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = ids.find((s) => !/^-?\d+$/.test(s));
    if (bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a comma-separated list of numeric ids, got "${bad}"`,
      });
      return z.NEVER;
    }
    return ids.map(Number);
  });

const schema = z
  .object({
    CORPUS_DIR: optionalString.default('corpus'),
    INDEX_URI: optionalString.default('index'),
    MODELS_DIR: optionalString.default('models'),
    EMBEDDING_MODEL: optionalString.default('Xenova/multilingual-e5-small'),
    EMBEDDING_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']).default('q8'),
    /** auto: embed when the model can be had, else keyword-only; required: fail without it; off: never. */
    EMBEDDINGS: z.enum(['auto', 'required', 'off']).default('auto'),
    ALLOW_REMOTE_MODELS: bool(true),
    EMBED_BATCH_SIZE: int(16, 1, 512),
    MAX_FILE_BYTES: int(5_000_000, 1, 1_000_000_000),
    /** A build stage that makes no progress for this long fails (the previous index stays). */
    BUILD_STALL_SECONDS: int(600, 1, 86_400),
    /** Lease of the build lock on object storage: a builder that died frees the lock after this. */
    BUILD_LOCK_LEASE_SECONDS: int(600, 1, 86_400),
    /** Object storage for INDEX_URI=s3://bucket/prefix (passed to LanceDB as storage options). */
    S3_ENDPOINT: url,
    S3_ALLOW_HTTP: bool(false),
    AWS_ACCESS_KEY_ID: optionalString,
    AWS_SECRET_ACCESS_KEY: optionalString,
    AWS_REGION: optionalString,

    TOP_K: int(5, 1, 50),
    MAX_QUESTION_CHARS: int(500, 10, 100_000),

    LLM_PROVIDER: z.enum(['none', 'openai', 'ollama']).default('none'),
    LLM_MODEL: optionalString,
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: url,
    OLLAMA_BASE_URL: url.default('http://127.0.0.1:11434'),
    LLM_TIMEOUT_MS: int(30_000, 100, 600_000),
    LLM_TEMPERATURE: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return 0.2;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0 || n > 2) {
          ctx.addIssue({ code: 'custom', message: `must be a number from 0 to 2, got "${v}"` });
          return z.NEVER;
        }
        return n;
      }),

    // Lenient on length: local Bot API servers and test clients use short tokens.
    TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[\w-]+$/.test(v), {
      message: 'does not look like a bot token (<digits>:<secret>, as @BotFather gives it)',
    }),
    TELEGRAM_API_ROOT: url.default('https://api.telegram.org'),
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    WEBHOOK_URL: url,
    WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{1,256}$/.test(v), {
      message: 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -',
    }),
    HOST: optionalString.default('0.0.0.0'),
    PORT: int(8080, 0, 65535),
    ALLOWED_CHAT_IDS: idList,
    ADMIN_USER_IDS: idList,
    RATE_LIMIT_PER_MINUTE: int(20, 1, 10_000),
    REDIS_URL: optionalString,
    /** Each Bot API request (except the long poll) gives up after this long. */
    TELEGRAM_TIMEOUT_MS: int(15_000, 100, 300_000),
    /** Total time to deliver one Bot API call, retries included; then the user gets one apology. */
    TELEGRAM_RETRY_BUDGET_MS: int(120_000, 100, 3_600_000),
    /** Longest `retry_after` (429) waited for; a longer one fails the call. */
    TELEGRAM_MAX_RETRY_AFTER_S: int(60, 0, 3600),
    /** First backoff after a network error, a 5xx or a 409 on getUpdates; it doubles each time. */
    TELEGRAM_RETRY_BASE_MS: int(1000, 1, 60_000),
    /** Sessions (follow-up context) expire after this long without a message, in memory and in Redis. */
    SESSION_TTL_SECONDS: int(7 * 24 * 3600, 1, 365 * 24 * 3600),
    /** In-memory sessions kept at most (least recently used go first). */
    SESSION_MAX_ENTRIES: int(10_000, 1, 10_000_000),
    /** A Redis command slower than this is treated as an outage: the bot answers without context. */
    REDIS_TIMEOUT_MS: int(500, 10, 60_000),

    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === 'webhook') {
      if (!c.WEBHOOK_URL)
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'is required when BOT_MODE=webhook' });
      if (!c.WEBHOOK_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['WEBHOOK_SECRET'],
          message: 'is required when BOT_MODE=webhook',
        });
    }
    if (c.LLM_PROVIDER === 'openai' && !c.OPENAI_BASE_URL && !c.OPENAI_API_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['OPENAI_API_KEY'],
        message: 'is required when LLM_PROVIDER=openai (or set OPENAI_BASE_URL for a keyless endpoint)',
      });
    if (c.LLM_PROVIDER !== 'none' && !c.LLM_MODEL)
      ctx.addIssue({
        code: 'custom',
        path: ['LLM_MODEL'],
        message: `is required when LLM_PROVIDER=${c.LLM_PROVIDER}`,
      });
  });

type Raw = z.output<typeof schema>;

export interface Config {
  corpusDir: string;
  /** A local folder (resolved) or a remote URI such as s3://bucket/path. */
  indexUri: string;
  modelsDir: string;
  embedding: {
    model: string;
    dtype: Raw['EMBEDDING_DTYPE'];
    mode: Raw['EMBEDDINGS'];
    allowRemote: boolean;
    batchSize: number;
  };
  maxFileBytes: number;
  buildStallMs: number;
  buildLockLeaseMs: number;
  /** LanceDB storage options for a remote index (empty for a local folder or ambient credentials). */
  storageOptions: Record<string, string>;
  topK: number;
  maxQuestionChars: number;
  llm: {
    provider: Raw['LLM_PROVIDER'];
    model?: string;
    apiKey?: string;
    baseUrl?: string;
    ollamaBaseUrl: string;
    timeoutMs: number;
    temperature: number;
  };
  telegram: {
    token?: string;
    apiRoot: string;
    mode: Raw['BOT_MODE'];
    webhookUrl?: string;
    webhookSecret?: string;
    host: string;
    port: number;
    allowedChatIds: number[];
    adminUserIds: number[];
    rateLimitPerMinute: number;
    redisUrl?: string;
    /** Per-request timeout of Bot API calls (not the long poll). */
    timeoutMs: number;
    /** Delivery of one call, retries included. */
    retryBudgetMs: number;
    maxRetryAfterSeconds: number;
    retryBaseMs: number;
    sessionTtlSeconds: number;
    sessionMaxEntries: number;
    redisTimeoutMs: number;
  };
  logLevel: Raw['LOG_LEVEL'];
}

/** Parses a record of environment-style variables into a typed config; throws naming the variable. */
export function createConfig(input: Record<string, string | undefined>, cwd = process.cwd()): Config {
  // An empty variable means "not set", for every variable alike.
  const present = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'} ${i.message}`);
    throw new Error(`Invalid config: ${lines.join('; ')}`, { cause: parsed.error });
  }
  const c = parsed.data;
  const local = (p: string) => (isRemoteUri(p) ? p : path.resolve(cwd, p));
  return {
    corpusDir: path.resolve(cwd, c.CORPUS_DIR),
    indexUri: local(c.INDEX_URI),
    modelsDir: path.resolve(cwd, c.MODELS_DIR),
    embedding: {
      model: c.EMBEDDING_MODEL,
      dtype: c.EMBEDDING_DTYPE,
      mode: c.EMBEDDINGS,
      allowRemote: c.ALLOW_REMOTE_MODELS,
      batchSize: c.EMBED_BATCH_SIZE,
    },
    maxFileBytes: c.MAX_FILE_BYTES,
    buildStallMs: c.BUILD_STALL_SECONDS * 1000,
    buildLockLeaseMs: c.BUILD_LOCK_LEASE_SECONDS * 1000,
    storageOptions: Object.fromEntries(
      Object.entries({
        endpoint: c.S3_ENDPOINT,
        allowHttp: c.S3_ALLOW_HTTP ? 'true' : undefined,
        awsAccessKeyId: c.AWS_ACCESS_KEY_ID,
        awsSecretAccessKey: c.AWS_SECRET_ACCESS_KEY,
        region: c.AWS_REGION,
      }).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    topK: c.TOP_K,
    maxQuestionChars: c.MAX_QUESTION_CHARS,
    llm: {
      provider: c.LLM_PROVIDER,
      model: c.LLM_MODEL,
      apiKey: c.OPENAI_API_KEY,
      baseUrl: c.OPENAI_BASE_URL,
      ollamaBaseUrl: c.OLLAMA_BASE_URL,
      timeoutMs: c.LLM_TIMEOUT_MS,
      temperature: c.LLM_TEMPERATURE,
    },
    telegram: {
      token: c.TELEGRAM_BOT_TOKEN,
      apiRoot: c.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      mode: c.BOT_MODE,
      webhookUrl: c.WEBHOOK_URL,
      webhookSecret: c.WEBHOOK_SECRET,
      host: c.HOST,
      port: c.PORT,
      allowedChatIds: c.ALLOWED_CHAT_IDS,
      adminUserIds: c.ADMIN_USER_IDS,
      rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
      redisUrl: c.REDIS_URL,
      timeoutMs: c.TELEGRAM_TIMEOUT_MS,
      retryBudgetMs: c.TELEGRAM_RETRY_BUDGET_MS,
      maxRetryAfterSeconds: c.TELEGRAM_MAX_RETRY_AFTER_S,
      retryBaseMs: c.TELEGRAM_RETRY_BASE_MS,
      sessionTtlSeconds: c.SESSION_TTL_SECONDS,
      sessionMaxEntries: c.SESSION_MAX_ENTRIES,
      redisTimeoutMs: c.REDIS_TIMEOUT_MS,
    },
    logLevel: c.LOG_LEVEL,
  };
}

/** Loads `.env` (without overriding the real environment) and parses it once. */
export function loadConfig(): Config {
  dotenv.config({ quiet: true });
  return createConfig(process.env);
}

/** Values that must never reach a log line: the bot token, the LLM key, a Redis URL with its password. */
export function secretsOf(config: Config): (string | undefined)[] {
  const redisPassword = config.telegram.redisUrl ? safeUrl(config.telegram.redisUrl)?.password : undefined;
  return [
    config.telegram.token,
    config.llm.apiKey,
    config.telegram.webhookSecret,
    config.storageOptions.awsSecretAccessKey,
    redisPassword || undefined,
  ];
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
