/**
 * Child process of the scale benchmark: opens the engine on an index (open time, RSS), asks the
 * questions (p50/p95), and prints one JSON line. `tsx bench/scale-probe.ts INDEX_URI keyword|hybrid`
 */
import { createEngine } from '../src/answer/engine.js';
import { createConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { percentile, REPO_ROOT } from './lib.js';
import { hashEmbedder, scaleQuestions } from './scale-lib.js';

const [indexUri, mode] = process.argv.slice(2);
const config = createConfig(
  {
    INDEX_URI: indexUri!,
    EMBEDDINGS: mode === 'hybrid' ? 'auto' : 'off',
    LOG_LEVEL: 'silent',
    ALLOW_REMOTE_MODELS: 'false',
  },
  REPO_ROOT,
);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const engine = await createEngine({
  config,
  logger: createLogger('silent'),
  embedder: mode === 'hybrid' ? hashEmbedder() : null,
  llm: null,
});
const openMs = performance.now() - t0;
const rssAfterOpen = process.memoryUsage().rss;
const questions = scaleQuestions();
await engine.ask(questions[0]!);
const times: number[] = [];
const searchTimes: number[] = [];
for (const q of questions) {
  const t = performance.now();
  const r = await engine.ask(q);
  times.push(performance.now() - t);
  searchTimes.push(r.timings.searchMs);
}
process.stdout.write(
  `${JSON.stringify({
    openMs: Math.round(openMs),
    rssMB: Math.round(rssAfterOpen / 1e6),
    rssBaseMB: Math.round(rssBefore / 1e6),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    searchP50: percentile(searchTimes, 50),
    questions: questions.length,
  })}\n`,
);
process.exit(0);
