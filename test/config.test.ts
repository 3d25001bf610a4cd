import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { createConfig } from '../src/config.js';
import { Bot } from 'grammy';
import { createLogger, scrubSecrets } from '../src/logger.js';
import { REPO_ROOT } from './helpers/temp-index.js';

test('defaults make a working keyless configuration', () => {
  const c = createConfig({}, '/srv/app');
  assert.equal(c.indexUri, '/srv/app/index');
  assert.equal(c.corpusDir, '/srv/app/corpus');
  assert.equal(c.embedding.model, 'Xenova/multilingual-e5-small');
  assert.equal(c.embedding.mode, 'auto');
  assert.equal(c.topK, 5);
  assert.equal(c.llm.provider, 'none');
  assert.equal(c.telegram.mode, 'polling');
  assert.equal(c.telegram.apiRoot, 'https://api.telegram.org');
  assert.deepEqual(c.telegram.allowedChatIds, []);
});

test('values are parsed into types; a remote index URI is kept as it is', () => {
  const c = createConfig({
    INDEX_URI: 's3://bucket/path',
    TOP_K: '8',
    ALLOWED_CHAT_IDS: '1, -100200',
    ADMIN_USER_IDS: '42',
    ALLOW_REMOTE_MODELS: 'false',
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    LLM_MODEL: 'm',
  });
  assert.equal(c.indexUri, 's3://bucket/path');
  assert.equal(c.topK, 8);
  assert.deepEqual(c.telegram.allowedChatIds, [1, -100200]);
  assert.deepEqual(c.telegram.adminUserIds, [42]);
  assert.equal(c.embedding.allowRemote, false);
  assert.equal(c.telegram.apiRoot, 'http://127.0.0.1:8081');
});

test('bad values fail naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ TOP_K: 'five' }, /TOP_K/],
    [{ TOP_K: '0' }, /TOP_K/],
    [{ EMBEDDING_DTYPE: 'fp64' }, /EMBEDDING_DTYPE/],
    [{ LLM_PROVIDER: 'gpt' }, /LLM_PROVIDER/],
    [{ LLM_PROVIDER: 'openai', LLM_MODEL: 'x' }, /OPENAI_API_KEY/],
    [{ LLM_PROVIDER: 'ollama' }, /LLM_MODEL/],
    [{ BOT_MODE: 'webhook' }, /WEBHOOK_URL/],
    [{ TELEGRAM_BOT_TOKEN: 'not a token' }, /TELEGRAM_BOT_TOKEN/],
    [{ ALLOWED_CHAT_IDS: '12,abc' }, /ALLOWED_CHAT_IDS/],
    [{ OPENAI_BASE_URL: 'ftp://x' }, /OPENAI_BASE_URL/],
    [{ ALLOW_REMOTE_MODELS: 'maybe' }, /ALLOW_REMOTE_MODELS/],
  ];
  for (const [input, pattern] of cases)
    assert.throws(() => createConfig(input), pattern, JSON.stringify(input));
});

test('npm start with a bad variable exits 1 with a one-line message naming it', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TOP_K: 'lots' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /TOP_K/);
  assert.equal(r.stdout, '');
});

test('secrets never reach a log line, not even inside a nested network error', async () => {
  const token = '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const lines: string[] = [];
  const logger = createLogger('info', [token, 'redis-pass'], { write: (l: string) => void lines.push(l) });
  const bot = new Bot(token, { client: { apiRoot: 'http://127.0.0.1:1' } });
  const err = await bot.api.getMe().catch((e: unknown) => e);
  logger.warn({ err, url: `http://x/bot${token}/y`, redis: 'redis://:redis-pass@h' }, `failed for ${token}`);
  const out = lines.join('');
  assert.match(out, /ECONNREFUSED/, 'the nested error is logged');
  assert.doesNotMatch(out, /AAAAAAAAAAAA|redis-pass/);
});

test('secrets are scrubbed from strings', () => {
  const token = '123456789:AAEabcdefghijklmnopqrstuvwxyz0123456';
  assert.equal(scrubSecrets(`GET /bot${token}/getMe failed`), 'GET /bot<redacted-token>/getMe failed');
  assert.equal(scrubSecrets('key sk-local-1234 used', ['sk-local-1234']), 'key <redacted> used');
  // The logger itself must accept the secrets list without throwing.
  createLogger('silent', [token, undefined]).info(`token ${token}`);
});
