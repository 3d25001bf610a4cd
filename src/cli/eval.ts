/**
 * `npm run eval -- [file.jsonl] [--json]`: evaluation figures on a JSONL set (default
 * ../shared/eval/dev.jsonl when present). Prints a per-item table, per-language figures and a verdict.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createEngine } from '../answer/engine.js';
import { aggregate, evaluate, parseEvalFile, type EvalFigures } from '../answer/evaluate.js';
import { loadConfig, secretsOf } from '../config.js';
import { createLogger } from '../logger.js';
import { openIndex } from '../store/store.js';
import { parseCliArgs } from './args.js';
import { runCli } from './run.js';

const DEFAULT_FILE = path.resolve('../shared/eval/dev.jsonl');
const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  const file = args.text.trim() || DEFAULT_FILE;
  if (!existsSync(file))
    throw new Error(`no evaluation file at ${file}; usage: npm run eval -- [file.jsonl]`);
  const { items, errors } = parseEvalFile(await readFile(file, 'utf8'));
  for (const e of errors) process.stderr.write(`skipping ${e}\n`);
  if (items.length === 0) throw new Error(`${file} has no usable items`);

  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  const engine = await createEngine({ config, logger });
  const articles = await (await openIndex(config.indexUri)).articles();
  try {
    const rows = await evaluate(engine, items, articles, args.k ?? 5);
    const zh = rows.filter((r) => r.lang !== 'en');
    const en = rows.filter((r) => r.lang === 'en');
    const figures: EvalFigures[] = [aggregate(zh, 'zh'), ...(en.length ? [aggregate(en, 'en')] : [])];
    const verdictOf = (f: EvalFigures) =>
      `${f.group}: recall@5 ${fmt(f.recallAt5)}, MRR ${fmt(f.mrr)}, answer-has-fact ${fmt(f.answerHasFact)}, negatives refused ${f.negativesRefused}, false refusals ${f.falseRefusals}, citations ok ${f.citationsOk}, summaries ${f.summaries}`;
    const zhF = figures[0]!;
    const zhPass =
      (zhF.recallAt5 ?? 1) === 1 &&
      (zhF.answerHasFact ?? 1) >= 0.9 &&
      zhF.negativesRefused.split('/')[0] === zhF.negativesRefused.split('/')[1] &&
      zhF.citationsOk.split('/')[0] === zhF.citationsOk.split('/')[1] &&
      zhF.summaries.split('/')[0] === zhF.summaries.split('/')[1];
    const verdict = `${zhPass ? 'PASS' : 'FAIL'} (${config.indexUri.endsWith('index') ? '' : `${config.indexUri}, `}${(await openIndex(config.indexUri)).manifest.embedding ? 'hybrid' : 'keyword-only'}) ${figures.map(verdictOf).join(' | ')}`;
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ file, rows, figures, verdict }, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [];
    out.push(`Evaluation of ${items.length} items from ${file}`);
    out.push('id     kind          lang     recall@5  RR    fact   refusal  cites  summary  ms     note');
    for (const r of rows)
      out.push(
        [
          r.id.padEnd(6),
          r.kind.padEnd(13),
          r.lang.padEnd(8),
          fmt(r.recall).padEnd(9),
          fmt(r.rr).padEnd(5),
          (r.fact === null ? '—' : r.fact ? 'yes' : 'NO').padEnd(6),
          (r.refusedOk === null ? '—' : r.refusedOk ? 'ok' : 'WRONG').padEnd(8),
          (r.citationsOk ? 'ok' : 'BAD').padEnd(6),
          (r.summaryOk === null ? '—' : r.summaryOk ? 'ok' : 'BAD').padEnd(8),
          String(Math.round(r.ms)).padEnd(6),
          r.note,
        ].join(' '),
      );
    out.push('');
    out.push(
      'group  items  recall@5  MRR   answer-has-fact  negatives-refused  false-refusals  citations-ok  summaries',
    );
    for (const f of figures)
      out.push(
        [
          f.group.padEnd(6),
          String(f.items).padEnd(6),
          fmt(f.recallAt5).padEnd(9),
          fmt(f.mrr).padEnd(5),
          fmt(f.answerHasFact).padEnd(16),
          f.negativesRefused.padEnd(18),
          String(f.falseRefusals).padEnd(15),
          f.citationsOk.padEnd(13),
          f.summaries,
        ].join(' '),
      );
    out.push('');
    out.push(verdict);
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    await engine.close();
  }
});
