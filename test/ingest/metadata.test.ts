import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cleanArticle } from '../../src/ingest/clean.js';
import { extractMetadata } from '../../src/ingest/metadata.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

function metadataOf(fileName: string, raw: string) {
  return extractMetadata({ fileName, raw, cleaned: cleanArticle(raw) });
}

describe('extractMetadata on the real corpus', () => {
  const expected = [
    {
      title: '勐腊县“三抓三提”力推边疆党建',
      date: '2017-04-05',
      published: '2017/4/5 17:12:57',
      source: null,
      author: null,
      editor: null,
      script: 'zh-Hans',
    },
    {
      title: '凤庆:“三抓三强化”建强基层组织',
      date: '2017-06-16',
      published: '2017/6/16 17:14:43',
      source: null,
      author: '鲁天才',
      editor: null,
      script: 'zh-Hans',
    },
    {
      title: '党旗飘扬筑梦三江—昌都市2016年上半年基层党建工作扫描',
      date: '2016-07-07',
      published: '2016-07-07 09:55',
      source: '西藏日报',
      author: null,
      editor: null,
      script: 'zh-Hans',
    },
    {
      title: '呼伦贝尔市:深化“五边行动”推动边境地区党建工作构建新格局展现新成效',
      date: '2022-02-23',
      published: '2022-02-23 16:08:00',
      source: '乡村干部报网',
      author: '呼组轩',
      editor: '车婧',
      script: 'zh-Hant',
    },
    {
      title: '小中甸镇党建工作综述',
      date: null,
      published: null,
      source: null,
      author: '和金莲 和义光',
      editor: null,
      script: 'zh-Hant',
    },
  ];

  for (const [i, file] of files.entries()) {
    it(`reads the metadata of ${file}`, () => {
      const meta = metadataOf(file, readFileSync(new URL(file, corpusDir), 'utf8'));
      assert.deepEqual(meta, { id: file.replace(/\.txt$/u, ''), ...expected[i] });
    });
  }
});

describe('extractMetadata on other bylines', () => {
  it('reads the editor credited at the end, which stays out of the text', () => {
    const raw = '標題一二三四\n作者:张三\n正文第一段,內容在此,足夠長的一段話。\n責任編輯:李四\n';
    const cleaned = cleanArticle(raw);
    assert.equal(extractMetadata({ fileName: 'a.txt', raw, cleaned }).editor, '李四');
    assert.ok(!cleaned.text.includes('李四'));
    assert.equal(metadataOf('a.txt', '標題一二三四\n正文第一段,內容在此,足夠長的一段話。').editor, null);
  });

  it('reads dates in other formats and refuses impossible ones', () => {
    const date = (byline: string) =>
      metadataOf('a.txt', `標題一二三四\n${byline}\n正文第一段,內容在此。`).date;
    assert.equal(date('发布日期:2020年3月5日 来源:人民网'), '2020-03-05');
    assert.equal(date('2019.11.02 08:00 来源:新华网'), '2019-11-02');
    assert.equal(date('发布时间:2017/2/30 10:00'), null);
    assert.equal(date('作者:张三'), null);
    // As printed, with the time when the byline gives one.
    const printed = (byline: string) =>
      metadataOf('a.txt', `標題一二三四\n${byline}\n正文第一段,內容在此。`).published;
    assert.equal(printed('发布日期:2020年3月5日 来源:人民网'), '2020年3月5日');
    assert.equal(printed('发布时间:2017/4/5 17:12:57 点击率:0'), '2017/4/5 17:12:57');
    assert.equal(printed('作者:张三'), null);
  });

  it('stops an outlet or author at the next label and converts it to Simplified', () => {
    const meta = metadataOf(
      'b.txt',
      '標題一二三四\n來源:人民網 作者:張三豐 責編:李四\n正文第一段,內容在此。',
    );
    assert.equal(meta.source, '人民网');
    assert.equal(meta.author, '张三丰');
  });

  it('reads a closing reporter credit', () => {
    const meta = metadataOf('c.txt', '標題一二三四\n正文第一段,內容在此。\n(記者 王小明)');
    assert.equal(meta.author, '王小明');
  });

  it('derives the id from a path or a name without extension', () => {
    assert.equal(metadataOf('/some/dir/005_abc.txt', '標題\n正文。').id, '005_abc');
    assert.equal(metadataOf('noext', '標題\n正文。').id, 'noext');
  });

  it('falls back to the first words of the text, then the id, for a title', () => {
    assert.equal(metadataOf('d.txt', '只有一段正文,沒有標題。').title, '只有一段正文,没有标题。');
    assert.equal(metadataOf('e.txt', '').title, 'e');
  });

  it('answers hostile input without throwing', () => {
    const random = randomBytes(1_000_000).toString('utf8');
    for (const raw of [random, '\ud800\udfff\udc00', '。。。!!!', '']) {
      const meta = metadataOf('x.txt', raw);
      assert.equal(meta.id, 'x');
      assert.ok(meta.script === 'zh-Hans' || meta.script === 'zh-Hant');
      assert.equal(typeof meta.title, 'string');
    }
  });
});
