/**
 * LLM mode gets the same intents: a list question sends the list's members as passages tagged with
 * their role, a metadata question sends the article record; citation validation is unchanged, and
 * the extractive intent answer stands when the model cites nothing real. Real corpus, real temp
 * index, the real LangChain client against a fake OpenAI-compatible server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  fakeLlmEnv,
  startFakeLlmServer,
  type FakeLlmServer,
  type RecordedRequest,
} from '../helpers/fake-openai.js';
import { useTempEngine } from '../helpers/temp-index.js';

const human = (r: RecordedRequest) => r.messages.find((m) => m.role === 'user')?.content ?? '';
const passages = (r: RecordedRequest) =>
  [...human(r).matchAll(/<passage ([^>]*)>\n([\s\S]*?)\n<\/passage>/g)].map((m) => ({
    attrs: m[1]!,
    text: m[2]!,
  }));

describe('LLM mode answers by intent', () => {
  let server: FakeLlmServer;
  before(async () => {
    server = await startFakeLlmServer();
  });
  after(() => server?.close());
  // (Built after the server starts: the hooks run in the order they are registered.)
  const suite = useTempEngine(() => fakeLlmEnv(server, 2000));

  test('a list question sends every member, tagged as a list member, and keeps the cited answer', async () => {
    server.requests.length = 0;
    server.reply('“4+”是：党员+[1]、支部+[2]、农村家庭党校+[3]、互联网+[4]。');
    const r = await suite.engine().ask('凤庆县的“4+”措施是哪四个?');
    const sent = passages(server.requests[0]!);
    // Each member, and the sentence that explains a short one, tagged with the item it belongs to.
    const members = ['“党员+”', '“支部+”', '“农村家庭党校+”', '“互联网+”'];
    members.forEach((m, i) => {
      const p = sent.find((x) => x.text === m);
      assert.ok(p, `${m} was sent`);
      assert.ok(p.attrs.includes(`role="凤庆县的“4+”包括四项 — item ${i + 1}"`), p.attrs);
    });
    assert.ok(sent.every((p) => / — item [1-4]"/u.test(p.attrs)));
    assert.equal(r.mode, 'llm');
    assert.equal(r.intent, 'list');
    assert.equal(r.citations.length, 4, 'the model cited the four members');
  });

  test('a model citing nothing real leaves the extractive list answer, every member cited', async () => {
    server.reply('它们是四项措施[9]。');
    const r = await suite.engine().ask('凤庆县的“4+”措施是哪四个?');
    assert.equal(r.mode, 'extractive');
    assert.equal(r.answer.split('\n').filter((l) => /^\d\. /u.test(l)).length, 4);
  });

  test('a metadata question sends the article record as passage attributes', async () => {
    server.requests.length = 0;
    server.reply('作者是鲁天才，发表于2017-06-16[1]。');
    const r = await suite.engine().ask('凤庆那篇文章的作者是谁?发表于哪天?');
    const sent = passages(server.requests[0]!);
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.attrs, /author="鲁天才"/u);
    assert.match(sent[0]!.attrs, /date="2017-06-16"/u);
    assert.equal(r.mode, 'llm');
    assert.equal(r.citations[0]!.articleId.slice(0, 3), '001');
  });
});
