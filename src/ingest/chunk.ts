/**
 * Splits a cleaned article into retrievable chunks: runs of whole sentences that stay inside one
 * section (a heading travels with its section), sized by the embedding model's tokens, with one
 * sentence of overlap so that a fact on a chunk boundary is whole in at least one chunk.
 */
import { isInstructionLike } from './injection.js';
import { toIndexText } from '../text/segment.js';
import { toSimplified } from '../text/script.js';
import { splitSentences, type Span } from '../text/sentences.js';
import type { ArticleRecord, ChunkRecord } from '../types.js';

export interface ChunkOptions {
  /** Model tokens of a text; defaults to an estimate (one per Han character, one per Latin word). */
  countTokens?: (text: string) => number;
  /** Upper bound of a chunk in model tokens (the e5 models accept 512; stay well under). */
  maxTokens?: number;
}

/** A rough token count for Chinese text when no tokenizer is loaded. */
export function estimateTokens(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[A-Za-z0-9]+/g)?.length ?? 0;
  const other = text.match(/[^\p{Script=Han}A-Za-z0-9\s]/gu)?.length ?? 0;
  return han + words + Math.ceil(other / 2);
}

const SOFT_BREAKS = /[,，、:：]/g;

/** Breaks a sentence longer than the budget at commas, else at a fixed width. */
function splitLongSentence(span: Span, maxTokens: number, count: (t: string) => number): Span[] {
  if (count(span.text) <= maxTokens) return [span];
  const pieces: Span[] = [];
  let pieceStart = 0;
  let lastBreak = -1;
  const text = span.text;
  const emit = (end: number) => {
    if (end > pieceStart)
      pieces.push({
        text: text.slice(pieceStart, end),
        start: span.start + pieceStart,
        end: span.start + end,
      });
    pieceStart = end;
    lastBreak = -1;
  };
  for (let i = 0; i < text.length; i++) {
    if (SOFT_BREAKS.test(text[i]!)) lastBreak = i + 1;
    SOFT_BREAKS.lastIndex = 0;
    if (count(text.slice(pieceStart, i + 1)) > maxTokens) emit(lastBreak > pieceStart ? lastBreak : i);
  }
  emit(text.length);
  return pieces;
}

/** Chunks one article. Offsets index `article.text`; each chunk's text is the exact slice. */
export function chunkArticle(article: ArticleRecord, options: ChunkOptions = {}): ChunkRecord[] {
  const count = options.countTokens ?? estimateTokens;
  const maxTokens = options.maxTokens ?? 200;
  const headingStarts = new Map(article.headings.map((h) => [h.start, h.text]));
  const sentences = splitSentences(article.text).flatMap((s) => splitLongSentence(s, maxTokens, count));

  // Group sentences into sections, each led by its heading (or none before the first heading).
  const sections: { heading: string | null; sentences: Span[] }[] = [];
  for (const sentence of sentences) {
    const heading = headingStarts.get(sentence.start);
    if (heading !== undefined || sections.length === 0)
      sections.push({ heading: heading ?? null, sentences: [] });
    sections.at(-1)!.sentences.push(sentence);
  }

  const chunks: ChunkRecord[] = [];
  const titleHans = toSimplified(article.title);
  const emit = (heading: string | null, run: Span[]) => {
    const start = run[0]!.start;
    const end = run.at(-1)!.end;
    const text = article.text.slice(start, end);
    const textHans = toSimplified(text);
    const headingHans = heading === null ? '' : toSimplified(heading);
    chunks.push({
      id: `${article.id}#${chunks.length}`,
      articleId: article.id,
      ordinal: chunks.length,
      heading,
      start,
      end,
      text,
      textHans,
      instructionLike: isInstructionLike(text),
      tokens: toIndexText(`${titleHans} ${headingHans} ${textHans}`),
    });
  };

  for (const section of sections) {
    let run: Span[] = [];
    let runTokens = 0;
    for (const sentence of section.sentences) {
      const tokens = count(sentence.text);
      if (run.length > 0 && runTokens + tokens > maxTokens) {
        emit(section.heading, run);
        // One sentence of overlap, unless it alone would crowd out the next sentence.
        const last = run.at(-1)!;
        const lastTokens = count(last.text);
        run = lastTokens + tokens <= maxTokens && run.length > 1 ? [last] : [];
        runTokens = run.length > 0 ? lastTokens : 0;
      }
      run.push(sentence);
      runTokens += tokens;
    }
    if (run.length > 0) emit(section.heading, run);
  }
  return chunks;
}

/** The text the embedding model sees for a chunk: Simplified, with its title and heading as context. */
export function embeddingText(article: Pick<ArticleRecord, 'title'>, chunk: ChunkRecord): string {
  const heading = chunk.heading === null ? '' : `${toSimplified(chunk.heading)}\n`;
  return `${toSimplified(article.title)}\n${heading}${chunk.textHans}`;
}
