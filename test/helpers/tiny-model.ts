/**
 * The generated tiny BERT model, shared by every test file. Test files run in separate processes, so
 * the model is cached in `os.tmpdir()` under a hash of the generator's source and the corpus: a change
 * to either makes a fresh folder, and concurrent processes publish theirs with an atomic rename.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateModel, generatorKey } from '../fixtures/make-model.js';

const REQUIRED_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
];

let pending: Promise<string> | undefined;

async function isComplete(dir: string): Promise<boolean> {
  try {
    await Promise.all(REQUIRED_FILES.map((f) => fs.access(path.join(dir, f))));
    return true;
  } catch {
    return false;
  }
}

async function create(): Promise<string> {
  const dir = path.join(os.tmpdir(), `tiny-bert-${await generatorKey()}`);
  if (await isComplete(dir)) return dir;
  const staging = `${dir}.staging-${process.pid}-${randomUUID()}`;
  try {
    await generateModel({ size: 'tiny', outDir: staging, quantized: true });
    try {
      await fs.rename(staging, dir);
    } catch (err) {
      // Another process published first (ENOTEMPTY/EEXIST): theirs is identical, keep it.
      if (!(await isComplete(dir))) throw err;
    }
    return dir;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/**
 * Absolute path of the generated tiny model (fp32 `onnx/model.onnx` and q8 `onnx/model_quantized.onnx`),
 * usable as the embedding model id. Generated once per content hash, reused across processes.
 */
export function tinyModelDir(): Promise<string> {
  pending ??= create().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
