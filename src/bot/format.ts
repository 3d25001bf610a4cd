/**
 * Telegram HTML rendering: escaping, answers with their source lists, opened passages, region
 * summaries, splitting into messages of at most 4096 UTF-16 units, and the plain-text fallback
 * used when Telegram refuses to parse what we sent.
 */
import type { Transformer } from 'grammy';
import type { AskResult, Citation, OpenedPassage, SummaryResult } from '../answer/types.js';
import { citationLabels, groupByArticle } from '../answer/strings/cited-articles.js';
import { t, type Lang } from '../answer/strings/ui.js';

/** Telegram's limit for one message's text, in UTF-16 code units. */
export const MESSAGE_LIMIT = 4096;

/** Escapes a dynamic string for Telegram HTML (text and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// A Map, not an object: the entity name comes from the text (`&constructor;` must stay as it is).
const NAMED_ENTITIES = new Map<string, string>([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);

/** Turns Telegram HTML back into the plain text the reader would have seen: tags dropped, entities decoded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
    .replace(/&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, body: string) => {
      if (body.startsWith('#x') || body.startsWith('#X'))
        return safeCodePoint(parseInt(body.slice(2), 16), whole);
      if (body.startsWith('#')) return safeCodePoint(parseInt(body.slice(1), 10), whole);
      return NAMED_ENTITIES.get(body.toLowerCase()) ?? whole;
    });
}

function safeCodePoint(cp: number, fallback: string): string {
  return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback;
}

/** Cuts a plain string to at most `max` UTF-16 units without splitting a surrogate pair, adding an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
  return `${text.slice(0, end)}…`;
}

/** `title · date · outlet`, escaped, skipping what the article does not state. */
export function sourceLine(c: { title: string; date: string | null; source: string | null }): string {
  return [c.title, c.date, c.source]
    .filter((x): x is string => typeof x === 'string' && x.length > 0)
    .map(escapeHtml)
    .join(' · ');
}

/**
 * The source list: each cited article once (`title · date · outlet`), with the numbers of the
 * passages cited from it on the line under it.
 */
export function renderSourceList(citations: readonly Citation[], lang: Lang): string {
  if (citations.length === 0) return '';
  const blocks = groupByArticle(citations).map(
    (a) => `${sourceLine(a)}\n    ${a.citations.map((c) => `[${c.n}]`).join(' ')}`,
  );
  return `<b>${escapeHtml(t(lang, 'sourcesHeading'))}</b>\n${blocks.join('\n')}`;
}

/** The labels of the source buttons under an answer, one per citation: `[n] place` (see citationLabels). */
export function citationButtonLabels(citations: readonly Citation[]): string[] {
  return citationLabels(citations);
}

/** An answer as Telegram HTML: the escaped answer (its `[n]` markers kept), then the source list. */
export function renderAnswer(result: Pick<AskResult, 'answer' | 'citations'>, lang: Lang): string {
  const body = escapeHtml(result.answer.trim());
  const sources = renderSourceList(result.citations, lang);
  return sources ? `${body}\n\n${sources}` : body;
}

/** A region summary as Telegram HTML: heading, summary text, source list. */
export function renderSummary(result: SummaryResult, lang: Lang): string {
  const name = result.region?.path.join(' › ') ?? result.query;
  const heading = `<b>${escapeHtml(t(lang, 'summaryHeading', name))}</b>`;
  const body = escapeHtml((result.summary || result.points.map((p) => p.text).join('\n')).trim());
  const sources = renderSourceList(result.citations, lang);
  return [heading, body, sources].filter(Boolean).join('\n\n');
}

/** An opened passage: the cited span in bold within its paragraph, then the article's metadata. */
export function renderPassage(opened: OpenedPassage, lang: Lang): string {
  const p = opened.paragraph;
  const hs = Math.max(0, Math.min(opened.highlightStart, p.length));
  const he = Math.max(hs, Math.min(opened.highlightEnd, p.length));
  const quote =
    escapeHtml(p.slice(0, hs)) +
    (he > hs ? `<b>${escapeHtml(p.slice(hs, he))}</b>` : '') +
    escapeHtml(p.slice(he));
  const a = opened.article;
  const meta: string[] = [`<b>${escapeHtml(a.title)}</b>`];
  const field = (
    label: 'date' | 'outlet' | 'author' | 'editor' | 'region',
    value: string | null | undefined,
  ) => {
    if (value) meta.push(`${escapeHtml(t(lang, label))}: ${escapeHtml(value)}`);
  };
  field('date', a.date);
  field('outlet', a.source);
  field('author', a.author);
  field('editor', a.editor);
  field('region', a.region.join(' › '));
  return `<blockquote>${quote}</blockquote>\n${meta.join('\n')}`;
}

type Atom =
  | { raw: string; kind: 'text' }
  | { raw: string; kind: 'open'; name: string }
  | { raw: string; kind: 'close'; name: string };

/** Tags, entities and characters (a surrogate pair stays whole): the pieces a split may fall between. */
function atomize(html: string): Atom[] {
  const atoms: Atom[] = [];
  const re =
    /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{1,32});|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
  for (const m of html.matchAll(re)) {
    if (m[2] !== undefined)
      atoms.push({ raw: m[0], kind: m[1] ? 'close' : 'open', name: m[2].toLowerCase() });
    else atoms.push({ raw: m[0], kind: 'text' });
  }
  return atoms;
}

/** How good a place to break a message the position after `raw` is, looking at the next atom. */
function breakRank(raw: string, next: string | undefined): number {
  if (raw === '\n' && next === '\n') return 0; // break after the second newline, not between them
  if (raw === '\n') return 4;
  if ('。！？；!?;…'.includes(raw)) return 3;
  if (raw === '.' && (next === undefined || /\s/.test(next))) return 3;
  if ('，、,：:'.includes(raw)) return 2;
  if (/^\s$/.test(raw)) return 1;
  return 0;
}

const closingOf = (stack: readonly { name: string }[]) =>
  stack
    .slice()
    .reverse()
    .map((o) => `</${o.name}>`)
    .join('');

/**
 * Splits Telegram HTML into parts of at most `limit` UTF-16 units. Breaks fall at paragraph or
 * sentence ends when possible (else at a comma, a space, or any character), never inside a tag, an
 * entity or a surrogate pair; tags open at a break are closed at the end of the part and reopened at
 * the start of the next, so every part is valid HTML on its own. Whitespace-only parts are dropped.
 */
export function splitHtml(html: string, limit: number = MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 64)
    throw new RangeError('splitHtml: limit must be an integer ≥ 64');
  if (html.length <= limit) return html.trim() ? [html] : [];
  const atoms = atomize(html);
  const parts: string[] = [];
  let stack: { name: string; raw: string }[] = [];
  let i = 0;
  while (i < atoms.length) {
    const prefix = stack.map((o) => o.raw).join('');
    let body = prefix;
    const local = stack.slice();
    // Best break so far per rank: where it is, what the part is then, and which tags are open there.
    const best: ({ at: number; text: string; stack: typeof stack } | undefined)[] = [];
    let j = i;
    let overflow = false;
    for (; j < atoms.length; j++) {
      const a = atoms[j]!;
      const nextLocal = a.kind === 'open' ? [...local, { name: a.name, raw: a.raw }] : local.slice();
      if (a.kind === 'close') {
        const k = nextLocal.map((o) => o.name).lastIndexOf(a.name);
        if (k >= 0) nextLocal.splice(k, 1);
      }
      if (body.length + a.raw.length + closingOf(nextLocal).length > limit && j > i) {
        overflow = true;
        break;
      }
      body += a.raw;
      local.splice(0, local.length, ...nextLocal);
      if (a.kind === 'text') {
        const rank = breakRank(a.raw, atoms[j + 1]?.raw);
        if (rank > 0) best[rank] = { at: j + 1, text: body, stack: local.slice() };
      }
    }
    if (!overflow) {
      parts.push(body + closingOf(local));
      break;
    }
    // Prefer the strongest break that keeps the part at least a third full; else the strongest at all.
    const floor = limit / 3;
    let cut: { at: number; text: string; stack: typeof stack } | undefined;
    for (let r = best.length - 1; r > 0 && !cut; r--)
      if (best[r] && best[r]!.text.length >= floor) cut = best[r];
    for (let r = best.length - 1; r > 0 && !cut; r--) if (best[r] && best[r]!.at > i) cut = best[r];
    cut ??= { at: j, text: body, stack: local.slice() };
    parts.push(cut.text + closingOf(cut.stack));
    stack = cut.stack;
    i = cut.at;
  }
  return parts.map((p) => p.replace(/^\s+|\s+$/g, '')).filter((p) => htmlToPlain(p).trim().length > 0);
}

/**
 * An API transformer: when Telegram answers 400 "can't parse entities" to an HTML `sendMessage` or
 * `editMessageText`, it sends the same text again as plain text (tags stripped, entities decoded),
 * so a rendering bug costs formatting, never the answer.
 */
export function htmlFallbackTransformer(): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (res.ok || res.error_code !== 400 || !/can't parse entities/i.test(res.description)) return res;
    if (method !== 'sendMessage' && method !== 'editMessageText') return res;
    const p = payload as unknown as Record<string, unknown>;
    if (p.parse_mode !== 'HTML' || typeof p.text !== 'string') return res;
    const { parse_mode: _drop, ...rest } = p;
    const plain = truncate(htmlToPlain(p.text), MESSAGE_LIMIT);
    return prev(method, { ...rest, text: plain } as unknown as typeof payload, signal);
  };
}
