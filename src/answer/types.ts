/**
 * The answer engine's contract: what the bot and the CLI call. Citations are data; the bot and the
 * CLI only render them. JSON field names follow ../shared/design/CLI.md.
 */
import type { Script } from '../text/script.js';

export interface Citation {
  n: number;
  articleId: string;
  chunkId: string;
  title: string;
  date: string | null;
  source: string | null;
  author: string | null;
  region: string[];
  /** Verbatim span of the cleaned article, in the article's own script. */
  text: string;
  /** Offsets of `text` in the cleaned article. */
  start: number;
  end: number;
}

export interface RetrievedPassage {
  articleId: string;
  chunkId: string;
  text: string;
  score: number;
}

export interface Timings {
  embedMs: number;
  searchMs: number;
  answerMs: number;
  totalMs: number;
}

/** One earlier exchange of the same user in the same chat. */
export interface Turn {
  question: string;
  answer?: string;
  /** Region path the question was scoped to, if any. */
  region?: string[] | null;
}

export interface AskOptions {
  k?: number;
  history?: Turn[];
  /** Called with the answer text so far while an LLM streams (LLM mode only). */
  onPartial?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

export interface AskResult {
  question: string;
  answer: string;
  refused: boolean;
  script: Script;
  mode: 'extractive' | 'llm';
  citations: Citation[];
  retrieved: RetrievedPassage[];
  timings: Timings;
  /** The question actually searched (after follow-up rewriting or carry-over). */
  standalone: string;
  /** The region the search was scoped to, when the question named one that the corpus covers. */
  region: { name: string; path: string[] } | null;
  /** The question's intent (fact, list, how, definition, which-places, comparison, summary, metadata, out-of-scope). */
  intent?: string;
}

export interface ArticleSummary {
  articleId: string;
  title: string;
  date: string | null;
  source: string | null;
  region: string[];
}

export interface SummaryPoint {
  text: string;
  citations: number[];
}

export interface SummaryResult {
  query: string;
  region: { name: string; path: string[] } | null;
  refused: boolean;
  articles: ArticleSummary[];
  summary: string;
  points: SummaryPoint[];
  citations: Citation[];
  /** On refusal: the regions the corpus covers. */
  covered?: string[];
  mode?: 'extractive' | 'llm';
}

/** A node of the tree of regions the corpus covers (province → city → county → town). */
export interface CoveredRegion {
  name: string;
  path: string[];
  /** Articles whose primary region or sub-regions lie in or under this node. */
  articleIds: string[];
  children: CoveredRegion[];
}

/** A passage opened from a citation: its paragraph, the cited span inside it, and the metadata. */
export interface OpenedPassage {
  /** `editor`: the closing 责编 credit, when the article prints one. */
  article: ArticleSummary & { author: string | null; editor?: string | null };
  paragraph: string;
  /** Offsets of the cited span inside `paragraph`. */
  highlightStart: number;
  highlightEnd: number;
}

export interface Engine {
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  summarize(region: string, options?: { script?: Script }): Promise<SummaryResult>;
  coveredRegions(): Promise<CoveredRegion[]>;
  articles(): Promise<ArticleSummary[]>;
  /** Opens the paragraph around `[start, end)` of an article's cleaned text; null when out of range. */
  openPassage(articleId: string, start: number, end: number): Promise<OpenedPassage | null>;
  /** Re-opens the index (after a rebuild swapped it in). */
  reload(): Promise<void>;
  close(): Promise<void>;
}
