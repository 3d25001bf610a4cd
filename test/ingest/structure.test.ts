import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cleanArticle } from '../../src/ingest/clean.js';
import { countOfName, extractStructure } from '../../src/ingest/structure.js';
import { toSimplified } from '../../src/text/script.js';
import type { ArticleList, ArticleStructure } from '../../src/types.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const articles = files.map((f) => {
  const cleaned = cleanArticle(readFileSync(new URL(f, corpusDir), 'utf8'));
  return {
    text: cleaned.text,
    structure: extractStructure(cleaned.text, cleaned.headings, cleaned.titleLine),
  };
});

const listNamed = (s: ArticleStructure, name: string): ArticleList => {
  const found = s.lists.find((l) => l.name !== null && toSimplified(l.name) === name);
  assert.ok(found, `no list named ${name}; lists: ${s.lists.map((l) => l.name).join(', ')}`);
  return found;
};
const members = (l: ArticleList) => l.members.map((m) => toSimplified(m.text));

describe('article structure on the real corpus', () => {
  it('every span is verbatim, with offsets into the cleaned text', () => {
    for (const { text, structure } of articles) {
      const spans = [
        ...structure.sections.flatMap((s) => [s.heading, ...s.paragraphs.map((p) => p.lead)]),
        ...structure.lists.flatMap((l) => [l.lead, ...l.members]),
      ].filter((x) => x !== null);
      assert.ok(spans.length > 0);
      for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
    }
  });

  it('勐腊: “三抓三提” is its three paragraph leads', () => {
    const list = listNamed(articles[0]!.structure, '三抓三提');
    assert.equal(list.count, 3);
    const m = members(list);
    assert.ok(m[0]!.startsWith('抓实信念教育,提升党组织的感召力'));
    assert.ok(m[1]!.startsWith('抓实组织覆盖'));
    assert.ok(m[2]!.startsWith('抓实队伍建设'));
  });

  it('勐腊: the quoted series before “五个一” are its five members', () => {
    assert.deepEqual(members(listNamed(articles[0]!.structure, '五个一')), [
      '升起一面旗',
      '唱响一首歌',
      '读好一本书',
      '办好一件事',
      '上好一堂课',
    ]);
  });

  it('凤庆: “四个工程” and “4+” are their 一是…四是 members; “三抓三强化” is six paragraph leads', () => {
    const s = articles[1]!.structure;
    const works = listNamed(s, '四个工程');
    assert.equal(works.kind, 'ordinal');
    assert.deepEqual(members(works), [
      '实施“先锋模范工程”',
      '实施“战斗堡垒工程”',
      '实施“阵地建设工程”',
      '实施“强村富民工程”',
    ]);
    assert.deepEqual(members(listNamed(s, '4+')), ['“党员+”', '“支部+”', '“农村家庭党校+”', '“互联网+”']);
    const six = listNamed(s, '三抓三强化');
    assert.equal(six.members.length, 6);
    assert.ok(members(six)[0]!.startsWith('抓责任落实'));
    assert.ok(members(six)[5]!.startsWith('强化典型引领'));
    assert.deepEqual(members(listNamed(s, '四个环节')), ['述职', '点评', '评议', '整改']);
    // 三会一课 is a formula, not a count of what precedes it.
    assert.equal(
      s.lists.some((l) => l.name === '三会一课'),
      false,
    );
  });

  it('昌都: the “三种问题” are the three named before it', () => {
    assert.deepEqual(members(listNamed(articles[2]!.structure, '三种问题')), [
      '个别村(居)党员人数10人以下',
      '无40岁以下党员',
      '无妇女党员',
    ]);
  });

  it('呼伦贝尔 (Traditional): “五边行动” is its five section headings', () => {
    const s = articles[3]!.structure;
    const list = listNamed(s, '五边行动');
    assert.equal(list.kind, 'headings');
    assert.equal(list.count, 5);
    assert.deepEqual(
      members(list).map((m) => m.slice(0, 4)),
      ['思想筑边', '组织固边', '富民兴边', '帮扶强边', '共建稳边'],
    );
    assert.deepEqual(members(listNamed(s, '三项重点工程')), ['口岸先锋', '红色边境', '边贸振兴']);
    assert.equal(listNamed(s, '五同').members.length, 5);
  });

  it('sections carry their headings and paragraph leads', () => {
    const s = articles[4]!.structure;
    assert.deepEqual(
      s.sections.map((x) => (x.heading ? toSimplified(x.heading.text) : null)),
      [null, '战斗堡垒作用日益增强', '立足实际强产业', '平安建设出亮点'],
    );
    const leads = s.sections[1]!.paragraphs.map((p) => (p.lead ? toSimplified(p.lead.text) : null));
    assert.ok(leads.includes('重视农村党员素质教育。'));
    // A narrative opening (近年来,…) is no lead.
    assert.equal(articles[0]!.structure.sections[0]!.paragraphs[0]!.lead, null);
  });

  it('counts carried by names', () => {
    assert.equal(countOfName('五边行动'), 5);
    assert.equal(countOfName('四个工程'), 4);
    assert.equal(countOfName('4+'), 4);
    assert.equal(countOfName('双推进'), 2);
    assert.equal(countOfName('五个一'), 5);
    assert.equal(countOfName('三会一课'), null);
    assert.equal(countOfName('百千万'), null);
    assert.equal(countOfName('十分钟党课'), null);
  });

  it('hostile input gives an empty structure, not a crash', () => {
    for (const t of ['', '\n\n', '一是。二是。', '“”“”', 'x'.repeat(10000)]) {
      const s = extractStructure(t, []);
      assert.ok(Array.isArray(s.lists) && Array.isArray(s.sections));
    }
  });
});
