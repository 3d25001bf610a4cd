/**
 * A bot-like reader process for the object-storage test: opens the engine the way `src/main.ts`
 * does (config from the environment), then answers each stdin line with what it sees, as JSON.
 */
import { createInterface } from 'node:readline';
import { createEngine } from '../../src/answer/engine.js';
import { loadConfig } from '../../src/config.js';
import { indexExists } from '../../src/ingest/build.js';
import { createLogger } from '../../src/logger.js';

const config = loadConfig();
if (!(await indexExists(config))) throw new Error(`no index at ${config.indexUri}`);
const engine = await createEngine({ config, logger: createLogger('silent'), embedder: null, llm: null });
process.stdout.write(`${JSON.stringify({ ready: true, articles: (await engine.articles()).length })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const answer = await engine.ask(line);
  const articles = (await engine.articles()).length;
  process.stdout.write(`${JSON.stringify({ articles, cited: answer.citations.map((c) => c.articleId) })}\n`);
}
