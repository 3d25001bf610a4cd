import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEngine } from '../../src/answer/engine.js';
import {
  ArticleCache,
  inRequest,
  lazyArticle,
  questionTerms,
  requestFrequencies,
  untilLoaded,
} from '../../src/answer/on-demand.js';
import { scopeOf } from '../../src/answer/snapshot.js';
import type { Citation } from '../../src/answer/types.js';
import { createRegionResolver } from '../../src/regions/regions.js';
import { createLogger } from '../../src/logger.js';
import { openIndex, type IndexReader } from '../../src/store/store.js';
import type { ArticleRecord } from '../../src/types.js';
import { buildTempIndex, type TempIndex } from '../helpers/temp-index.js';

let built: TempIndex;
let reader: IndexReader;
let full: ArticleRecord[];

before(async () => {
  built = await buildTempIndex();
  reader = await openIndex(built.config.indexUri);
  full = await reader.articles();
});
after(() => built.cleanup());

/** A reader that counts the full records it reads (the real reader underneath). */
function counting(r: IndexReader) {
  const read: string[] = [];
  return {
    read,
    reader: {
      ...r,
      articlesById: async (ids: string[]) => {
        read.push(...ids);
        return r.articlesById(ids);
      },
    },
  };
}

describe('articles on demand', () => {
  test("the engine's list of articles holds no text: a request reads it, verbatim", async () => {
    const metas = await reader.articleMetas();
    const body = full[0]!.text.slice(40, 80);
    assert.ok(!JSON.stringify(metas).includes(body), 'no article text in what opening reads');
    const lazy = metas.map(lazyArticle);
    // Outside a request there is no text to read: an error, not a silent empty string.
    assert.throws(() => lazy[0]!.text, /outside a request/);
    // The lists' names, leads and sizes (what list questions compare over the corpus) are at hand.
    const lists = lazy[0]!.structure.lists;
    assert.ok(lists.length > 0);
    assert.deepEqual(
      lists.map((l) => [l.name, l.count, l.kind, l.lead, l.members.length]),
      full[0]!.structure.lists.map((l) => [l.name, l.count, l.kind, l.lead, l.members.length]),
    );

    const spy = counting(reader);
    const cache = new ArticleCache(spy.reader);
    let rounds = 0;
    const seen = await inRequest(() =>
      untilLoaded({ reader, cache }, async () => {
        rounds++;
        const a = lazy[2]!;
        return {
          text: a.text,
          sections: a.structure.sections,
          headings: a.headings,
          members: a.structure.lists.map((l) => l.members.map((m) => m.text)),
        };
      }),
    );
    assert.equal(rounds, 2, 'the first round missed the text, the second read it');
    assert.equal(seen.text, full[2]!.text);
    assert.deepEqual(seen.sections, full[2]!.structure.sections);
    assert.deepEqual(seen.headings, full[2]!.headings);
    assert.deepEqual(
      seen.members,
      full[2]!.structure.lists.map((l) => l.members.map((m) => m.text)),
    );
    assert.deepEqual(spy.read, [full[2]!.id], 'only the article read was fetched');
  });

  test('scoping a question to a place reads no article text; one place is one region filter', async () => {
    const lazy = (await reader.articleMetas()).map(lazyArticle);
    const resolver = createRegionResolver();
    const spy = counting(reader);
    let rounds = 0;
    const [county, town] = await inRequest(() =>
      untilLoaded({ reader, cache: new ArticleCache(spy.reader) }, async () => {
        rounds++;
        return ['勐腊县怎么抓党建?', '勐腊镇的党建怎么抓?'].map((q) => scopeOf(resolver, lazy, q));
      }),
    );
    assert.equal(rounds, 1);
    assert.deepEqual(spy.read, [], 'no article was read');
    const mengla = full.find((a) => a.id.startsWith('000'))!.id;
    assert.deepEqual(county!.articleIds, [mengla]);
    assert.deepEqual(county!.search, { region: ['云南省', '西双版纳傣族自治州', '勐腊县'] });
    // 勐腊镇 is named in the text of the 勐腊县 article (namedPlaces), not one of its regions: by id.
    assert.deepEqual(town!.articleIds, [mengla]);
    assert.deepEqual(town!.search, [mengla]);
  });

  test('the cache of full records stays within its bound, least recently used out first', async () => {
    const spy = counting(reader);
    const cache = new ArticleCache(spy.reader, 2);
    const [a, b, c] = full.map((x) => x.id);
    await cache.load([a!, b!]);
    await cache.load([a!]);
    await cache.load([c!]);
    assert.equal(cache.size, 2);
    spy.read.length = 0;
    await cache.load([a!, c!]);
    assert.deepEqual(spy.read, [], 'a and c were kept');
    await cache.load([b!]);
    assert.deepEqual(spy.read, [b], 'b had been dropped');
  });

  test("a request looks up its question's term frequencies, not the vocabulary", async () => {
    const { df } = await reader.termStats();
    const terms = questionTerms('勐腊县村干部的补助标准是多少?');
    for (const t of ['补助', '标准', '干部', '勐腊']) assert.ok(terms.includes(t), t);
    assert.ok(terms.length < 200, `${terms.length} terms`);
    const cache = new ArticleCache(reader);
    let rounds = 0;
    const got = await inRequest(() =>
      untilLoaded({ reader, cache }, async () => {
        rounds++;
        return ['补助', '党员', '没有这个词'].map((t) => requestFrequencies.get(t) ?? 0);
      }),
    );
    assert.deepEqual(got, [df.get('补助'), df.get('党员'), 0]);
    assert.equal(rounds, 2);
  });

  test('an engine on the index answers, summarises and opens passages with verbatim text', async () => {
    const engine = await createEngine({ config: built.config, logger: createLogger('silent') });
    try {
      const byId = new Map(full.map((a) => [a.id, a]));
      const verbatim = (cs: Citation[]) => {
        assert.ok(cs.length > 0);
        for (const c of cs) assert.equal(byId.get(c.articleId)!.text.slice(c.start, c.end), c.text);
      };
      for (const q of [
        '勐腊县村干部的补助标准是多少?',
        '“三抓三提”是哪三抓?',
        'How many village-stationed work teams did Mengla send?',
        '凤庆县怎么抓党建的?',
      ]) {
        const r = await engine.ask(q);
        assert.equal(r.refused, false, q);
        verbatim(r.citations);
      }
      const s = await engine.summarize('勐腊县');
      assert.equal(s.refused, false);
      verbatim(s.citations);
      const c = (await engine.ask('勐腊县村干部的补助标准是多少?')).citations[0]!;
      const opened = await engine.openPassage(c.articleId, c.start, c.end);
      assert.equal(opened!.paragraph.slice(opened!.highlightStart, opened!.highlightEnd), c.text);
    } finally {
      await engine.close();
    }
  });
});
