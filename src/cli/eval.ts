/**
 * `npm run eval -- [file.jsonl ...] [--json] [--k N]`: evaluation figures on JSONL sets. Without a
 * file it runs the repository's own sets (test/fixtures/eval/*.jsonl) and ../shared/eval/dev.jsonl
 * when present, one block per file; a missing index is built first, so this works on a plain clone.
 * Prints a per-item table, figures for the whole set, per kind (intent) and per language, and a verdict.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../answer/engine.js';
import {
  aggregate,
  evaluate,
  figuresOf,
  parseEvalFile,
  type EvalFigures,
  type EvalItem,
  type EvalRow,
} from '../answer/evaluate.js';
import type { Engine } from '../answer/types.js';
import { loadConfig, secretsOf } from '../config.js';
import { buildIndex, formatReport, indexExists } from '../ingest/build.js';
import { createLogger } from '../logger.js';
import { openIndex } from '../store/store.js';
import type { ArticleRecord } from '../types.js';
import { parseCliArgs } from './args.js';
import { runCli } from './run.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REPO_SETS = path.join(REPO_ROOT, 'test/fixtures/eval');
const SHARED_DEV = path.resolve('../shared/eval/dev.jsonl');

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const full = (ratio: string) => {
  const [a, b] = ratio.split('/');
  return a === b;
};
const yesNo = (x: boolean | null, yes = 'ok', no = 'NO') => (x === null ? '—' : x ? yes : no);

/** The sets run when no file is named: the repository's own, then the shared dev set when present. */
async function defaultFiles(): Promise<string[]> {
  const own = existsSync(REPO_SETS)
    ? (await readdir(REPO_SETS))
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => path.join(REPO_SETS, f))
    : [];
  return [...(existsSync(SHARED_DEV) ? [SHARED_DEV] : []), ...own];
}

interface FileResult {
  file: string;
  rows: EvalRow[];
  figures: EvalFigures[];
  verdict: string;
}

/** PASS when the goals hold: recall, verbatim citations and resolving markers at 100%, every negative
 *  refused, no confident wrong-entity answer, and ≥ 0.9 of the answer-bearing items fully right. */
function verdictOf(figures: EvalFigures[], mode: string): string {
  const all = figures[0]!;
  const [right, bearing] = all.answerBearingRight.split('/').map(Number) as [number, number];
  const pass =
    (all.recallAt5 ?? 1) === 1 &&
    full(all.citationsVerbatim) &&
    full(all.markersResolve) &&
    full(all.negativesRefused) &&
    all.wrongEntity === 0 &&
    (bearing === 0 || right / bearing >= 0.9);
  return (
    `${pass ? 'PASS' : 'FAIL'} (${mode}) fully right ${all.fullyRight}, answer-bearing ${all.answerBearingRight}, ` +
    `recall@5 ${fmt(all.recallAt5)}, citations verbatim ${all.citationsVerbatim}, markers resolve ${all.markersResolve}, ` +
    `negatives refused ${all.negativesRefused}, false refusals ${all.falseRefusals}, wrong-entity answers ${all.wrongEntity}, summaries ${all.summaries}`
  );
}

function table(result: FileResult, items: number): string[] {
  const out: string[] = [];
  out.push(`Evaluation of ${items} items from ${result.file}`);
  out.push(
    'id       kind         lang     recall@5  RR    right  any  all  count  forbid  places  only  refusal  cites  ms     note',
  );
  for (const r of result.rows)
    out.push(
      [
        r.id.padEnd(8),
        r.kind.padEnd(12),
        r.lang.padEnd(8),
        fmt(r.recall).padEnd(9),
        fmt(r.rr).padEnd(5),
        (r.fullyRight ? 'yes' : 'NO').padEnd(6),
        yesNo(r.checks.answerAny).padEnd(4),
        yesNo(r.checks.answerAll).padEnd(4),
        yesNo(r.checks.count).padEnd(6),
        yesNo(r.checks.forbid, 'ok', 'WRONG').padEnd(7),
        yesNo(r.checks.citeArticles).padEnd(7),
        yesNo(r.checks.citeOnly).padEnd(5),
        yesNo(r.refusedOk, 'ok', 'WRONG').padEnd(8),
        (r.citationsOk ? 'ok' : 'BAD').padEnd(6),
        String(Math.round(r.ms)).padEnd(6),
        r.note,
      ].join(' '),
    );
  out.push('');
  out.push(
    'group              items  right   rate  recall@5  MRR   verbatim  markers  neg-refused  false-ref  wrong-entity  has-fact  summaries',
  );
  for (const f of result.figures)
    out.push(
      [
        f.group.padEnd(18),
        String(f.items).padEnd(6),
        f.fullyRight.padEnd(7),
        fmt(f.fullyRightRate).padEnd(5),
        fmt(f.recallAt5).padEnd(9),
        fmt(f.mrr).padEnd(5),
        f.citationsVerbatim.padEnd(9),
        f.markersResolve.padEnd(8),
        f.negativesRefused.padEnd(12),
        String(f.falseRefusals).padEnd(10),
        String(f.wrongEntity).padEnd(13),
        fmt(f.answerHasFact).padEnd(9),
        f.summaries,
      ].join(' '),
    );
  out.push('');
  out.push(result.verdict);
  return out;
}

async function runFile(
  file: string,
  items: EvalItem[],
  engine: Engine,
  articles: ArticleRecord[],
  k: number,
  mode: string,
): Promise<FileResult> {
  const rows = await evaluate(engine, items, articles, k);
  const zh = rows.filter((r) => r.lang !== 'en');
  const en = rows.filter((r) => r.lang === 'en');
  // The whole set, per kind, per language; then the zh / en groups of the earlier output.
  const figures = [...figuresOf(rows), aggregate(zh, 'zh'), ...(en.length ? [aggregate(en, 'en')] : [])];
  return { file, rows, figures, verdict: verdictOf(figures, mode) };
}

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  const files =
    args.positionals.length > 0 ? args.positionals.map((f) => path.resolve(f)) : await defaultFiles();
  if (files.length === 0)
    throw new Error(`no evaluation sets in ${REPO_SETS}; usage: npm run eval -- [file.jsonl ...]`);
  const sets: { file: string; items: EvalItem[] }[] = [];
  for (const file of files) {
    if (!existsSync(file))
      throw new Error(`no evaluation file at ${file}; usage: npm run eval -- [file.jsonl ...]`);
    const { items, errors } = parseEvalFile(await readFile(file, 'utf8'));
    for (const e of errors) process.stderr.write(`${path.basename(file)}: skipping ${e}\n`);
    if (items.length === 0) throw new Error(`${file} has no usable items`);
    sets.push({ file, items });
  }

  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  if (!(await indexExists(config))) {
    logger.info({ indexUri: config.indexUri, corpusDir: config.corpusDir }, 'no index yet: building it');
    process.stderr.write(`${formatReport(await buildIndex(config, logger))}\n`);
  }
  const engine = await createEngine({ config, logger });
  const index = await openIndex(config.indexUri);
  const articles = await index.articles();
  const mode = index.manifest.embedding ? 'hybrid' : 'keyword-only';
  try {
    const results: FileResult[] = [];
    for (const set of sets) {
      const result = await runFile(set.file, set.items, engine, articles, args.k ?? 5, mode);
      results.push(result);
      if (!args.json) process.stdout.write(`${table(result, set.items.length).join('\n')}\n\n`);
    }
    // One file: the object as before ({ file, rows, figures, verdict }); several: { files: [...] }.
    if (args.json)
      process.stdout.write(
        `${JSON.stringify(results.length === 1 ? results[0] : { files: results }, null, 2)}\n`,
      );
    return 0;
  } finally {
    await engine.close();
  }
});
