/**
 * Prompts live in the repository's `prompts/` folder, one Markdown file per task, split into
 * `## name` sections. This module loads them as LangChain chat templates and renders the untrusted
 * parts (passages, question, history) into tagged data blocks that their content cannot break out of.
 */
import { readFileSync } from 'node:fs';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import type { Turn } from './types.js';

export const PROMPTS_DIR = new URL('../../prompts/', import.meta.url);

/** A passage as the model sees it; `n` is the number it must cite as `[n]`. */
export interface LlmPassage {
  n: number;
  title: string;
  date: string | null;
  source: string | null;
  region: string[];
  text: string;
  /** The article's author, when the record has one (metadata questions). */
  author?: string | null;
  /** What the engine found this passage to be (a list member, a compared place's point, an article record). */
  role?: string | null;
}

export interface PromptSet {
  answer: ChatPromptTemplate;
  condense: ChatPromptTemplate;
  summaryMap: ChatPromptTemplate;
  summaryReduce: ChatPromptTemplate;
}

/** The variables each template must use: a prompt edited without one fails at load, not at run time. */
const REQUIRED: Record<keyof PromptSet, string[]> = {
  answer: ['language', 'passages', 'question'],
  condense: ['history', 'question'],
  summaryMap: ['language', 'passages', 'region'],
  summaryReduce: ['language', 'notes', 'region'],
};

/**
 * Splits a prompt file into its `## name` sections (text before the first section documents the
 * prompt for people and is not sent).
 */
export function parsePromptSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (name !== null) sections.set(name, lines.join('\n').trim());
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^##\s+([\w-]+)\s*$/.exec(line);
    if (heading) {
      flush();
      name = heading[1]!.toLowerCase();
      lines = [];
    } else if (name !== null) lines.push(line);
  }
  flush();
  return sections;
}

function template(file: string, sections: Map<string, string>, system: string, user: string) {
  const s = sections.get(system);
  const u = sections.get(user);
  if (!s || !u)
    throw new Error(`Prompt file prompts/${file} needs non-empty "## ${system}" and "## ${user}" sections`);
  return ChatPromptTemplate.fromMessages([
    ['system', s],
    ['human', u],
  ]);
}

/** Loads and checks every prompt file under `dir` (the repository's `prompts/` by default). */
export function loadPrompts(dir: URL = PROMPTS_DIR): PromptSet {
  const read = (file: string) => {
    try {
      return parsePromptSections(readFileSync(new URL(file, dir), 'utf8'));
    } catch (err) {
      throw new Error(`Cannot read prompt file ${new URL(file, dir).pathname}`, { cause: err });
    }
  };
  const answer = read('answer.md');
  const condense = read('condense.md');
  const summary = read('summary.md');
  const set: PromptSet = {
    answer: template('answer.md', answer, 'system', 'user'),
    condense: template('condense.md', condense, 'system', 'user'),
    summaryMap: template('summary.md', summary, 'map-system', 'map-user'),
    summaryReduce: template('summary.md', summary, 'reduce-system', 'reduce-user'),
  };
  for (const [key, vars] of Object.entries(REQUIRED) as [keyof PromptSet, string[]][]) {
    const missing = vars.filter((v) => !set[key].inputVariables.includes(v));
    const extra = set[key].inputVariables.filter((v) => !vars.includes(v));
    if (missing.length > 0 || extra.length > 0)
      throw new Error(
        `Prompt "${key}" variables do not match: missing {${missing.join('}, {')}} unexpected {${extra.join('}, {')}}`,
      );
  }
  return set;
}

// Control characters other than tab and newline carry nothing a model needs and can confuse it.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes untrusted text safe to place inside a tagged block: angle brackets become their full-width
 * look-alikes, so `</passage>` or `<system>` inside an article or a question is just text.
 */
export function neutralise(text: string): string {
  return text.replace(CONTROL, '').replace(/</g, '＜').replace(/>/g, '＞');
}

function attribute(value: string): string {
  return neutralise(value).replace(/\s+/g, ' ').replace(/"/g, '＂').replace(/&/g, '＆').trim();
}

/** Longest passage text sent; the engine's chunks are far shorter, this only bounds a runaway. */
export const MAX_PASSAGE_CHARS = 4000;

/** One `<passage n="…" title="…" date="…" source="…" region="…">…</passage>` block per passage. */
export function formatPassages(passages: readonly LlmPassage[]): string {
  return passages
    .map((p) => {
      const attrs = [
        `n="${Math.trunc(p.n)}"`,
        `title="${attribute(p.title)}"`,
        `date="${attribute(p.date ?? 'unknown')}"`,
        `source="${attribute(p.source ?? 'unknown')}"`,
        `region="${attribute(p.region.join(' / '))}"`,
        ...(p.author ? [`author="${attribute(p.author)}"`] : []),
        ...(p.role ? [`role="${attribute(p.role)}"`] : []),
      ];
      const text = neutralise(p.text.slice(0, MAX_PASSAGE_CHARS)).trim();
      return `<passage ${attrs.join(' ')}>\n${text}\n</passage>`;
    })
    .join('\n');
}

/** Longest earlier answer carried into the condense prompt: the gist is enough to resolve "那…呢?". */
const MAX_HISTORY_ANSWER_CHARS = 300;
const MAX_HISTORY_TURNS = 4;

/** The last few turns as `<turn>` blocks; citation markers are dropped from earlier answers. */
export function formatHistory(history: readonly Turn[]): string {
  return history
    .slice(-MAX_HISTORY_TURNS)
    .map((t) => {
      const parts = [`<user>${neutralise(t.question).trim()}</user>`];
      if (t.region && t.region.length > 0) parts.push(`<region>${neutralise(t.region.join(' / '))}</region>`);
      if (t.answer) {
        const answer = t.answer
          .replace(/\[\d+\]/g, '')
          .replace(/\s+/g, ' ')
          .trim();
        const clipped =
          answer.length > MAX_HISTORY_ANSWER_CHARS ? `${answer.slice(0, MAX_HISTORY_ANSWER_CHARS)}…` : answer;
        parts.push(`<assistant>${neutralise(clipped)}</assistant>`);
      }
      return `<turn>\n${parts.join('\n')}\n</turn>`;
    })
    .join('\n');
}

/** The language line the prompts use for each script. */
export function languageName(script: 'zh-Hans' | 'zh-Hant' | 'en'): string {
  if (script === 'zh-Hant') return 'Traditional Chinese (繁體中文)';
  if (script === 'en') return 'English (translate the Chinese evidence; give Chinese names in parentheses)';
  return 'Simplified Chinese (简体中文)';
}
