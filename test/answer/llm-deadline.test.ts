/**
 * One deadline per request covering every model call: the follow-up rewrite and the answer share
 * LLM_TIMEOUT_MS, and so do the map and reduce calls of a summary. Two calls that each fit in the
 * budget but not together must end in the extractive fallback (real engine, real temp index, real
 * ChatOpenAI, fake OpenAI-compatible server with delayed replies).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTempEngine } from '../helpers/temp-index.js';
import {
  fakeLlmEnv,
  startFakeLlmServer,
  type FakeLlmServer,
  type RecordedRequest,
} from '../helpers/fake-openai.js';

const BUDGET_MS = 2000;
/** Each call alone fits in the budget; two of them in a row do not. */
const CALL_MS = 1200;

const system = (r: RecordedRequest) => r.messages.find((m) => m.role === 'system')?.content ?? '';
const taskOf = (r: RecordedRequest) => {
  const s = system(r);
  if (/rewrite a follow-up/.test(s)) return 'condense';
  if (/extract the party-building initiatives/.test(s)) return 'map';
  if (/write a summary/.test(s)) return 'reduce';
  return 'answer';
};
const slow = (text: string) => ({ chunks: [text], delayMs: CALL_MS });

describe('one deadline per request (fake OpenAI endpoint with delays)', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(() => server?.close());
  // (Built after the server starts: the hooks run in the order they are registered.)
  const suite = useTempEngine(() => fakeLlmEnv(server, BUDGET_MS));

  test('a follow-up rewrite and an answer that together outlast the budget give the extractive answer', async () => {
    server.requests.length = 0;
    server.reply((req) => {
      const task = taskOf(req);
      if (task === 'condense') return slow('凤庆县有多少名党员?');
      return slow('凤庆县有20000余名党员[1]。');
    });
    const r = await suite.engine().ask('那凤庆呢?', {
      history: [
        { question: '勐腊县有多少名党员?', answer: '……', region: ['云南省', '西双版纳傣族自治州', '勐腊县'] },
      ],
    });
    assert.deepEqual(
      server.requests.map(taskOf),
      ['condense', 'answer'],
      'both calls were made, the answer within what was left',
    );
    assert.equal(r.mode, 'extractive', 'the answer call was cut at the request deadline');
    assert.equal(r.refused, false);
    assert.match(r.answer, /20000/);
  });

  test('map and reduce calls of a summary share one budget', async () => {
    server.requests.length = 0;
    server.reply((req) =>
      taskOf(req) === 'reduce' ? slow('云南省各地建强基层组织[1][2]。') : slow('建强基层组织[1]。'),
    );
    const r = await suite.engine().summarize('云南省');
    const tasks = server.requests.map(taskOf);
    assert.ok(tasks.filter((t) => t === 'map').length >= 2, `map calls: ${tasks.join(',')}`);
    assert.ok(tasks.includes('reduce'), 'the reduce call was made');
    assert.equal(r.mode, 'extractive', 'the reduce call was cut at the request deadline');
    assert.equal(r.refused, false);
    assert.ok(r.summary.length > 0 && r.citations.length > 0);
  });

  test('calls that fit in the budget together still give the model answer', async () => {
    server.requests.length = 0;
    server.reply((req) =>
      taskOf(req) === 'condense'
        ? '凤庆县有多少名党员?'
        : { chunks: ['凤庆县有20000余名党员[1]。'], delayMs: 100 },
    );
    const r = await suite.engine().ask('那凤庆呢?', { history: [{ question: '勐腊县有多少名党员?' }] });
    assert.equal(r.mode, 'llm');
  });
});
