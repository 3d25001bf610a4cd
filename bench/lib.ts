/**
 * Shared by the benchmarks: percentiles, a plain-text table printer, the generated e5-small-shaped
 * model (made on demand under bench/models/, gitignored) and a silent configuration.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfig, type Config } from '../src/config.js';
import { generateModel, generatorKey, type ModelSize } from '../test/fixtures/make-model.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS_DIR = path.join(REPO_ROOT, 'corpus');
export const BENCH_MODELS_DIR = path.join(REPO_ROOT, 'bench', 'models');

/** Percentile `p` (0–100) by linear interpolation between closest ranks; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export type Cell = string | number;

/** Formats a number for a table: integers as they are, others with sensible precision. */
export function formatCell(value: Cell): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100
    ? value.toFixed(0)
    : Math.abs(value) >= 10
      ? value.toFixed(1)
      : value.toFixed(2);
}

/** Prints rows (objects sharing keys) as an aligned table on stdout, under a title. */
export function printTable(title: string, rows: Record<string, Cell>[]): void {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => formatCell(r[c] ?? '')));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFDC]/u.test(ch) ? 2 : 1), 0);
  const widths = columns.map((c, i) => Math.max(width(c), ...cells.map((row) => width(row[i]!))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(s));
    // Numbers right-aligned, text left-aligned.
    return /^-?[\d.,]+%?$/.test(s) ? fill + s : s + fill;
  };
  const line = (values: string[]) => `| ${values.map(pad).join(' | ')} |`;
  const out = [`\n## ${title}`, line(columns), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`];
  for (const row of cells) out.push(line(row));
  process.stdout.write(out.join('\n') + '\n');
}

/** Milliseconds taken by `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/**
 * Path of a generated model (fp32 and q8) under bench/models/, made when missing or when the
 * generator or corpus changed since (a key file records what it was made from).
 */
export async function ensureBenchModel(size: ModelSize = 'e5-small'): Promise<string> {
  const dir = path.join(BENCH_MODELS_DIR, size);
  const keyFile = path.join(dir, '.generator-key');
  const key = await generatorKey();
  const current = await fs.readFile(keyFile, 'utf8').catch(() => '');
  if (current.trim() !== key) {
    const started = performance.now();
    const staging = `${dir}.staging-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    try {
      await generateModel({ size, outDir: staging, quantized: true });
      await fs.writeFile(path.join(staging, '.generator-key'), key);
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rename(staging, dir);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
    process.stderr.write(
      `generated ${size} model in ${dir} (${Math.round(performance.now() - started)} ms)\n`,
    );
  }
  return dir;
}

/** A temporary folder for an index, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Configuration for a benchmark run: silent logs, no hub, the given model and index folder. */
export function benchConfig(indexDir: string, overrides: Record<string, string> = {}): Config {
  return createConfig(
    {
      CORPUS_DIR,
      INDEX_URI: indexDir,
      MODELS_DIR: BENCH_MODELS_DIR,
      ALLOW_REMOTE_MODELS: 'false',
      EMBEDDINGS: 'required',
      LLM_PROVIDER: 'none',
      LOG_LEVEL: 'silent',
      ...overrides,
    },
    REPO_ROOT,
  );
}

/** One-line note on the machine state, printed with each table: other work skews the figures. */
export function machineNote(): string {
  const [one] = os.loadavg();
  return `${os.cpus().length} cores, load average ${one!.toFixed(2)} at start; expect ±15% run-to-run noise`;
}
