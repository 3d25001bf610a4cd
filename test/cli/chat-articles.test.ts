/** Finding 17: `/articles` works in the terminal chat as in Telegram (one line per report). */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { runChat } from '../../src/cli/chat.js';
import { useTempEngine } from '../helpers/temp-index.js';

const { engine } = useTempEngine();

test('/articles lists every report of the corpus with its region', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
  const done = runChat(engine(), { input, output, script: 'zh-Hans' });
  input.end('/articles\n');
  await done;
  assert.doesNotMatch(printed, /未知命令/);
  assert.match(printed, /报道列表:/);
  const items = printed.split('\n').filter((l) => /^\d+\. /.test(l));
  assert.equal(items.length, (await engine().articles()).length);
  assert.ok(items.some((l) => /云南省 › /.test(l)));
});
