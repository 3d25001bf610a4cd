import assert from 'node:assert/strict';
import { appendFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import '../../src/store/quiet.js'; // before LanceDB loads: its notices are lowered as in the product
import * as lancedb from '@lancedb/lancedb';
import { buildIndex } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';
import { articleRow, articlesSchema, regionKeys, toArticle, toIngestFacts } from '../../src/store/schema.js';
import { openIndex, scopeFilter } from '../../src/store/store.js';
import type { ArticleRecord, ArticleStructure, TextSpan } from '../../src/types.js';
import { withTempIndex } from '../helpers/temp-index.js';

const silent = createLogger('silent');

/** A span of `text` found by its content (the structure the answers stage writes is made of these). */
function spanOf(text: string, part: string, from = 0): TextSpan {
  const start = text.indexOf(part, from);
  assert.ok(start >= 0, `"${part}" is in the text`);
  return { text: part, start, end: start + part.length };
}

describe('typed tables', () => {
  test('an article with its structure survives the round trip through the articles table', async () => {
    await withTempIndex({}, async ({ config }) => {
      const reader = await openIndex(config.indexUri);
      const article = (await reader.articles()).find((a) => a.id.startsWith('000'))!;
      const t = article.text;
      // What src/ingest/structure.ts writes for this article: three paragraphs led by 抓实…, a named list.
      const leads = [
        '抓实信念教育,提升党组织的感召力',
        '抓实组织覆盖,提升党组织的号召力',
        '抓实队伍建设,提升党组织的战斗力',
      ];
      const paragraphs = leads.map((lead) => {
        const s = spanOf(t, lead);
        const end = t.indexOf('\n', s.start);
        return { start: s.start, end: end < 0 ? t.length : end, lead: s };
      });
      const structure: ArticleStructure = {
        sections: [
          {
            heading: null,
            start: 0,
            end: t.length,
            paragraphs: [{ start: 0, end: 10, lead: null }, ...paragraphs],
          },
          {
            heading: spanOf(t, '抓实组织覆盖'),
            start: paragraphs[1]!.start,
            end: paragraphs[1]!.end,
            paragraphs: [],
          },
        ],
        lists: [
          {
            name: '三抓三提',
            count: 3,
            kind: 'ordinal',
            lead: spanOf(t, '三抓三提'),
            members: paragraphs.map((p) => p.lead),
          },
          { name: null, count: null, kind: 'quoted', lead: null, members: [spanOf(t, '五个一')] },
        ],
      };
      const full: ArticleRecord = {
        ...article,
        structure,
        subRegions: [['云南省', '西双版纳傣族自治州', '勐腊县', '关累镇']],
      };
      const facts = {
        encoding: 'utf-8',
        chunkCount: 7,
        chromeLinesRemoved: 2,
        pinyinRemoved: 0,
        countyListRemoved: 0,
        mojibake: [{ original: 'é•‡', repaired: null, offset: 12, kept: '', reading: '□' }],
      };
      const db = await lancedb.connect(path.join(path.dirname(config.indexUri), 'roundtrip'));
      const table = await db.createTable(
        'articles',
        lancedb.makeArrowTable([articleRow(full, facts)], { schema: articlesSchema }),
      );
      const [row] = await table.query().toArray();
      assert.deepEqual(toArticle(row), full);
      assert.deepEqual(toIngestFacts(row), facts);
      // Typed columns answer SQL: a nested list member, a null span.
      assert.equal(await table.countRows("structure.lists[1].name = '三抓三提'"), 1);
      assert.equal(
        await table.countRows(`script = '${full.script}' AND outlet IS NULL`),
        full.source === null ? 1 : 0,
      );
      assert.equal(await table.countRows('structure.sections[1].heading.text IS NULL'), 1);
    });
  });

  test('typed columns filter with where; region scope is one filter on regionKeys', async () => {
    await withTempIndex({}, async ({ config }) => {
      const db = await lancedb.connect(config.indexUri);
      const articles = await db.openTable('articles');
      const ids = async (where: string) =>
        (await articles.query().where(where).select(['id']).toArray())
          .map((r) => String(r.id).slice(0, 3))
          .sort();
      assert.deepEqual(await ids("outlet = '西藏日报'"), ['002']);
      assert.deepEqual(await ids("date >= '2020-01-01'"), ['003']);
      assert.deepEqual(await ids("array_has_any(regionKeys, ['云南省'])"), ['000', '001', '004']);
      assert.deepEqual(await ids("array_has_any(regionKeys, ['云南省/迪庆藏族自治州/香格里拉市'])"), ['004']);
      const chunks = await db.openTable('chunks');
      const indexed = (await chunks.listIndices()).map((i) => `${i.columns.join(',')}:${i.indexType}`).sort();
      assert.deepEqual(indexed, ['articleId:BTree', 'regionKeys:LabelList', 'tokens:FTS']);
      // Through the reader: full-text search within a region.
      const reader = await openIndex(config.indexUri);
      const inLincang = await reader.fullText('党员', 10, { region: ['云南省', '临沧市'] });
      assert.ok(inLincang.length > 0);
      assert.ok(inLincang.every((h) => h.chunk.articleId.startsWith('001')));
      assert.equal(scopeFilter({ region: ["x'y"] }), "array_has_any(regionKeys, ['x''y'])");
      assert.deepEqual(
        regionKeys([
          ['a', 'b'],
          ['a', 'c'],
        ]),
        ['a', 'a/b', 'a/c'],
      );
    });
  });
});

describe('per-request reads', () => {
  test('metadata without text; full records, term frequencies and text matches read by key', async () => {
    await withTempIndex({}, async ({ config }) => {
      const reader = await openIndex(config.indexUri);
      const full = await reader.articles();
      const metas = await reader.articleMetas();
      assert.deepEqual(
        metas.map((m) => m.id),
        full.map((a) => a.id),
      );
      for (const m of metas) {
        // What the engine keeps of every article: no text, headings or sections; its lists without members.
        for (const key of ['text', 'headings', 'structure']) assert.ok(!(key in m), `${m.id} has no ${key}`);
        const a = full.find((f) => f.id === m.id)!;
        assert.deepEqual(
          m.lists,
          a.structure.lists.map(({ members, ...l }) => ({ ...l, memberCount: members.length })),
        );
        assert.deepEqual(m.namedPlaces, a.namedPlaces);
        assert.deepEqual([m.title, m.date, m.source, m.region], [a.title, a.date, a.source, a.region]);
      }
      // 关累镇 is a town of 勐腊县 that article 000 names (found at ingest: no text is read to scope).
      const mengla = metas.find((m) => m.id.startsWith('000'))!;
      assert.ok(mengla.namedPlaces!.includes('云南省/西双版纳傣族自治州/勐腊县/关累镇'));

      const two = [full[3]!.id, full[1]!.id, 'no-such-article'];
      const byId = await reader.articlesById(two);
      assert.deepEqual(byId.map((a) => a.id).sort(), [full[1]!.id, full[3]!.id].sort());
      for (const a of byId)
        assert.deepEqual(
          a,
          full.find((f) => f.id === a.id),
        );

      const { df } = await reader.termStats();
      const some = [...df.keys()].slice(0, 700);
      const looked = await reader.documentFrequencies([...some, '不在索引里的词', "it's"]);
      for (const t of some) assert.equal(looked.get(t), df.get(t), t);
      assert.equal(looked.get('不在索引里的词'), 0);
      assert.equal(looked.get("it's"), 0);
      const termsTable = await (await lancedb.connect(config.indexUri)).openTable('terms');
      assert.deepEqual(
        (await termsTable.listIndices()).map((i) => `${i.columns.join(',')}:${i.indexType}`),
        ['term:BTree'],
      );

      const using = await reader.articlesContaining('小中甸');
      assert.deepEqual(
        using,
        full.filter((a) => a.text.includes('小中甸')).map((a) => a.id),
      );
      assert.deepEqual(await reader.articlesContaining("'; drop"), []);
    });
  });
});

describe('incremental builds', () => {
  test('nothing changed: no write; one article changed: only its rows are rewritten', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config, report: first }) => {
      const db = await lancedb.connect(config.indexUri);
      const rowIds = async () => {
        const chunks = await db.openTable('chunks');
        const rows = await chunks.query().withRowId().select(['id', 'articleId']).toArray();
        return new Map(rows.map((r) => [String(r.id), BigInt(r._rowid as bigint)]));
      };
      const versionOf = async () => (await db.openTable('chunks')).version();
      const v0 = await versionOf();
      const before = await rowIds();

      const again = await buildIndex(config, silent);
      assert.deepEqual(again.changes, {
        mode: 'incremental',
        added: 0,
        changed: 0,
        removed: 0,
        unchanged: 5,
      });
      assert.equal(again.version, first.version);
      assert.equal(await versionOf(), v0, 'a no-op build writes nothing');
      assert.equal(again.pinyinRemoved, first.pinyinRemoved, 'the report still covers every article');

      const file = (await readdir(config.corpusDir)).find((f) => f.startsWith('001'))!;
      await appendFile(path.join(config.corpusDir, file), '\n凤庆县还开展了新的党建活动,取得了明显成效。\n');
      const changed = await buildIndex(config, silent);
      assert.deepEqual(changed.changes, {
        mode: 'incremental',
        added: 0,
        changed: 1,
        removed: 0,
        unchanged: 4,
      });
      const after = await rowIds();
      for (const [id, rowId] of before) {
        if (id.startsWith('001')) continue;
        assert.equal(after.get(id), rowId, `${id} was not rewritten`);
      }
      const touched = [...after].filter(([id]) => id.startsWith('001'));
      assert.ok(touched.length > 0 && touched.every(([id, rowId]) => before.get(id) !== rowId));
      const reader = await openIndex(config.indexUri);
      assert.ok((await reader.fullText('明显 成效', 3)).some((h) => h.chunk.articleId.startsWith('001')));
      // Term statistics follow the change without a full recount.
      const { df, chunkCount } = await reader.termStats();
      const recount = new Map<string, number>();
      for (const c of await reader.allChunks())
        for (const t of new Set(c.tokens.split(' '))) recount.set(t, (recount.get(t) ?? 0) + 1);
      assert.equal(chunkCount, (await reader.allChunks()).length);
      assert.deepEqual(new Map([...df].sort()), new Map([...recount].sort()));
    });
  });
});

describe('snapshots', () => {
  test('a reader keeps one consistent snapshot of both tables while a rebuild commits', async () => {
    await withTempIndex({ copyCorpus: true }, async ({ config }) => {
      const old = await openIndex(config.indexUri);
      const victim = (await readdir(config.corpusDir)).find((f) => f.startsWith('002'))!;
      await rm(path.join(config.corpusDir, victim));
      let midway: { articles: number; chunksOf002: number } | undefined;
      const report = await buildIndex(config, silent, {
        beforeCommit: async () => {
          // The new rows are written but not committed: a fresh reader still sees the old build.
          const r = await openIndex(config.indexUri);
          midway = {
            articles: (await r.articles()).length,
            chunksOf002: (await r.allChunks()).filter((c) => c.articleId.startsWith('002')).length,
          };
        },
      });
      assert.equal(midway!.articles, 5);
      assert.ok(midway!.chunksOf002 > 0);
      // The reader opened before the build still reads its own versions of both tables.
      assert.equal((await old.articles()).length, 5);
      assert.ok((await old.allChunks()).some((c) => c.articleId.startsWith('002')));
      assert.ok((await old.fullText('昌都', 3)).length > 0);
      const fresh = await openIndex(config.indexUri);
      assert.equal(fresh.manifest.version, report.version);
      assert.equal((await fresh.articles()).length, 4);
      assert.equal((await fresh.fullText('昌都', 3)).length, 0);
    });
  });
});
