/**
 * Query latency with the generated e5-small-shaped model (q8, the production default dtype): p50/p95
 * of the engine's embed, search and answer stages, keyword-only and hybrid, over 30 questions written
 * for this benchmark (not the dev set's); and LanceDB's vector search against a brute-force cosine
 * scan over the same vectors (agreement of the top 10 and latency).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../src/logger.js';
import { loadEmbedder, type Embedder } from '../src/retrieval/embedder.js';
import {
  benchConfig,
  ensureBenchModel,
  machineNote,
  percentile,
  printTable,
  tempDir,
  timed,
  type Cell,
} from './lib.js';

const TOP = 10;

/** Simplified, Traditional, English, and off-corpus questions (the last two should be refused). */
export const QUESTIONS = [
  '勐腊县开展了什么“五个一”主题实践活动?',
  '勐腊县如何开展党员全员培训?',
  '勐腊县为基层党组织征订了哪些党报党刊?',
  '勐腊县的流动党校办到了哪里?',
  '勐腊县怎样加强边境管控、促进民族团结?',
  '凤庆县的基层党建责任清单包括哪些?',
  '凤庆县实行了怎样的专项巡查制度?',
  '凤庆县述职评议考核有哪几个环节?',
  '凤庆县“先锋模范工程”的内容是什么?',
  '凤庆县每名党员每年参加培训几次?',
  '昌都市哪些人在“两优一先”表彰大会上受到表彰?',
  '昌都市基层党建整改方案列出了哪些问题清单?',
  '党员人数达到多少的村可以建立党委?',
  '昌都市如何推进党建促脱贫攻坚?',
  '昌都市怎样整顿转化软弱涣散基层党组织?',
  '呼伦贝尔市的“五边行动”连接了几个口岸?',
  '呼伦贝尔市一年来培训了多少人次边境地区党员干部群众?',
  '陈巴尔虎旗的“夏培”计划安排在几月份?',
  '满洲里党建学院发挥了什么作用?',
  '邊境黨建聯席會議機制是如何落實的?',
  '陳巴爾虎旗累計開展了多少場次教育培訓?',
  '小中甸镇把村党支部改设成了什么?',
  '小中甸镇设立了多少个党支部?',
  '小中甸鎮的黨建工作思路是什麼?',
  '香格里拉的党建如何促进生态旅游?',
  '边境地区的国防安全教育怎么开展?',
  'How does Mengla county train its party members?',
  'What is the Five Borders Action in Hulunbuir?',
  '上海市浦东新区的社区党建有什么经验?',
  '2022年冬奥会在哪里举办?',
];

type EngineModule = typeof import('../src/answer/engine.js');
type BuildModule = typeof import('../src/ingest/build.js');
type StoreModule = typeof import('../src/store/store.js');
type Engine = Awaited<ReturnType<EngineModule['createEngine']>>;

const stats = (label: string, values: number[]): Record<string, Cell> => ({
  stage: label,
  'p50 ms': percentile(values, 50),
  'p95 ms': percentile(values, 95),
  'max ms': Math.max(...values),
});

/** Asks every question once after a warm-up; per-stage timings as the engine reports them. */
async function askAll(engine: Engine, mode: string): Promise<Record<string, Cell>[]> {
  await engine.ask(QUESTIONS[0]!);
  const t = {
    embedMs: [] as number[],
    searchMs: [] as number[],
    answerMs: [] as number[],
    totalMs: [] as number[],
  };
  let refused = 0;
  for (const q of QUESTIONS) {
    const result = await engine.ask(q);
    for (const key of Object.keys(t) as (keyof typeof t)[]) t[key].push(result.timings[key]);
    if (result.refused) refused++;
  }
  return (Object.keys(t) as (keyof typeof t)[]).map((key) => ({
    mode,
    ...stats(key.replace('Ms', ''), t[key]),
    questions: QUESTIONS.length,
    refused,
  }));
}

/** LanceDB flat vector search vs a brute-force scan of the same vectors. */
async function vectorAgreement(
  store: StoreModule,
  indexUri: string,
  embedder: Embedder,
): Promise<Record<string, Cell>[]> {
  const reader = await store.openIndex(indexUri);
  const chunks = (await reader.allChunks({ withVectors: true })).filter((c) => c.vector);
  const dim = embedder.dim;
  const matrix = new Float32Array(chunks.length * dim);
  chunks.forEach((c, i) => matrix.set(c.vector!, i * dim));
  const bruteForce = (q: number[]) => {
    const scores = new Float32Array(chunks.length);
    for (let i = 0; i < chunks.length; i++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += matrix[i * dim + d]! * q[d]!;
      scores[i] = s;
    }
    return [...scores.keys()]
      .sort((a, b) => scores[b]! - scores[a]!)
      .slice(0, TOP)
      .map((i) => chunks[i]!.id);
  };
  await reader.vector(await embedder.embedQuery(QUESTIONS[0]!), TOP); // warm-up
  const lanceMs: number[] = [];
  const bruteMs: number[] = [];
  const recall: number[] = [];
  for (const q of QUESTIONS) {
    const vector = await embedder.embedQuery(q);
    const lance = await timed(() => reader.vector(vector, TOP));
    const brute = await timed(async () => bruteForce(vector));
    lanceMs.push(lance.ms);
    bruteMs.push(brute.ms);
    const expected = new Set(brute.value);
    recall.push(lance.value.filter((h) => expected.has(h.chunk.id)).length / Math.min(TOP, chunks.length));
  }
  const meanRecall = recall.reduce((a, b) => a + b, 0) / recall.length;
  return [
    {
      search: 'LanceDB nearestTo (flat, cosine)',
      chunks: chunks.length,
      ...stats('top 10', lanceMs),
      [`recall@${TOP} vs brute force`]: meanRecall,
    },
    {
      search: 'brute-force cosine scan (JS)',
      chunks: chunks.length,
      ...stats('top 10', bruteMs),
      [`recall@${TOP} vs brute force`]: 1,
    },
  ];
}

export async function run(): Promise<void> {
  const note = machineNote();
  let modules: [EngineModule, BuildModule, StoreModule];
  try {
    modules = await Promise.all([
      import('../src/answer/engine.js'),
      import('../src/ingest/build.js'),
      import('../src/store/store.js'),
    ]);
  } catch (err) {
    // The engine is parallel work: say what is missing rather than fail the whole bench run.
    printTable('Query latency — not measured', [
      { reason: `the engine could not be loaded: ${(err as Error).message.split('\n')[0]}` },
    ]);
    return;
  }
  const [engineModule, build, store] = modules;
  const modelDir = await ensureBenchModel('e5-small');
  const { dir, cleanup } = await tempDir('bench-query-');
  const config = benchConfig(path.join(dir, 'index'), { EMBEDDING_MODEL: modelDir, EMBEDDING_DTYPE: 'q8' });
  const logger = createLogger('silent');
  const embedder = await loadEmbedder({ ...config.embedding, modelsDir: config.modelsDir });
  const engines: Engine[] = [];
  try {
    await build.buildIndex(config, logger, { embedder });
    const hybrid = await engineModule.createEngine({ config, logger, embedder, llm: null });
    engines.push(hybrid);
    const keyword = await engineModule.createEngine({ config, logger, embedder: null, llm: null });
    engines.push(keyword);
    const rows = [...(await askAll(keyword, 'keyword-only')), ...(await askAll(hybrid, 'hybrid (q8)'))];
    printTable(`Query latency per stage (engine.ask, extractive, e5-small-shaped q8) — ${note}`, rows);
    printTable(
      'Vector search: LanceDB vs brute force over the same vectors',
      await vectorAgreement(store, config.indexUri, embedder),
    );
  } finally {
    for (const e of engines) await e.close();
    await embedder.dispose();
    await cleanup();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await run();
