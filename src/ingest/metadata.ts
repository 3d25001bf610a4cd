/**
 * Article metadata from the cleaned article: id, title, date, outlet, author, editor and script. Titles,
 * outlets and authors are stored in Simplified for display consistency; the text keeps its script.
 */
import path from 'node:path';
import { detectScript, toSimplified } from '../text/script.js';
import type { ArticleScript } from '../types.js';
import type { CleanedArticle } from './clean.js';

export interface ArticleMetadata {
  id: string;
  title: string;
  date: string | null;
  /** The date as the article prints it, with the time when given (`2017/4/5 17:12:57`), or null. */
  published: string | null;
  source: string | null;
  author: string | null;
  /** The editor credited (责编, 责任编辑, 编辑), Simplified, or null. */
  editor: string | null;
  script: ArticleScript;
}

const DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u;
// Labels that end a value: `作者: 发布时间:...` has no author.
const LABELS =
  '作者|来源|來源|发布时间|發布時間|发布日期|發布日期|时间|時間|日期|编辑|編輯|责编|責編|记者|記者|通讯员|通訊員|点击|點擊';
const VALUE_AFTER = (labels: string) =>
  new RegExp(`(?:${labels})\\s*[:：]\\s*((?:(?!(?:${LABELS})\\s*[:：])[^\\s:：|])+)`, 'u');
const SOURCE = VALUE_AFTER('来源|來源');
const AUTHOR = VALUE_AFTER('作者|记者|記者|通讯员|通訊員');
const EDITOR = VALUE_AFTER('责任编辑|責任編輯|责编|責編|编辑|編輯');
const CREDIT = /^[(（]\s*(?:(?:记者|記者|通讯员|通訊員|作者)[:：\s]*)?(.+?)\s*[)）]$/u;
const SCRIPT_SAMPLE = 20_000;
const TITLE_DECORATION = /^[\s—–\-―─~～·•*#]+|[\s—–\-―─~～·•*#]+$/gu;

/** A time of day right after a date (`17:12:57`). */
const TIME = /^日?\s*(\d{1,2}:\d{2}(?::\d{2})?)/u;

/**
 * The first valid date in `lines`: ISO `YYYY-MM-DD`, and as printed with the time when given; nulls
 * when there is none.
 */
function findDate(lines: string[]): { date: string | null; published: string | null } {
  for (const line of lines) {
    const m = DATE.exec(line);
    if (!m) continue;
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      const rest = line.slice(m.index + m[0].length);
      const printed = m[0] + (rest.startsWith('日') ? '日' : '');
      const time = TIME.exec(rest);
      return {
        date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        published: time ? `${printed} ${time[1]}` : printed,
      };
    }
  }
  return { date: null, published: null };
}

function findValue(lines: string[], pattern: RegExp): string | null {
  for (const line of lines) {
    const value = pattern.exec(line)?.[1]?.trim();
    if (value) return toSimplified(value);
  }
  return null;
}

function findAuthor(lines: string[]): string | null {
  const labelled = findValue(lines, AUTHOR);
  if (labelled) return labelled;
  for (const line of lines) {
    const credit = CREDIT.exec(line.trim());
    if (credit) return toSimplified(credit[1]!.split(/[\s、,，]+/u).join(' '));
  }
  return null;
}

/**
 * Metadata of one article. `raw` is the decoded text before cleaning (used only as a fallback for
 * the script of an article whose cleaned text is empty).
 */
export function extractMetadata(input: {
  fileName: string;
  raw: string;
  cleaned: CleanedArticle;
}): ArticleMetadata {
  const { fileName, raw, cleaned } = input;
  // The path inside the corpus folder without its extension: `000_x` at the top, `2023/000_x` in a
  // subfolder, so files of the same name in two archive folders stay two articles. An absolute path
  // says nothing about the corpus folder: only its file name counts.
  const name = String(fileName ?? '');
  const relative = path.isAbsolute(name) ? path.basename(name) : name.split(path.sep).join('/');
  const base = path.posix.basename(relative);
  const id =
    base.includes('.') && !base.startsWith('.') ? relative.slice(0, relative.lastIndexOf('.')) : relative;
  const lines = cleaned.bylineLines;

  const fromTitle = cleaned.titleLine?.replace(TITLE_DECORATION, '').trim();
  const fallback = cleaned.text
    .split('\n')
    .find((l) => l.trim().length > 0)
    ?.trim()
    .slice(0, 40);
  const title = toSimplified(fromTitle || fallback || id);

  // A sample decides the script as well as the whole text, and converting megabytes is slow.
  const sample = (cleaned.text.trim() ? cleaned.text : String(raw ?? '')).slice(0, SCRIPT_SAMPLE);
  const detected = detectScript(sample);
  const script: ArticleScript = detected === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans';

  return {
    id,
    title,
    ...findDate(lines),
    source: findValue(lines, SOURCE),
    author: findAuthor(lines),
    editor: findValue(lines, EDITOR),
    script,
  };
}
