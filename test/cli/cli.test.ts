/**
 * The command-line contract of CLI.md, run as child processes on a real temp index: stdout holds
 * only the result (JSON where asked), logs go to stderr, bad input never crashes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT, buildTempIndex, type TempIndex } from '../helpers/temp-index.js';

let built: TempIndex;
before(async () => {
  built = await buildTempIndex();
});
after(() => built.cleanup());

function run(
  script: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli', script), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          CORPUS_DIR: built.config.corpusDir,
          INDEX_URI: built.config.indexUri,
          EMBEDDINGS: 'off',
          ALLOW_REMOTE_MODELS: 'false',
          LOG_LEVEL: 'warn',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('ask', () => {
  test('--json prints one JSON object with the contract fields', async () => {
    const { code, stdout } = await run('ask.ts', ['--json', '昌都市建立了多少个村级便民服务站点?']);
    assert.equal(code, 0);
    const r = JSON.parse(stdout);
    for (const key of [
      'question',
      'answer',
      'refused',
      'script',
      'mode',
      'citations',
      'retrieved',
      'timings',
    ])
      assert.ok(key in r, `field ${key}`);
    assert.equal(r.refused, false);
    assert.match(r.answer, /728/);
    assert.equal(r.retrieved.length <= 5, true);
    for (const key of ['n', 'articleId', 'title', 'date', 'source', 'region', 'text'])
      assert.ok(key in r.citations[0], `citation field ${key}`);
    for (const key of ['embedMs', 'searchMs', 'answerMs', 'totalMs'])
      assert.equal(typeof r.timings[key], 'number');
  });

  test('--k sets the number of retrieved passages; text mode lists sources', async () => {
    const json = JSON.parse((await run('ask.ts', ['--json', '--k', '2', '党员冬训'])).stdout);
    assert.ok(json.retrieved.length <= 2);
    const text = await run('ask.ts', ['凤庆县有多少名党员?']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /出处:\n[^\n]*凤庆[^\n]*\n {2}\[1\] “[^”]+”/);
    const bad = await run('ask.ts', ['--k', 'abc', '问题']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--k must be/);
  });

  test('--stdin answers one JSON line per input line, in order, with an error object for bad lines', async () => {
    const input = [
      '勐腊县社区干部每月补助标准是多少?',
      '',
      '党'.repeat(2000),
      '\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011',
      '小中甸镇建立了几个为民服务站?',
    ].join('\n');
    const { code, stdout } = await run('ask.ts', ['--json', '--stdin'], `${input}\n`);
    assert.equal(code, 0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 5);
    assert.match(lines[0].answer, /2000/);
    assert.ok(lines[1].error && lines[2].error && lines[3].error);
    assert.match(lines[4].answer, /3[个個]為?为?民服務?务?站/);
  });

  test('no question is a usage message on stderr and a non-zero exit', async () => {
    const { code, stdout, stderr } = await run('ask.ts', []);
    assert.notEqual(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /usage/);
  });
});

describe('summary and eval', () => {
  test('summary --json follows the contract', async () => {
    const { code, stdout } = await run('summary.ts', ['--json', 'Hulunbuir']);
    assert.equal(code, 0);
    const s = JSON.parse(stdout);
    for (const key of ['query', 'region', 'refused', 'articles', 'summary', 'points', 'citations'])
      assert.ok(key in s, key);
    assert.deepEqual(s.region.path, ['内蒙古自治区', '呼伦贝尔市']);
    assert.equal(s.articles.length, 1);
    const unknown = JSON.parse((await run('summary.ts', ['--json', '深圳'])).stdout);
    assert.equal(unknown.refused, true);
    assert.ok(unknown.covered.length > 0);
  });

  test('eval scores a JSONL file and ends with a verdict line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-eval-'));
    try {
      const file = path.join(dir, 'set.jsonl');
      await writeFile(
        file,
        [
          JSON.stringify({
            id: 'a',
            kind: 'fact',
            lang: 'zh-Hans',
            question: '昌都市建立了多少个村级便民服务站点?',
            needles: ['村级便民服务站点728个'],
            answer_any: ['728'],
          }),
          JSON.stringify({
            id: 'b',
            kind: 'negative',
            lang: 'zh-Hans',
            question: '深圳市的党建怎么样?',
            needles: [],
            answer_any: [],
          }),
          'not json',
          JSON.stringify({ id: 'c', kind: 'summary', region: '凤庆', expect: ['凤庆'], forbid: ['勐腊'] }),
        ].join('\n'),
      );
      const { code, stdout, stderr } = await run('eval.ts', [file]);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /line 3/);
      const last = stdout.trim().split('\n').at(-1)!;
      assert.match(last, /^PASS .*recall@5 1\.00.*negatives refused 1\/1.*summaries 1\/1/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('eval with no file runs the repository’s own sets, one block per file', async () => {
    const { code, stdout, stderr } = await run('eval.ts', ['--json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as { files: { file: string; rows: unknown[]; verdict: string }[] };
    const names = out.files.map((f) => path.relative(REPO_ROOT, f.file));
    for (const set of ['test/fixtures/eval/blind.jsonl', 'test/fixtures/eval/heldout.jsonl'])
      assert.ok(names.includes(set), `${set} in ${names.join(', ')}`);
    for (const f of out.files) {
      assert.ok(f.rows.length > 0);
      assert.match(f.verdict, /^(PASS|FAIL) \(keyword-only\) fully right \d+\/\d+/);
    }
  });

  test('eval --json on two files: one block per file, with the spec checks and figures per kind and language', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bpb-eval-'));
    try {
      const a = path.join(dir, 'a.jsonl');
      const b = path.join(dir, 'b.jsonl');
      await writeFile(
        a,
        `${JSON.stringify({
          id: 'f',
          kind: 'fact',
          lang: 'zh-Hans',
          question: '昌都市建立了多少个村级便民服务站点?',
          answer_all: ['728'],
          forbid: ['999999'],
          cite_only: ['002_b9f22687d977613e'],
        })}\n`,
      );
      await writeFile(
        b,
        `${JSON.stringify({ id: 'n', kind: 'negative', lang: 'en', question: 'What did Shenzhen do?' })}\n`,
      );
      const { code, stdout, stderr } = await run('eval.ts', ['--json', a, b]);
      assert.equal(code, 0, stderr);
      const out = JSON.parse(stdout) as {
        files: {
          file: string;
          rows: { id: string; checks: Record<string, boolean | null>; fullyRight: boolean }[];
          figures: { group: string }[];
          verdict: string;
        }[];
      };
      assert.deepEqual(
        out.files.map((f) => path.basename(f.file)),
        ['a.jsonl', 'b.jsonl'],
      );
      const [fact] = out.files[0]!.rows;
      assert.equal(fact!.checks.answerAll, true);
      assert.equal(fact!.checks.forbid, true);
      assert.equal(fact!.fullyRight, true, stdout);
      assert.deepEqual(
        out.files[0]!.figures.map((f) => f.group),
        ['all', 'kind:fact', 'lang:zh-Hans', 'zh'],
      );
      assert.equal(out.files[1]!.rows[0]!.fullyRight, true, 'the negative was refused');
      assert.match(out.files[1]!.verdict, /^PASS/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
