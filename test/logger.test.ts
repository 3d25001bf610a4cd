/**
 * Logs an operator can read (issue 8, findings 16 and 17): errors keep their message, stack and
 * GrammyError code and description, secrets are scrubbed after serialization, and a terminal gets
 * readable lines while a pipe gets JSON.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { GrammyError } from 'grammy';
import { createLogger, formatLine, prettyDestination } from '../src/logger.js';
import { REPO_ROOT } from './helpers/temp-index.js';

const TOKEN = '123456789:AAEabcdefghijklmnopqrstuvwxyz0123456';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger('info', secrets, { write: (l: string) => void lines.push(l) });
  return {
    logger,
    lines,
    last: () => JSON.parse(lines.at(-1)!) as { err: Record<string, unknown> & { stack: string } },
  };
}

test('finding 16: a logged error keeps its type, message and stack', () => {
  const log = capture();
  log.logger.error({ err: new TypeError('boom') }, 'x');
  const { err } = log.last();
  assert.equal(err.type, 'TypeError');
  assert.equal(err.message, 'boom');
  assert.match(err.stack, /TypeError: boom\n\s+at /);
});

test('finding 16: a GrammyError keeps its code and description; the token never appears', () => {
  const log = capture([TOKEN]);
  const err = new GrammyError(
    `Call to 'sendMessage' failed! (403: Forbidden: bot was blocked by the user)`,
    { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    'sendMessage',
    { chat_id: 1, text: `token ${TOKEN}` },
  );
  log.logger.warn({ err, note: `for /bot${TOKEN}/sendMessage` }, `handling an update failed for ${TOKEN}`);
  const out = log.lines.join('');
  const logged = log.last().err;
  assert.equal(logged.error_code, 403);
  assert.equal(logged.description, 'Forbidden: bot was blocked by the user');
  assert.equal(logged.method, 'sendMessage');
  assert.match(logged.stack, /GrammyError/);
  assert.ok(!out.includes('AAEabcdefghijklmnop'), out);
});

test('finding 16: nested causes are serialized too', () => {
  const log = capture();
  log.logger.error({ err: new Error('outer', { cause: new RangeError('inner') }) }, 'x');
  assert.match(JSON.stringify(log.last().err), /inner/);
});

test('finding 17: on a terminal, lines are for people: time, level, message, fields, the stack', () => {
  const out: string[] = [];
  const logger = createLogger('info', [TOKEN], prettyDestination({ write: (t: string) => void out.push(t) }));
  logger.warn({ redis: '127.0.0.1:6379' }, 'Redis is unavailable');
  logger.error({ err: new TypeError('boom') }, `failed for ${TOKEN}`);
  const text = out.join('');
  assert.match(text, /WARN.*Redis is unavailable.*127\.0\.0\.1:6379/);
  assert.match(text, /ERROR.*failed for <redacted/);
  assert.match(text, /boom/);
  assert.doesNotMatch(text, /^\{/m, 'no JSON lines');
  assert.ok(!text.includes('AAEabcdefghijklmnop'));
});

test('finding 17: formatLine keeps a non-JSON line as it is', () => {
  assert.equal(formatLine('plain text'), 'plain text');
});

test('finding 17: piped stderr stays JSON', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      "import('./src/logger.ts').then(m => m.createLogger('info').info({ a: 1 }, 'hello'))",
    ],
    { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 },
  );
  const line = r.stderr.trim().split('\n').at(-1)!;
  assert.equal((JSON.parse(line) as { msg: string }).msg, 'hello');
});
