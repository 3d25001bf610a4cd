/**
 * Pieces of the scale benchmark shared with its child processes: the questions, and a fast
 * stand-in embedder (character-bigram hashing, 384 dimensions) that gives every chunk a stored
 * synthetic vector, since the real model is absent here and embedding 100k+ chunks with the
 * e5-small-shaped model would take hours. Its vectors share structure the way text does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Embedder } from '../src/retrieval/embedder.js';
import { REPO_ROOT } from './lib.js';

export const HASH_MODEL = 'bench/char-bigram-hash-384';
const DIM = 384;

function hashVector(text: string): number[] {
  const v = new Float32Array(DIM);
  const chars = [...text.replace(/\s+/g, '')];
  for (let i = 0; i + 1 < chars.length; i++) {
    let h = 2166136261;
    for (const ch of chars[i]! + chars[i + 1]!) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    v[(h >>> 1) % DIM]! += h & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v) || 1;
  return Array.from(v, (x) => x / norm);
}

export function hashEmbedder(): Embedder {
  return {
    modelId: HASH_MODEL,
    dim: DIM,
    dtype: 'fp32',
    maxTokens: 510,
    embedPassages: async (texts, onProgress) => {
      const out = texts.map(hashVector);
      onProgress?.(texts.length, texts.length);
      return out;
    },
    embedQuery: async (text) => hashVector(text),
    countTokens: (text) => [...text].length,
    dispose: async () => undefined,
  };
}

/** The held-out questions in Chinese (fact and summary kinds), asked at every size. */
export function scaleQuestions(): string[] {
  return readFileSync(path.join(REPO_ROOT, 'test/fixtures/eval/heldout.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { question?: unknown; lang?: string })
    .flatMap((q) => (q.lang === 'zh-Hans' && typeof q.question === 'string' ? [q.question] : []));
}
