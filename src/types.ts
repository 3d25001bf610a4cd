/**
 * Domain records shared by every stage (corpus → ingest → index → retrieval → answer → bot/cli).
 * Field names are part of the index format and of the JSON contracts in CLI.md: add, never rename.
 */
import type { Script } from './text/script.js';

export type ArticleScript = Exclude<Script, 'en'>;

/** A heading or other span inside an article's cleaned text (offsets in UTF-16 units). */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

/** One article after cleaning, with its metadata. `text` is the cleaned text in the original script. */
export interface ArticleRecord {
  /** Stable id: the file name without extension, e.g. `000_54312ab2d7695010`. */
  id: string;
  file: string;
  title: string;
  /** ISO date `YYYY-MM-DD`, or null when the article states none. */
  date: string | null;
  /** The date as the article prints it, with the time when given (`2017/4/5 17:12:57`); absent in older indexes. */
  published?: string | null;
  /** The outlet, e.g. 西藏日报 (Simplified), or null. */
  source: string | null;
  author: string | null;
  /** The editor credited (责编), Simplified, or null; absent in older indexes. */
  editor?: string | null;
  script: ArticleScript;
  /** Primary region path, province first, Simplified, current official names (e.g. 香格里拉市). */
  region: string[];
  /** Further region paths the article is about (sub-regions mentioned), each province first. */
  subRegions: string[][];
  /** Section headings found in the cleaned text. */
  headings: TextSpan[];
  text: string;
  /** sha256 of the raw file bytes: unchanged articles are not re-embedded. */
  contentHash: string;
  /** Sections, paragraph leads and enumerations found at ingest (`ingest/structure.ts`). */
  structure: ArticleStructure;
  /**
   * Places below `region` whose name (town suffix dropped) the text contains, as region keys
   * (`云南省/迪庆藏族自治州/香格里拉市/小中甸镇`), found at ingest so a question's scope needs no
   * article text. Absent on records built in memory: the text is read then.
   */
  namedPlaces?: string[];
}

/** A paragraph of the cleaned text with its lead clause (e.g. `抓实信念教育,提升党组织的感召力`). */
export interface ArticleParagraph {
  start: number;
  end: number;
  /** The paragraph's lead clause, or null when the paragraph has none worth quoting. */
  lead: TextSpan | null;
}

/** A run of text under one heading (or before the first heading, `heading` null). */
export interface ArticleSection {
  heading: TextSpan | null;
  start: number;
  end: number;
  paragraphs: ArticleParagraph[];
}

/** How the members of an enumeration are marked in the text. */
/** `series`: an inline run A、B、C right before the name that counts it (述职、点评、评议、整改四个环节). */
export type ListKind = 'ordinal' | 'paren' | 'numeric' | 'headings' | 'quoted' | 'series';

/** An enumeration and, when the text names it, the name it is known by. */
export interface ArticleList {
  /** The list's name as written (e.g. `五边行动`, `四个工程`, `三抓三提`), or null when unnamed. */
  name: string | null;
  /** The count the name carries (五边 → 5), or null. */
  count: number | null;
  kind: ListKind;
  /** The sentence or heading that introduces the list, or null. */
  lead: TextSpan | null;
  /** Each member's verbatim span (a heading, a clause, a quoted term). */
  members: TextSpan[];
}

export interface ArticleStructure {
  sections: ArticleSection[];
  lists: ArticleList[];
}

/** A retrievable passage: a run of whole sentences of one article. */
export interface ChunkRecord {
  /** `${articleId}#${ordinal}` */
  id: string;
  articleId: string;
  ordinal: number;
  /** The heading of the section the chunk belongs to, or null before the first heading. */
  heading: string | null;
  /** Offsets into the article's cleaned text: `article.text.slice(start, end) === text`. */
  start: number;
  end: number;
  /** Verbatim span of the cleaned article, original script. */
  text: string;
  /** Simplified form of `text` (what the model embeds). */
  textHans: string;
  /** jieba tokens of title, heading and `textHans`, space-joined (the full-text column). */
  tokens: string;
  /** The passage reads as instructions to a model (prompt injection): kept out of LLM prompts. */
  instructionLike: boolean;
}
