/**
 * `ask --json --stdin` through the real CLI process: only \n and \r\n end a line, so a lone \r stays
 * inside its question and the output lines stay in step with the input lines.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT, buildTempIndex, type TempIndex } from '../helpers/temp-index.js';

let built: TempIndex;
before(async () => {
  built = await buildTempIndex();
});
after(() => built.cleanup());

function askStdin(chunks: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/ask.ts'), '--json', '--stdin'],
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
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
    // Written piece by piece so that a \r\n can arrive split across two reads.
    for (const chunk of chunks) child.stdin.write(chunk);
    child.stdin.end();
  });
}

test('a lone \\r stays inside its line; \\n and \\r\\n end lines; one output line per input line', async () => {
  const { code, stdout } = await askStdin([
    '勐腊县社区干部每月补助标准是多少?\r小中甸镇建立了几个为民服务站?\r',
    '\n昌都市建立了多少个村级便民服务站点?\n',
    '\r\n',
    '勐腊县社区干部每月补助标准是多少?',
  ]);
  assert.equal(code, 0);
  const out = stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { question: string; answer?: string; error?: string });
  assert.equal(out.length, 4, 'four input lines, four output lines');
  assert.match(out[0]!.question, /勐腊县[^]*小中甸镇/, 'the lone \\r did not split the first question');
  assert.match(out[1]!.answer ?? '', /728/, 'the second line is the 昌都 question');
  assert.ok(out[2]!.error, 'the empty third line gets an error object');
  assert.match(out[3]!.answer ?? '', /2000/, 'a last line without a newline is answered');
});
