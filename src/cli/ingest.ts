/**
 * `npm run ingest [-- --json]`: builds the index from the corpus folder and prints the data-quality
 * report (stdout); progress goes to stderr on a terminal, logs to stderr.
 */
import cliProgress from 'cli-progress';
import { loadConfig, secretsOf } from '../config.js';
import { buildIndex, formatReport, type BuildProgress } from '../ingest/build.js';
import { createLogger } from '../logger.js';
import { runCli } from './run.js';

await runCli(async (args) => {
  const json = args.includes('--json');
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  let bar: cliProgress.SingleBar | undefined;
  const onProgress = (p: BuildProgress) => {
    if (!process.stderr.isTTY || p.stage !== 'embed') return;
    if (!bar) {
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: 'embedding chunks [{bar}] {value}/{total} {percentage}% eta {eta}s',
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(p.total, 0);
    }
    bar.update(p.done);
  };
  try {
    const report = await buildIndex(config, logger, { onProgress });
    bar?.stop();
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  } finally {
    bar?.stop();
  }
});
