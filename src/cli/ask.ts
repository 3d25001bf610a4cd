/**
 * `npm run ask -- [--json] [--k N] "question"` and `npm run ask -- --json --stdin` (one question
 * per line → one JSON object per line, in order; the index and model are loaded once).
 */
import { StringDecoder } from 'node:string_decoder';
import { createEngine } from '../answer/engine.js';
import type { Engine } from '../answer/types.js';
import { loadConfig, secretsOf } from '../config.js';
import { createLogger } from '../logger.js';
import { normalizeQuestion } from '../text/normalize.js';
import { parseCliArgs } from './args.js';
import { renderAnswer } from './render.js';
import { runCli } from './run.js';

const USAGE = 'usage: npm run ask -- [--json] [--k N] "question"   |   npm run ask -- --json --stdin';
const PROBLEM = {
  empty: 'empty question',
  'too-long': 'question too long',
  binary: 'input is not text',
} as const;

/**
 * The lines of a stream, ended by \n or \r\n only. node's readline also ends a line at a lone \r,
 * which would split one question in two and put the outputs out of step with the input lines.
 */
async function* inputLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = function* (text: string) {
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield text.slice(start, text[end - 1] === '\r' ? end - 1 : end);
      start = end + 1;
    }
    pending = text.slice(start);
  };
  for await (const chunk of input)
    yield* take(pending + (typeof chunk === 'string' ? chunk : decoder.write(chunk)));
  pending += decoder.end();
  if (pending !== '') yield pending;
}

async function answerLine(
  engine: Engine,
  line: string,
  k: number | undefined,
  maxChars: number,
): Promise<object> {
  const input = normalizeQuestion(line, maxChars);
  if (!input.ok)
    return {
      question: line,
      error:
        input.reason === 'too-long'
          ? `${PROBLEM[input.reason]} (over ${maxChars} characters)`
          : PROBLEM[input.reason],
    };
  try {
    return await engine.ask(line, { k });
  } catch (err) {
    return { question: line, error: (err as Error).message };
  }
}

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!args.stdin && args.text.trim() === '') throw new Error(`no question given\n${USAGE}`);
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  const engine = await createEngine({ config, logger });
  try {
    if (args.stdin) {
      for await (const line of inputLines(process.stdin)) {
        const result = await answerLine(engine, line, args.k, config.maxQuestionChars);
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }
      return 0;
    }
    const result = await answerLine(engine, args.text, args.k, config.maxQuestionChars);
    if ('error' in result) {
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stderr.write(`error: ${(result as { error: string }).error}\n`);
      return 2;
    }
    const answer = result as Awaited<ReturnType<Engine['ask']>>;
    process.stdout.write(args.json ? `${JSON.stringify(answer, null, 2)}\n` : `${renderAnswer(answer)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
});
