/**
 * Query latency per question intent (keyword-only index of `corpus/`, extractive answers): p50/p95/max
 * of the engine's total time, grouped by the intent the engine classified each question as. The
 * questions are the first blind intent set (`test/fixtures/eval/intents-a.jsonl`), asked three times
 * each after one warm-up question.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createEngine } from '../src/answer/engine.js';
import { buildIndex } from '../src/ingest/build.js';
import { createLogger } from '../src/logger.js';
import { benchConfig, machineNote, percentile, printTable, REPO_ROOT, tempDir, type Cell } from './lib.js';

const SET = path.join(REPO_ROOT, 'test', 'fixtures', 'eval', 'intents-a.jsonl');
const ROUNDS = 3;

const questions = (await readFile(SET, 'utf8'))
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { question: string }).question);

const { dir, cleanup } = await tempDir('bpb-bench-intents-');
try {
  const logger = createLogger('silent');
  const config = benchConfig(path.join(dir, 'index'), { EMBEDDINGS: 'off' });
  await buildIndex(config, logger);
  const engine = await createEngine({ config, logger, llm: null });
  await engine.ask(questions[0]!);
  const byIntent = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++)
    for (const question of questions) {
      const result = await engine.ask(question);
      const intent = result.refused ? 'refused' : (result.intent ?? 'unknown');
      byIntent.set(intent, [...(byIntent.get(intent) ?? []), result.timings.totalMs]);
    }
  await engine.close();
  const rows: Record<string, Cell>[] = [...byIntent.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([intent, ms]) => ({
      intent,
      answers: ms.length,
      'p50 ms': percentile(ms, 50),
      'p95 ms': percentile(ms, 95),
      'max ms': Math.max(...ms),
    }));
  printTable(
    `Query latency per intent, keyword-only, ${questions.length} questions × ${ROUNDS} (${machineNote()})`,
    rows,
  );
} finally {
  await cleanup();
}
