/**
 * What every intent's composer gets (the question, its intent, the snapshot, the scope and the
 * evidence) and the helpers they share to quote and cite.
 */
import type { Logger } from '../../logger.js';
import type { Region, RegionResolver } from '../../regions/regions.js';
import { toScript, toSimplified, type Script } from '../../text/script.js';
import type { ArticleRecord, TextSpan } from '../../types.js';
import type { Evidence } from '../evidence.js';
import { spanCitation } from '../extractive.js';
import { articlesIn, type Scope, type Snapshot } from '../snapshot.js';
import type { Citation } from '../types.js';
import type { Intent } from './classify.js';

export interface IntentContext {
  /** The standalone question (after follow-up condensing). */
  question: string;
  script: Script;
  intent: Intent;
  snapshot: Snapshot;
  scope: Scope;
  evidence: Evidence;
  resolver: RegionResolver;
  logger: Logger;
  /**
   * Evidence for the same question within other articles (a comparison's second place); `scope`
   * when the question asked is of other places than this one's.
   */
  evidenceFor(articleIds: string[], question?: string, scope?: Scope): Promise<Evidence>;
}

export interface Composed {
  answer: string;
  citations: Citation[];
  refused?: boolean;
  /** A refusal that says what the reports do not give (a figure, who holds a post), not "nothing found". */
  notGiven?: boolean;
}

/** An intent's composer: the answer, or null when this intent cannot answer (the fact path then does). */
export type Composer = (ctx: IntentContext) => Promise<Composed | null> | Composed | null;

/** Collects citations for one answer, numbering them in order and citing an identical span once. */
export class CitationList {
  readonly citations: Citation[] = [];
  constructor(private readonly script: Script) {}

  /** Cites a verbatim span of an article; returns its marker number. */
  cite(article: ArticleRecord, span: TextSpan): number {
    const same = this.citations.find(
      (c) => c.articleId === article.id && c.start === span.start && c.end === span.end,
    );
    if (same) return same.n;
    const n = this.citations.length + 1;
    this.citations.push(spanCitation(n, article, span));
    return n;
  }

  /** The quote as the asker reads it, with its marker after it (English keeps the Chinese, in quotes). */
  quote(article: ArticleRecord, span: TextSpan, options: { item?: boolean } = {}): string {
    const n = this.cite(article, span);
    const text = span.text.trim();
    // A clause cut out of a longer sentence says so, rather than ending on a dangling comma;
    // a list member is whole by construction.
    const next = article.text[span.end] ?? '\n';
    const cut =
      !options.item && !/[。！？；;!?…”」]$/u.test(text) && !/[\n。！？；;!?”」、：:等]/u.test(next)
        ? '…'
        : '';
    // A member already in quotation marks (“党员+”) is not wrapped in a second pair.
    const quoted = /^[“「].*[”」]$/u.test(text);
    const shown =
      this.script === 'en'
        ? quoted
          ? `${text}${cut}`
          : `“${text}${cut}”`
        : `${toScript(text, this.script)}${cut}`;
    return `${shown}[${n}]`;
  }
}

/** Display form of a place or term in the asker's script (English keeps the official Chinese name). */
export const inScript = (text: string, script: Script) =>
  script === 'en' ? toSimplified(text) : toScript(text, script);

/** The articles a composer works on: the scope's, else all. */
export function scopedArticles(ctx: IntentContext): ArticleRecord[] {
  const ids = ctx.scope.articleIds;
  return ids ? ids.map((id) => ctx.snapshot.byId.get(id)!).filter(Boolean) : ctx.snapshot.articles;
}

/** The places named whose articles the corpus has, each with its articles. */
export function coveredTargets(ctx: IntentContext): { region: Region; articles: ArticleRecord[] }[] {
  return ctx.scope.targets
    .map((region) => ({ region, articles: articlesIn(region, ctx.snapshot.articles) }))
    .filter((t) => t.articles.length > 0);
}

/** The span of an article's own title line (what identifies the article, not evidence of a fact). */
export function titleSpan(article: ArticleRecord): TextSpan {
  const nl = article.text.indexOf('\n');
  const end = nl === -1 ? article.text.length : nl;
  return { text: article.text.slice(0, end), start: 0, end };
}

/** Joins names the way the asker's language lists them. */
export function joinNames(names: string[], script: Script): string {
  const sep = script === 'en' ? ', ' : '、';
  if (names.length <= 1) return names.join('');
  const and = script === 'en' ? ' and ' : '和';
  return `${names.slice(0, -1).join(sep)}${and}${names.at(-1)}`;
}
