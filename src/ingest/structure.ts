/**
 * Article structure found at ingest: sections under their headings, each paragraph's lead clause,
 * and enumerations with their members — 一是/二是…, (一)(二)…, 1. 2. …, parallel headings or
 * paragraph leads, quoted series, and inline series (A、B、C) — tied to the name the article gives
 * them when the name carries a count (“五边行动” → 5 headings, “四个工程” → 4 工程). Every span is
 * verbatim, with offsets into the cleaned text. Matching is done on the Simplified form (same length
 * as the original: OpenCC converts character by character here), quoting on the original.
 */
import { toSimplified } from '../text/script.js';
import type {
  ArticleList,
  ArticleParagraph,
  ArticleSection,
  ArticleStructure,
  ListKind,
  TextSpan,
} from '../types.js';
import { HAN_NUMERALS } from '../text/numerals.js';

const NUMERALS = HAN_NUMERALS;
const ORDINALS = '一二三四五六七八九十';
/** A sentence ends here (a closing quote or bracket stays with it). */
const SENTENCE_END = /[。！？；!?;]/u;
const CLAUSE_END = /[，,；;。！？!?：:]/u;
const MAX_LEAD = 32;
const NARRATIVE_OPENER =
  /^(?:在|今年|近年|近些年|目前|同时|为|结合|而|另一方面|通过|根据|按照|随着|自|从|截至|据|对|针对|[“「]|.{0,8}(?:以来|期间|中|上|时)$)/u;
const MAX_MEMBER = 80;

const span = (text: string, start: number, end: number): TextSpan => ({
  text: text.slice(start, end),
  start,
  end,
});

/** The count a list name carries: 五边行动 → 5, 四个工程 → 4, 4+ → 4, 双推进 → 2; null when none. */
export function countOfName(name: string): number | null {
  const digits = /^(\d{1,2})(?:\+|个|项|大|条|种|方面)/u.exec(name);
  if (digits) return Number(digits[1]);
  const first = NUMERALS[name[0] ?? ''];
  if (first === undefined || name.length < 2) return null;
  // Several different numerals (三会一课, 四议两公开, 两优一先) name a formula, not a count.
  const measured = /^[一二两双三四五六七八九](?:个|項|项|大|条|條|种|種)/u.test(name);
  const numerals = [...name].filter((ch) => NUMERALS[ch] !== undefined);
  if (!measured && new Set(numerals.map((ch) => NUMERALS[ch])).size > 1) return null;
  // 十 alone starts 十分钟 (a duration), not a count; a numeral followed by another numeral is a figure.
  if (first === 10 || /^[一二两三四五六七八九十][一二两三四五六七八九十百千万]/u.test(name)) return null;
  // A time or measure word after the numeral is not a list (一刻钟, 三级调解 counts levels, still a list).
  if (/^.(?:年|月|日|天|刻|次|名|人|户)/u.test(name)) return null;
  return first;
}

/**
 * The words a counted name puts after its numerals (三抓三提 → 抓, 提; 五边 → 边): members of the
 * list carry them. A measure word (个, 项) is skipped.
 */
function nameCues(name: string): string[] {
  const cues: string[] = [];
  for (const m of name.matchAll(/[一二两双三四五六七八九十](?:个|项|大|条|种)?(\p{Script=Han})/gu)) {
    if (!cues.includes(m[1]!)) cues.push(m[1]!);
  }
  return cues;
}

interface Paragraph {
  start: number;
  end: number;
  isHeading: boolean;
}

function paragraphsOf(text: string, headings: TextSpan[]): Paragraph[] {
  const starts = new Set(headings.map((h) => h.start));
  const out: Paragraph[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      let s = from;
      let e = i;
      while (s < e && /\s/u.test(text[s]!)) s++;
      while (e > s && /\s/u.test(text[e - 1]!)) e--;
      if (e > s) out.push({ start: s, end: e, isHeading: starts.has(s) });
      from = i + 1;
    }
  }
  return out;
}

/** End of the sentence that starts at `from` (after its terminator and closing quotes), within `limit`. */
function sentenceEnd(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    if (SENTENCE_END.test(text[i]!)) {
      let j = i + 1;
      while (j < limit && /[”’」』）)】》]/u.test(text[j]!)) j++;
      return j;
    }
  }
  return limit;
}

/**
 * A paragraph's lead clause: its first sentence when short (a heading in all but layout, e.g.
 * `抓责任落实,传导压力。`), else its first clauses up to about 20 characters; null when the
 * paragraph opens with a long clause (narrative, not a lead).
 */
function leadOf(text: string, p: Paragraph): TextSpan | null {
  const end = sentenceEnd(text, p.start, p.end);
  if (end - p.start <= MAX_LEAD && end < p.end) return span(text, p.start, end);
  let cut = -1;
  for (let i = p.start; i < end; i++) {
    if (!/[，,]/u.test(text[i]!)) continue;
    if (i - p.start > 24) break;
    cut = i;
    if (i - p.start >= 12) break;
  }
  if (cut <= p.start + 3) return null;
  // A clause of time, place or circumstance (在…上, 今年以来, 通过…) opens a narrative, not a measure.
  if (NARRATIVE_OPENER.test(toSimplified(text.slice(p.start, cut)))) return null;
  return span(text, p.start, cut);
}

/** Text of a span with outer quotes removed, Simplified (for comparing names). */
export const bare = (s: string) => toSimplified(s).replace(/^[“”"「」『』‘’\s]+|[“”"「」『』‘’\s]+$/gu, '');

/** Quoted terms (“…”, 「…」) of a text, with offsets of the inner text. */
function quotedTerms(text: string, from: number, to: number): TextSpan[] {
  const out: TextSpan[] = [];
  const re = /[“「]([^”」\n]{1,40})[”」]/gu;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const start = m.index + 1;
    out.push(span(text, start, start + m[1]!.length));
  }
  return out;
}

/** 一是… 二是… runs inside one paragraph (members: the first sentence after each marker). */
function ordinalLists(text: string, p: Paragraph): { lead: TextSpan | null; members: TextSpan[] }[] {
  const out: { lead: TextSpan | null; members: TextSpan[] }[] = [];
  const body = text.slice(p.start, p.end);
  const markers = [...body.matchAll(/([一二三四五六七八九十])是/gu)].filter((m) => {
    // A marker opens a sentence or follows a clause end.
    const before = body[m.index - 1];
    return m.index === 0 || (before !== undefined && /[。；;：:，,！？]/u.test(before));
  });
  let run: RegExpMatchArray[] = [];
  const flush = () => {
    if (run.length >= 2) {
      const first = run[0]!.index!;
      const leadEnd = first;
      const sentences = body.slice(0, leadEnd);
      // The lead is the sentence right before 一是 (e.g. 抓“四个工程”,整体提升。).
      const leadStart = Math.max(
        0,
        ...[...sentences.slice(0, -1).matchAll(/[。；;！？]/gu)].map((m) => m.index! + 1),
      );
      const leadText = sentences.slice(leadStart).trim();
      const lead =
        leadText.length > 0 ? span(text, p.start + leadStart, p.start + leadStart + leadText.length) : null;
      const members = run.map((m, i) => {
        const from = p.start + m.index! + 2;
        const limit = i + 1 < run.length ? p.start + run[i + 1]!.index! : p.end;
        let end = sentenceEnd(text, from, limit);
        if (end - from > MAX_MEMBER) {
          let c = from;
          while (c < end && !CLAUSE_END.test(text[c]!)) c++;
          end = c;
        }
        // The terminator is punctuation of the list, not of the member.
        while (end > from && /[。；;，,：:]/u.test(text[end - 1]!)) end--;
        return span(text, from, end);
      });
      out.push({ lead, members });
    }
    run = [];
  };
  for (const m of markers) {
    const n = ORDINALS.indexOf(m[1]!) + 1;
    if (n === 1) {
      flush();
      run = [m];
    } else if (run.length > 0 && n === run.length + 1) run.push(m);
  }
  flush();
  return out;
}

/** (一)(二)… or 1. 2. / 1、2、 markers at paragraph starts: members are those paragraphs' leads. */
function markedParagraphLists(
  text: string,
  paragraphs: Paragraph[],
): { kind: ListKind; members: TextSpan[]; at: number }[] {
  const out: { kind: ListKind; members: TextSpan[]; at: number }[] = [];
  const patterns: { kind: ListKind; re: RegExp; value: (m: RegExpExecArray) => number }[] = [
    {
      kind: 'paren',
      re: /^[（(]([一二三四五六七八九十])[）)]\s*/u,
      value: (m) => ORDINALS.indexOf(m[1]!) + 1,
    },
    { kind: 'numeric', re: /^(\d{1,2})\s*[.、．]\s*(?!\d)/u, value: (m) => Number(m[1]) },
  ];
  for (const { kind, re, value } of patterns) {
    let members: TextSpan[] = [];
    let at = -1;
    const flush = () => {
      if (members.length >= 2) out.push({ kind, members, at });
      members = [];
    };
    paragraphs.forEach((p, i) => {
      const m = re.exec(text.slice(p.start, p.end));
      if (!m) return;
      const n = value(m);
      if (n === 1) {
        flush();
        at = i;
      } else if (n !== members.length + 1) return;
      const from = p.start + m[0].length;
      let end = sentenceEnd(text, from, p.end);
      if (end - from > MAX_MEMBER) end = from + leadOf(text, { ...p, start: from })!.text.length;
      while (end > from && /[。；;，,：:]/u.test(text[end - 1]!)) end--;
      members.push(span(text, from, end));
    });
    flush();
  }
  return out;
}

/**
 * Runs of at least two consecutive paragraph leads of the same shape (same first character and a
 * comma inside: 抓实信念教育,提升… / 抓实组织覆盖,提升…), the way reports mark their measures.
 */
function parallelLeads(text: string, paragraphs: Paragraph[], leads: (TextSpan | null)[]): TextSpan[][] {
  const runs: TextSpan[][] = [];
  let run: TextSpan[] = [];
  const flush = () => {
    if (run.length >= 2) runs.push(run);
    run = [];
  };
  paragraphs.forEach((p, i) => {
    const lead = leads[i];
    if (p.isHeading || !lead || !/[，,]/u.test(lead.text)) return flush();
    const head = toSimplified(lead.text)[0];
    if (run.length > 0 && toSimplified(run[0]!.text)[0] !== head) flush();
    run.push(lead);
  });
  flush();
  return runs.filter((r) => r.length >= 2);
}

/**
 * An inline series right before a name in the same sentence (`述职、点评、评议、整改四个环节`,
 * `“口岸先锋、红色边境、边贸振兴”三项重点工程`, `…、无40岁以下党员和无妇女党员“三种问题”`):
 * the members when their number is the name's count.
 */
function seriesBefore(
  text: string,
  nameStart: number,
  count: number,
  sentenceStart: number,
): TextSpan[] | null {
  let end = nameStart;
  // `…的“五个一”`, `…等“三联”`, `“…”为主要内容的“五同”`: a quote closing right before the name.
  while (end > sentenceStart && /[“「的等]/u.test(text[end - 1]!)) end--;
  const connector = /[”」](?:为|為)?[\p{Script=Han}]{0,6}$/u.exec(
    text.slice(Math.max(sentenceStart, end - 9), end),
  );
  if (connector && connector[0].length > 1) end -= connector[0].length - 1;
  let quoted = false;
  if (/[”」]/u.test(text[end - 1] ?? '')) {
    quoted = true;
    end--;
  }
  let start = end;
  const stop = quoted ? /[“「]/u : /[，,。；;：:]/u;
  while (start > sentenceStart && !stop.test(text[start - 1]!)) start--;
  const seps = quoted ? /[、，,]/gu : /[、]|和|及|与/gu;
  const body = text.slice(start, end);
  const pieces: TextSpan[] = [];
  let from = 0;
  for (const m of [...body.matchAll(seps), { index: body.length, 0: '' } as RegExpMatchArray]) {
    pieces.push(span(text, start + from, start + m.index!));
    from = m.index! + m[0].length;
  }
  if (!quoted && pieces.length === count + 1 && pieces.length > 2) {
    // A comma-free run before the series may hold the sentence's subject; it is not a member.
  }
  if (pieces.length !== count || pieces.some((x) => x.text.trim().length === 0)) return null;
  // The first piece may carry the sentence's verb (把解决个别村…, 通过抓责任落实): cut it off.
  const first = pieces[0]!;
  const verb = /^.*(?:通过|解决|开展|实施|实现|推进|落实|坚持|做好|做实|把|将)(?=.)/u.exec(
    toSimplified(first.text),
  );
  const heads = pieces.slice(1).map((x) => toSimplified(x.text)[0]);
  const shared = heads.every((h) => h === heads[0]) ? heads[0]! : null;
  const at = shared ? toSimplified(first.text).indexOf(shared) : -1;
  if (!quoted && at > 0 && first.text.length - at >= 2) pieces[0] = span(text, first.start + at, first.end);
  else if (!quoted && verb && first.text.length - verb[0].length >= 2)
    pieces[0] = span(text, first.start + verb[0].length, first.end);
  // An unquoted series is of short items; a long one is prose that happens to precede a name.
  if (!quoted && pieces.some((x) => x.text.length > 16 || /[“”「」]|等./u.test(x.text))) return null;
  const lengths = pieces.map((x) => x.text.length);
  if (Math.max(...lengths) > 40) return null;
  return pieces;
}

/** Finds the article's structure. `text` and `headings` are the output of `cleanArticle`. */
export function extractStructure(
  text: string,
  headings: TextSpan[],
  titleLine: string | null = null,
): ArticleStructure {
  const paragraphs = paragraphsOf(text, headings);
  const titleEnd = titleLine !== null && text.startsWith(titleLine) ? titleLine.length : 0;
  const body = paragraphs.filter((p) => p.start >= titleEnd || p.end > titleEnd);
  const leads = body.map((p) => (p.isHeading ? null : leadOf(text, p)));

  const sections: ArticleSection[] = [];
  body.forEach((p, i) => {
    if (p.isHeading || sections.length === 0) {
      sections.push({
        heading: p.isHeading ? span(text, p.start, p.end) : null,
        start: p.start,
        end: p.end,
        paragraphs: [],
      });
      if (p.isHeading) return;
    }
    const section = sections.at(-1)!;
    const paragraph: ArticleParagraph = { start: p.start, end: p.end, lead: leads[i] ?? null };
    section.paragraphs.push(paragraph);
    section.end = p.end;
  });

  const lists: ArticleList[] = [];
  const add = (list: ArticleList) => {
    if (list.members.length < 2) return;
    const key = list.members.map((m) => m.start).join(',');
    const same = lists.find((l) => l.members.map((m) => m.start).join(',') === key);
    if (same) {
      if (!same.name && list.name) Object.assign(same, { name: list.name, count: list.count });
      return;
    }
    lists.push(list);
  };

  // Candidate names: quoted terms that carry a count or an ordinal list right after them.
  const names = quotedTerms(text, 0, text.length);

  // 1. 一是/二是… lists, named by a quoted term in their lead (抓“四个工程”,整体提升。).
  for (const p of body) {
    for (const found of ordinalLists(text, p)) {
      const quoted = found.lead ? quotedTerms(text, found.lead.start, found.lead.end) : [];
      const named =
        quoted.find((q) => countOfName(bare(q.text)) === found.members.length) ??
        quoted.find((q) => countOfName(bare(q.text)) === null && q.end <= found.lead!.end);
      add({
        name: named ? named.text : null,
        count: named ? countOfName(bare(named.text)) : null,
        kind: 'ordinal',
        lead: found.lead,
        members: found.members,
      });
    }
  }

  // 2. (一)(二)… and 1. 2. paragraphs.
  for (const found of markedParagraphLists(text, body)) {
    add({ name: null, count: null, kind: found.kind, lead: null, members: found.members });
  }

  // 3. Parallel headings and parallel paragraph leads, named by a counted name whose cue
  //    characters they carry (五边 → each heading has 边; 三抓三提 → each lead has 抓 and 提;
  //    三抓三强化 → three leads with 抓, then three with 强).
  const headingRun = headings.filter((h) => h.start >= titleEnd);
  const runs: { kind: ListKind; members: TextSpan[] }[] = [
    ...(headingRun.length >= 2 ? [{ kind: 'headings' as ListKind, members: headingRun }] : []),
    ...parallelLeads(text, body, leads).map((members) => ({ kind: 'headings' as ListKind, members })),
  ];
  // Leads of consecutive paragraphs across headings (凤庆's six measures span two sections).
  const allLeads = body
    .map((p, i) => (p.isHeading ? null : leads[i]))
    .filter((l): l is TextSpan => l !== null && l !== undefined && /[，,]/u.test(l.text));
  const counted = names
    .map((n) => ({ n, count: countOfName(bare(n.text)) ?? 0, cues: nameCues(bare(n.text)) }))
    .filter((x) => x.count >= 2 && x.cues.length > 0);
  const seen = new Set<string>();
  const boundNames = new Set(lists.map((l) => (l.name ? bare(l.name) : '')));
  for (const { n, count, cues } of counted) {
    const name = bare(n.text);
    if (seen.has(name)) continue;
    const has = (s: TextSpan, cue: string) => toSimplified(s.text).includes(cue);
    let found: { kind: ListKind; members: TextSpan[] } | null = null;
    for (const run of runs) {
      if (run.members.length === count && run.members.every((m) => cues.every((c) => has(m, c)))) {
        found = run;
        break;
      }
    }
    if (!found && cues.length >= 2) {
      // One group of `count` leads per cue, in order (三抓三强化: 抓 ×3, then 强 ×3).
      for (let i = 0; i + count * cues.length <= allLeads.length && !found; i++) {
        const window = allLeads.slice(i, i + count * cues.length);
        const ok = cues.every((c, g) =>
          window.slice(g * count, (g + 1) * count).every((m) => toSimplified(m.text.slice(0, 3)).includes(c)),
        );
        if (ok) found = { kind: 'headings', members: window };
      }
    }
    if (found) {
      seen.add(name);
      boundNames.add(name);
      add({
        name: n.text,
        count: found.members.length,
        kind: found.kind,
        lead: sentenceAround(text, n),
        members: found.members,
      });
    }
  }

  // 4. Inline series named by a counted name right after them (“五个一”, 三种问题, 四个环节).
  const countedWords = [
    ...counted.map(({ n, count }) => ({ at: n.start, nameSpan: n, count })),
    // Unquoted counted names: 四个环节, 三项重点工程, 四个层面工作.
    ...[
      ...text.matchAll(
        /[两兩三四五六七八九](?:个|個|项|項|大|条|條|种|種)[\p{Script=Han}]{1,4}?(?=工作|的|[，,。；;])/gu,
      ),
    ].map((m) => ({
      at: m.index,
      nameSpan: span(text, m.index, m.index + m[0].length),
      count: NUMERALS[toSimplified(m[0][0]!)]!,
    })),
  ];
  for (const { at, nameSpan, count } of countedWords) {
    if (boundNames.has(bare(nameSpan.text))) continue;
    const quoteOffset = /[“「]/u.test(text[at - 1] ?? '') ? at - 1 : at;
    const sentenceStart = Math.max(
      text.lastIndexOf('\n', at) + 1,
      ...[...text.slice(0, at).matchAll(/[。；;！？]/gu)].map((m) => m.index + 1),
    );
    const members = seriesBefore(text, quoteOffset, count, sentenceStart);
    if (!members) continue;
    boundNames.add(bare(nameSpan.text));
    const quotedSeries = /[”」]/u.test(text[members.at(-1)!.end] ?? '');
    add({
      name: nameSpan.text,
      count,
      kind: quotedSeries ? 'quoted' : 'series',
      lead: sentenceAround(text, nameSpan),
      members,
    });
  }

  // 5. Quoted series without a name: “党员+”“支部+”…, “十分钟党课”“一刻钟支委会”.
  for (let i = 0; i < names.length; i++) {
    const run = [names[i]!];
    while (i + 1 < names.length) {
      const gap = text.slice(run.at(-1)!.end + 1, names[i + 1]!.start - 1);
      if (!/^[、]?$/u.test(gap)) break;
      run.push(names[++i]!);
    }
    if (run.length >= 2)
      add({ name: null, count: null, kind: 'quoted', lead: sentenceAround(text, run[0]!), members: run });
  }

  return { sections, lists };
}

/** The sentence that contains a span (a verbatim span itself). */
function sentenceAround(text: string, s: TextSpan): TextSpan {
  let start = s.start;
  while (start > 0 && text[start - 1] !== '\n' && !/[。！？；!?;]/u.test(text[start - 1]!)) start--;
  const lineEnd = text.indexOf('\n', s.end);
  const end = sentenceEnd(text, s.end, lineEnd === -1 ? text.length : lineEnd);
  return span(text, start, end);
}
