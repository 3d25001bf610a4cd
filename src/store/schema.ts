/**
 * The index's tables as explicit Arrow schemas, and the conversions between their rows and the
 * in-memory records (`ArticleRecord`, `ChunkRecord`) the rest of the code uses. Every field is a
 * typed column (no JSON blob), so any LanceDB client can read the index and filter it with SQL.
 *
 * A nullable span (a paragraph's lead, a list's lead, a section heading) is stored as a struct whose
 * fields are null: Lance reads a null struct back as a struct of nulls, so the nulls live one level down.
 */
import {
  Bool,
  DataType,
  Field,
  FixedSizeList,
  Float32,
  Int32,
  List,
  Schema,
  Struct,
  Utf8,
} from 'apache-arrow';
import type {
  ArticleList,
  ArticleRecord,
  ArticleScript,
  ArticleSection,
  ChunkRecord,
  ListKind,
  TextSpan,
} from '../types.js';

/** Separator of the region path in `regionKeys`: `云南省/临沧市/凤庆县`. */
export const REGION_KEY_SEPARATOR = '/';

const f = (name: string, type: DataType, nullable = false) => new Field(name, type, nullable);
const list = (type: DataType, nullable = false) => new List(new Field('item', type, nullable));
const utf8 = () => new Utf8();
const int32 = () => new Int32();

const spanFields = (nullable: boolean) => [
  f('text', utf8(), nullable),
  f('start', int32(), nullable),
  f('end', int32(), nullable),
];
const span = () => new Struct(spanFields(false));
/** A span that may be absent: all three fields null. */
const optionalSpan = () => new Struct(spanFields(true));

const paragraph = () => new Struct([f('start', int32()), f('end', int32()), f('lead', optionalSpan())]);
const section = () =>
  new Struct([
    f('heading', optionalSpan()),
    f('start', int32()),
    f('end', int32()),
    f('paragraphs', list(paragraph())),
  ]);
const articleList = () =>
  new Struct([
    f('name', utf8(), true),
    f('count', int32(), true),
    f('kind', utf8()),
    f('lead', optionalSpan()),
    f('members', list(span())),
  ]);
/** What the engine keeps of a list for every article: all but its members' spans (their count instead). */
const listSummary = () =>
  new Struct([
    f('name', utf8(), true),
    f('count', int32(), true),
    f('kind', utf8()),
    f('lead', optionalSpan()),
    f('memberCount', int32()),
  ]);
const mojibake = () =>
  new Struct([
    f('original', utf8()),
    f('repaired', utf8(), true),
    f('offset', int32()),
    f('kept', utf8()),
    f('reading', utf8()),
  ]);

export const articlesSchema = new Schema([
  f('id', utf8()),
  f('file', utf8()),
  f('title', utf8()),
  f('date', utf8(), true),
  /** The date as printed (`ArticleRecord.published`). */
  f('published', utf8(), true),
  /** The outlet (`ArticleRecord.source`). */
  f('outlet', utf8(), true),
  f('author', utf8(), true),
  /** The editor credited (`ArticleRecord.editor`). */
  f('editor', utf8(), true),
  f('script', utf8()),
  f('region', list(utf8())),
  /** Every prefix of the primary region and of every sub-region, joined by `/` (label-list index). */
  f('regionKeys', list(utf8())),
  f('subRegions', list(list(utf8()))),
  /** Places below `region` the text names (`ArticleRecord.namedPlaces`), joined by `/`. */
  f('namedPlaces', list(utf8())),
  f('headings', list(span())),
  f('structure', new Struct([f('sections', list(section())), f('lists', list(articleList()))])),
  /** `structure.lists` without the members' spans: what the engine keeps in memory for every article. */
  f('listSummaries', list(listSummary())),
  f('text', utf8()),
  f('contentHash', utf8()),
  /** What ingest saw: kept so an unchanged file is skipped before cleaning, report and all. */
  f('encoding', utf8()),
  f('chunkCount', int32()),
  f('chromeLinesRemoved', int32()),
  f('pinyinRemoved', int32()),
  f('countyListRemoved', int32()),
  f('mojibake', list(mojibake())),
]);

export function chunksSchema(dim: number | null): Schema {
  const fields = [
    f('id', utf8()),
    f('articleId', utf8()),
    f('ordinal', int32()),
    f('heading', utf8(), true),
    f('start', int32()),
    f('end', int32()),
    f('text', utf8()),
    f('textHans', utf8()),
    /** jieba tokens, space-joined: the full-text column. */
    f('tokens', utf8()),
    f('instructionLike', new Bool()),
    /** The article's `regionKeys`, so region scope is one `where` on the chunks. */
    f('regionKeys', list(utf8())),
  ];
  if (dim !== null) fields.push(f('vector', new FixedSizeList(dim, new Field('item', new Float32(), true))));
  return new Schema(fields);
}

/** Document frequency of each full-text token over chunks, written at build time for the engine. */
export const termsSchema = new Schema([f('term', utf8()), f('df', int32())]);

export const manifestSchema = new Schema([
  f('format', int32()),
  f('buildId', utf8()),
  f('builtAt', utf8()),
  f('pipeline', utf8()),
  f('embeddingModel', utf8(), true),
  f('embeddingDim', int32(), true),
  f('embeddingDtype', utf8(), true),
  f('articles', int32()),
  f('chunks', int32()),
  /** The table versions this build committed: readers check these out, never "latest". */
  f('articlesVersion', int32()),
  f('chunksVersion', int32()),
  f('termsVersion', int32()),
]);

/** Every prefix of every region path: `['云南省', '云南省/临沧市', '云南省/临沧市/凤庆县', ...]`. */
export function regionKeys(paths: string[][]): string[] {
  const keys = new Set<string>();
  for (const p of paths)
    for (let i = 1; i <= p.length; i++) keys.add(p.slice(0, i).join(REGION_KEY_SEPARATOR));
  return [...keys];
}

export const articleRegionKeys = (a: Pick<ArticleRecord, 'region' | 'subRegions'>) =>
  regionKeys([a.region, ...a.subRegions]);

/** What ingest knew about an article beyond the record itself (for reports of skipped, unchanged files). */
export interface ArticleIngestFacts {
  encoding: string;
  chunkCount: number;
  chromeLinesRemoved: number;
  pinyinRemoved: number;
  countyListRemoved: number;
  mojibake: { original: string; repaired: string | null; offset: number; kept: string; reading: string }[];
}

const noSpan = { text: null, start: null, end: null };
const optional = (s: TextSpan | null) => (s ? { text: s.text, start: s.start, end: s.end } : noSpan);

export function articleRow(a: ArticleRecord, facts: ArticleIngestFacts): Record<string, unknown> {
  return {
    id: a.id,
    file: a.file,
    title: a.title,
    date: a.date,
    published: a.published ?? null,
    outlet: a.source,
    author: a.author,
    editor: a.editor ?? null,
    script: a.script,
    region: a.region,
    regionKeys: articleRegionKeys(a),
    subRegions: a.subRegions,
    namedPlaces: a.namedPlaces ?? [],
    headings: a.headings.map((h) => ({ text: h.text, start: h.start, end: h.end })),
    structure: {
      sections: a.structure.sections.map((s) => ({
        heading: optional(s.heading),
        start: s.start,
        end: s.end,
        paragraphs: s.paragraphs.map((p) => ({ start: p.start, end: p.end, lead: optional(p.lead) })),
      })),
      lists: a.structure.lists.map((l) => ({
        name: l.name,
        count: l.count,
        kind: l.kind,
        lead: optional(l.lead),
        members: l.members.map((m) => ({ text: m.text, start: m.start, end: m.end })),
      })),
    },
    listSummaries: a.structure.lists.map((l) => ({
      name: l.name,
      count: l.count,
      kind: l.kind,
      lead: optional(l.lead),
      memberCount: l.members.length,
    })),
    text: a.text,
    contentHash: a.contentHash,
    encoding: facts.encoding,
    chunkCount: facts.chunkCount,
    chromeLinesRemoved: facts.chromeLinesRemoved,
    pinyinRemoved: facts.pinyinRemoved,
    countyListRemoved: facts.countyListRemoved,
    mojibake: facts.mojibake.map((m) => ({
      original: m.original,
      repaired: m.repaired,
      offset: m.offset,
      kept: m.kept,
      reading: m.reading,
    })),
  };
}

// Arrow rows come back as proxies and vectors; these turn them into plain values.

type Row = Record<string, unknown>;
const arr = (v: unknown): unknown[] => (v == null ? [] : Array.from(v as Iterable<unknown>));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
const num = (v: unknown): number => Number(v);
const toSpan = (v: unknown): TextSpan => {
  const r = v as Row;
  return { text: str(r.text), start: num(r.start), end: num(r.end) };
};
const toOptionalSpan = (v: unknown): TextSpan | null => {
  const r = v as Row | null;
  return r == null || r.text == null ? null : toSpan(r);
};

function toSection(v: unknown): ArticleSection {
  const r = v as Row;
  return {
    heading: toOptionalSpan(r.heading),
    start: num(r.start),
    end: num(r.end),
    paragraphs: arr(r.paragraphs).map((p) => {
      const pr = p as Row;
      return { start: num(pr.start), end: num(pr.end), lead: toOptionalSpan(pr.lead) };
    }),
  };
}

function toList(v: unknown): ArticleList {
  const r = v as Row;
  return {
    name: strOrNull(r.name),
    count: r.count == null ? null : num(r.count),
    kind: str(r.kind) as ListKind,
    lead: toOptionalSpan(r.lead),
    members: arr(r.members).map(toSpan),
  };
}

/** The record fields every read of an article has (what `ArticleMeta` and `ArticleRecord` share). */
type RecordFields = Pick<
  ArticleRecord,
  | 'id'
  | 'file'
  | 'title'
  | 'date'
  | 'published'
  | 'source'
  | 'author'
  | 'editor'
  | 'script'
  | 'region'
  | 'subRegions'
  | 'contentHash'
>;

function recordFields(row: Row): RecordFields {
  return {
    id: str(row.id),
    file: str(row.file),
    title: str(row.title),
    date: strOrNull(row.date),
    published: strOrNull(row.published),
    source: strOrNull(row.outlet),
    author: strOrNull(row.author),
    editor: strOrNull(row.editor),
    script: str(row.script) as ArticleScript,
    region: arr(row.region).map(str),
    subRegions: arr(row.subRegions).map((p) => arr(p).map(str)),
    contentHash: str(row.contentHash),
  };
}

/** An `articles` row back to the record; rows read without `text` give an empty text. */
export function toArticle(row: Row): ArticleRecord {
  const structure = row.structure as Row | null;
  const named = row.namedPlaces === undefined ? {} : { namedPlaces: arr(row.namedPlaces).map(str) };
  return {
    ...named,
    ...recordFields(row),
    headings: arr(row.headings).map(toSpan),
    text: row.text == null ? '' : str(row.text),
    structure: {
      sections: arr(structure?.sections).map(toSection),
      lists: arr(structure?.lists).map(toList),
    },
  };
}

/** A list without its members' spans (`listSummaries`). */
export interface ArticleListSummary extends Omit<ArticleList, 'members'> {
  memberCount: number;
}

/** What every request needs of an article: all but its text, sections and headings. */
export interface ArticleMeta extends RecordFields {
  /** The article's enumerations without their members: list questions search them over the corpus. */
  lists: ArticleListSummary[];
  /** Undefined for an index written before the column existed. */
  namedPlaces?: string[];
}

/** The `articles` columns an `ArticleMeta` is read from (`lists` is `structure.lists`). */
export const ARTICLE_META_COLUMNS = {
  id: 'id',
  file: 'file',
  title: 'title',
  date: 'date',
  outlet: 'outlet',
  author: 'author',
  script: 'script',
  region: 'region',
  subRegions: 'subRegions',
  contentHash: 'contentHash',
  lists: 'listSummaries',
};

/** An `articles` row read with `ARTICLE_META_COLUMNS`, decoded by `plainRows`. */
export function toArticleMeta(row: Row): ArticleMeta {
  const meta: ArticleMeta = {
    ...recordFields(row),
    lists: arr(row.lists).map(listOfPlainRow),
  };
  if (row.namedPlaces !== undefined) meta.namedPlaces = arr(row.namedPlaces).map(str);
  return meta;
}

/** A `listSummaries` item (or a `structure.lists` item of an index written before that column). */
function listOfPlainRow(v: unknown): ArticleListSummary {
  const r = v as Row;
  const lead = r.lead as Row | null;
  return {
    name: strOrNull(r.name),
    count: r.count == null ? null : num(r.count),
    kind: str(r.kind) as ListKind,
    lead: lead == null || lead.text == null ? null : toSpan(lead),
    memberCount: r.memberCount == null ? arr(r.members).length : num(r.memberCount),
  };
}

export function toIngestFacts(row: Row): ArticleIngestFacts {
  return {
    encoding: str(row.encoding),
    chunkCount: num(row.chunkCount),
    chromeLinesRemoved: num(row.chromeLinesRemoved),
    pinyinRemoved: num(row.pinyinRemoved),
    countyListRemoved: num(row.countyListRemoved),
    mojibake: arr(row.mojibake).map((m) => {
      const r = m as Row;
      return {
        original: str(r.original),
        repaired: strOrNull(r.repaired),
        offset: num(r.offset),
        kept: str(r.kept),
        reading: str(r.reading),
      };
    }),
  };
}

export interface StoredChunk extends ChunkRecord {
  vector?: number[];
}

export function chunkRow(c: StoredChunk, keys: string[], dim: number | null): Row {
  const row: Row = {
    id: c.id,
    articleId: c.articleId,
    ordinal: c.ordinal,
    heading: c.heading,
    start: c.start,
    end: c.end,
    text: c.text,
    textHans: c.textHans,
    tokens: c.tokens,
    instructionLike: c.instructionLike,
    regionKeys: keys,
  };
  if (dim !== null) {
    if (!c.vector || c.vector.length !== dim)
      throw new Error(`chunk ${c.id} has no ${dim}-dimensional vector`);
    row.vector = c.vector;
  }
  return row;
}

export function toChunk(row: Row): StoredChunk {
  const chunk: StoredChunk = {
    id: str(row.id),
    articleId: str(row.articleId),
    ordinal: num(row.ordinal),
    heading: strOrNull(row.heading),
    start: num(row.start),
    end: num(row.end),
    text: str(row.text),
    textHans: str(row.textHans),
    tokens: str(row.tokens),
    instructionLike: row.instructionLike === true,
  };
  const vector = row.vector as ArrayLike<number> | undefined | null;
  if (vector) chunk.vector = Array.from(vector);
  return chunk;
}

export const CHUNK_COLUMNS = [
  'id',
  'articleId',
  'ordinal',
  'heading',
  'start',
  'end',
  'text',
  'textHans',
  'tokens',
  'instructionLike',
];
