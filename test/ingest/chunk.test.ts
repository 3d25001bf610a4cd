import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkArticle, estimateTokens } from '../../src/ingest/chunk.js';
import type { ArticleRecord } from '../../src/types.js';

function article(text: string, headings: string[] = []): ArticleRecord {
  return {
    id: 'x',
    file: 'x.txt',
    title: '测试文章',
    date: null,
    source: null,
    author: null,
    script: 'zh-Hans',
    region: [],
    subRegions: [],
    headings: headings.map((h) => ({ text: h, start: text.indexOf(h), end: text.indexOf(h) + h.length })),
    text,
    contentHash: 'h',
    structure: { sections: [], lists: [] },
  };
}

test('chunks are verbatim slices made of whole sentences, within the token budget', () => {
  const body = Array.from({ length: 40 }, (_, i) => `第${i}句话讲述了党建工作的一个方面。`).join('');
  const a = article(`测试文章\n${body}`);
  const chunks = chunkArticle(a, { maxTokens: 60 });
  assert.ok(chunks.length > 5);
  for (const c of chunks) {
    assert.equal(a.text.slice(c.start, c.end), c.text);
    assert.ok(estimateTokens(c.text) <= 60, `chunk ${c.id} has ${estimateTokens(c.text)} tokens`);
    assert.match(c.text, /[。\n]$|^测试文章/);
  }
  // One sentence of overlap: each chunk starts with the previous chunk's last sentence.
  for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i]!.start < chunks[i - 1]!.end, `overlap ${i}`);
});

test('a heading travels with its section and never opens a chunk of another section', () => {
  const text =
    '测试文章\n思想筑边:共识凝聚\n第一段内容很重要。第二段内容也重要。\n组织固边:堡垒建强\n第三段内容。';
  const a = article(text, ['思想筑边:共识凝聚', '组织固边:堡垒建强']);
  const chunks = chunkArticle(a, { maxTokens: 200 });
  const second = chunks.find((c) => c.text.startsWith('组织固边'))!;
  assert.equal(second.heading, '组织固边:堡垒建强');
  assert.ok(!chunks.some((c) => c.text.includes('重要') && c.text.includes('第三段')));
  assert.match(second.tokens, /组织/);
  assert.match(second.tokens, /测试/, 'the title is indexed with every chunk');
});

test('a sentence longer than the budget is split at commas, keeping offsets exact', () => {
  const long = Array.from({ length: 30 }, (_, i) => `措施${i}落实到位`).join(',') + '。';
  const a = article(`测试文章\n${long}`);
  const chunks = chunkArticle(a, { maxTokens: 40 });
  assert.ok(chunks.length >= 5);
  for (const c of chunks) assert.equal(a.text.slice(c.start, c.end), c.text);
  assert.equal(
    chunks
      .map((c) => c.text)
      .join('')
      .replace(/测试文章/, '').length >= long.length,
    true,
  );
});

test('Traditional text is indexed in Simplified', () => {
  const a = article('測試文章\n呼倫貝爾市深入推進“五邊行動”。');
  const [c] = chunkArticle(a);
  assert.match(c!.textHans, /呼伦贝尔市深入推进/);
  assert.match(c!.tokens, /呼伦贝尔/);
  assert.match(c!.text, /呼倫貝爾/);
});
