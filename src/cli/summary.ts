/** `npm run summary -- [--json] "region"`: a cited summary of a region's initiatives. */
import { createEngine } from '../answer/engine.js';
import { loadConfig, secretsOf } from '../config.js';
import { createLogger } from '../logger.js';
import { parseCliArgs } from './args.js';
import { renderSummary } from './render.js';
import { runCli } from './run.js';

await runCli(async (argv) => {
  const args = parseCliArgs(argv);
  if (args.help || args.text.trim() === '') {
    (args.help ? process.stdout : process.stderr).write(
      'usage: npm run summary -- [--json] "region"   (any level, either script, pinyin or English name)\n',
    );
    return args.help ? 0 : 2;
  }
  const config = loadConfig();
  const engine = await createEngine({ config, logger: createLogger(config.logLevel, secretsOf(config)) });
  try {
    const result = await engine.summarize(args.text);
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderSummary(result)}\n`);
    return 0;
  } finally {
    await engine.close();
  }
});
