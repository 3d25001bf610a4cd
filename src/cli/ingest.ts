/**
 * `npm run ingest [-- --json]`: builds the index from the corpus folder and prints the data-quality
 * report (stdout); progress goes to stderr on a terminal, logs to stderr.
 */
import cliProgress from 'cli-progress';
import { loadConfig, secretsOf } from '../config.js';
import { buildIndex, formatReport, type BuildProgress } from '../ingest/build.js';
import { createLogger } from '../logger.js';
import { BuildStalledError } from '../store/stall.js';
import { runCli } from './run.js';

await runCli(async (args) => {
  const json = args.includes('--json');
  const config = loadConfig();
  const logger = createLogger(config.logLevel, secretsOf(config));
  let bar: cliProgress.SingleBar | undefined;
  const onProgress = (p: BuildProgress) => {
    if (!process.stderr.isTTY) return;
    if (p.stage === 'write' && p.done === 0) process.stderr.write('writing the index…\n');
    if (p.stage !== 'embed') return;
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
    const report = await buildIndex(config, logger, { onProgress }).catch((err: unknown) => {
      if (!(err instanceof BuildStalledError)) throw err;
      // The stalled native call cannot be cancelled and may keep the process alive: leave now.
      bar?.stop();
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    });
    bar?.stop();
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  } finally {
    bar?.stop();
  }
});
