/**
 * `npm run bench [-- name ... [sizes and --flags]]`: runs every `bench/*.bench.ts` but `scale` (or the named ones) one after the
 * other, each in its own process so one benchmark's sessions and threads never skew the next.
 * Tables go to stdout; exits non-zero when a benchmark failed or a name is unknown.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const SUFFIX = '.bench.ts';
/** Run only when named (`npm run bench -- scale`): they take tens of minutes. */
const OPT_IN = ['scale'];

/** Benchmark files to run, in name order; names may be given as `ingest`, `ingest.bench.ts` or a path. */
export async function selectBenchmarks(names: string[]): Promise<string[]> {
  const available = (await fs.readdir(BENCH_DIR)).filter((f) => f.endsWith(SUFFIX)).sort();
  if (names.length === 0)
    return available
      .filter((f) => !OPT_IN.includes(f.replace(SUFFIX, '')))
      .map((f) => path.join(BENCH_DIR, f));
  return names.map((name) => {
    const base = path.basename(name).replace(/\.bench\.ts$/, '');
    const file = `${base}${SUFFIX}`;
    if (!available.includes(file))
      throw new Error(
        `unknown benchmark ${JSON.stringify(name.slice(0, 60))}; available: ${available.map((f) => f.replace(SUFFIX, '')).join(', ')}`,
      );
    return path.join(BENCH_DIR, file);
  });
}

/** Arguments for the benchmarks themselves: numbers and `--flags` (`npm run bench -- scale 5700 --builds-only`). */
const isBenchArgument = (a: string) => /^\d+$/.test(a) || (a.startsWith('--') && a !== '--');

function runOne(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit' });
    child.on('error', (err) => {
      process.stderr.write(`cannot start ${file}: ${err.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<void> {
  let files: string[];
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const args = argv.filter(isBenchArgument);
  try {
    files = await selectBenchmarks(argv.filter((a) => !isBenchArgument(a)));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const failed: string[] = [];
  for (const file of files) {
    const name = path.basename(file, SUFFIX);
    process.stderr.write(`running ${name} benchmark…\n`);
    const started = performance.now();
    const code = await runOne(file, args);
    process.stderr.write(
      `${name}: ${code === 0 ? 'done' : `failed (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    if (code !== 0) failed.push(name);
  }
  if (failed.length > 0) {
    process.stderr.write(`failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

await main();
