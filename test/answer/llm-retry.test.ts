/**
 * Retries are LangChain's own (ChatOpenAI `maxRetries`, AsyncCaller's rules): server errors are
 * retried with backoff until one attempt succeeds, auth errors are not retried, and what finally
 * fails is mapped to LlmError with the endpoint's status. Real ChatOpenAI, fake endpoint on 127.0.0.1.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createLlm, LlmError, type LlmClient, type LlmPassage } from '../../src/answer/llm.js';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fake-openai.js';

const passages: LlmPassage[] = [
  {
    n: 1,
    title: '凤庆:“三抓三强化”建强基层组织',
    date: '2017-06-16',
    source: null,
    region: ['云南省', '临沧市', '凤庆县'],
    text: '全县共有基层党组织1000余个、党员20000余名。',
  },
];
const ask = (llm: LlmClient) => llm.answer({ question: '凤庆县有多少名党员?', script: 'zh-Hans', passages });

let server: FakeLlmServer;
let llm: LlmClient;
before(async () => {
  server = await startFakeLlmServer();
  const config = createConfig({
    LLM_PROVIDER: 'openai',
    OPENAI_BASE_URL: server.url,
    OPENAI_API_KEY: 'test',
    LLM_MODEL: 'fake',
    // Room for LangChain's backoff (about 1–2 s, then 2–4 s).
    LLM_TIMEOUT_MS: '20000',
  }).llm;
  llm = createLlm(config, createLogger('silent'))!;
});
after(() => server.close());

/** Replies with `failures` in turn, then with `answer`. */
function failThenAnswer(failures: { status: number }[], answer: string) {
  let i = 0;
  server.requests.length = 0;
  server.reply(() => failures[i++] ?? answer);
}

test('HTTP 500s are retried by LangChain until an attempt succeeds', async () => {
  failThenAnswer([{ status: 500 }, { status: 503 }], '凤庆县有20000余名党员[1]。');
  assert.equal(await ask(llm), '凤庆县有20000余名党员[1]。');
  assert.equal(server.requests.length, 3, 'two failed attempts, then the one that answered');
});

test('an HTTP 401 is not retried and becomes LlmError("endpoint") with its status', async () => {
  failThenAnswer([{ status: 401 }], 'never sent');
  await assert.rejects(ask(llm), (err: unknown) => {
    assert.ok(err instanceof LlmError);
    assert.equal(err.kind, 'endpoint');
    assert.equal(err.status, 401);
    return true;
  });
  assert.equal(server.requests.length, 1);
});

test('the same client serves calls one after another and side by side', async () => {
  server.requests.length = 0;
  server.reply('凤庆县有20000余名党员[1]。');
  const answers = await Promise.all([ask(llm), ask(llm), ask(llm)]);
  assert.deepEqual(answers, Array(3).fill('凤庆县有20000余名党员[1]。'));
  assert.equal(server.requests.length, 3);
});
