import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Engine } from '../../src/answer/types.js';
import { looksBinary, runChat, type ChatOptions } from '../../src/cli/chat.js';
import { CORPUS_DIR, REPO_ROOT, useTempEngine } from '../helpers/temp-index.js';

/** Feeds `lines` (then EOF unless `keepOpen`) to a chat and returns everything it printed. */
async function chat(
  engine: Engine,
  lines: (string | Buffer)[],
  options: Partial<ChatOptions> & { keepOpen?: boolean } = {},
) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
  const done = runChat(engine, { input, output, ...options });
  for (const line of lines) input.write(typeof line === 'string' ? `${line}\n` : line);
  if (!options.keepOpen) input.end();
  await done;
  input.destroy();
  return printed;
}

describe('terminal chat on the real engine', () => {
  const { engine } = useTempEngine();

  test('a piped question gets a cited answer, and /sources and /source N show where it comes from', async () => {
    const out = await chat(engine(), ['勐腊县社区干部每月补助标准是多少?', '/sources', '/source 1']);
    assert.match(out, /2000/);
    assert.match(out, /\[1\]/);
    assert.match(out, /出处:\n[^\n]+\n {2}\[1\] “/, 'each article once, its quoted [n] under it');
    // /source 1 prints the paragraph with the cited span marked.
    assert.match(out, /【[^】]+】/);
    assert.match(out, /再见。\n$/, 'EOF ends the chat cleanly');
  });

  test('/quit ends the session even while input stays open; later lines are not read', async () => {
    const out = await chat(engine(), ['/help', '/quit', '凤庆县有多少名党员?'], { keepOpen: true });
    assert.match(out, /\/source N/);
    assert.doesNotMatch(out, /20000/);
    assert.match(out, /再见。\n$/);
  });

  test('a follow-up question uses the previous turn', async () => {
    const out = await chat(engine(), ['勐腊县社区干部每月补助标准是多少?', '那行政村干部呢?']);
    const second = out.split('\n出处:')[1] ?? '';
    assert.match(second, /1400/, out);
  });

  test('/region summarises a covered region and refuses an uncovered one, listing what is covered', async () => {
    const covered = await chat(engine(), ['/region 呼伦贝尔']);
    assert.match(covered, /呼伦贝尔/);
    assert.match(covered, /\[1\]/);
    const uncovered = await chat(engine(), ['/region 深圳']);
    assert.match(uncovered, /没有关于“深圳”的内容/);
    assert.match(uncovered, /云南/);
    const list = await chat(engine(), ['/region']);
    assert.match(list, /报道覆盖的地区:\n- /);
  });

  test('bad input: empty, binary, huge, unknown commands and bad /source numbers get messages, no crash', async () => {
    const out = await chat(
      engine(),
      [
        '',
        '   ',
        Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02, 0x0a]),
        'x'.repeat(600),
        '/frobnicate',
        '/source 1',
        '/source',
        '凤庆县有多少名党员?',
        '/source 99',
      ],
      { maxQuestionChars: 500 },
    );
    assert.equal(out.match(/空行已忽略/g)?.length, 2);
    assert.match(out, /看起来不是文字/);
    assert.match(out, /问题太长了\(600 字\)/);
    assert.match(out, /未知命令 \/frobnicate/);
    assert.match(out, /还没有可显示的出处/);
    assert.match(out, /20000/, 'the chat goes on after bad input');
    assert.match(out, /用法:\/source N/);
  });

  test('a huge pasted line (1 MB) is refused without asking the engine', async () => {
    const out = await chat(engine(), ['凤'.repeat(1_000_000)]);
    assert.match(out, /问题太长了\(1000000 字\)/);
  });

  test('English UI when asked for, with answers in the asker’s script', async () => {
    const out = await chat(engine(), ['/sources', '陳巴爾虎旗如何安排牧民黨員的集中培訓時間?'], {
      script: 'en',
    });
    assert.match(out, /No sources to show yet/);
    assert.match(out, /冬[训訓]/);
    assert.match(out, /出處:/);
  });

  test('looksBinary tells typed text from bytes', () => {
    assert.equal(looksBinary('凤庆县有多少名党员?'), false);
    assert.equal(looksBinary('tab\tseparated'), false);
    assert.equal(looksBinary('a\u0000b'), true);
    assert.equal(looksBinary('\uFFFD\uFFFD\uFFFD'), true);
  });
});

test('npm start without a token and without an index: builds the index, then chats on piped stdin until EOF', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-main-'));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/main.ts')], {
      cwd: REPO_ROOT,
      // Only what the program needs, so a developer's .env cannot turn the bot on.
      env: {
        HOME: os.homedir(),
        LANG: 'zh_CN.UTF-8',
        CORPUS_DIR,
        INDEX_URI: path.join(dir, 'index'),
        MODELS_DIR: path.join(dir, 'models'),
        EMBEDDINGS: 'off',
        ALLOW_REMOTE_MODELS: 'false',
        LLM_PROVIDER: 'none',
        TELEGRAM_BOT_TOKEN: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end('凤庆县有多少名党员?\n/sources\n');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, stderr);
    assert.match(stderr, /5 articles/, 'the build report goes to stderr');
    assert.match(stdout, /20000/);
    assert.match(stdout, /\[1\] /);
    assert.doesNotMatch(stdout, /articles, \d+ chunks/, 'stdout carries the chat only');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
