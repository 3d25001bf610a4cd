/**
 * Sentence embeddings with Transformers.js (feature-extraction pipeline, mean pooling, L2 norm).
 *
 * Models resolve from `modelsDir` first (Transformers.js `env.localModelPath`), then from the Hugging
 * Face hub only when `allowRemote` is set; downloads land in `modelsDir` in the same layout, so the
 * next start finds them locally. Absolute and `./` paths are used as they are.
 *
 * e5 prefixes ('query: ', 'passage: ') are always added: the default model (multilingual-e5-small) is
 * trained with them and the generated test models are e5-shaped, so one code path serves both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';

export type EmbeddingDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

export interface EmbedderOptions {
  /** Hub id (`org/name`, looked up under `modelsDir` first) or a path to a model folder. */
  model: string;
  dtype: EmbeddingDtype;
  modelsDir: string;
  allowRemote: boolean;
  batchSize: number;
  /**
   * How long a hub download may go without progress before loading gives up (default 30 s). Offline,
   * name resolution fails within milliseconds; this bounds a network that silently drops packets.
   */
  stallTimeoutMs?: number;
}

export interface Embedder {
  modelId: string;
  dim: number;
  dtype: string;
  /** Token budget of one passage's text: model window minus the 'passage: ' prefix and special tokens. */
  maxTokens: number;
  /** e5 'passage: ' prefix, mean pooling, L2-normalised; batched by batchSize. */
  embedPassages(texts: string[], onProgress?: (done: number, total: number) => void): Promise<number[][]>;
  /** e5 'query: ' prefix. */
  embedQuery(text: string): Promise<number[]>;
  /** Number of model tokens of a text, without prefix or special tokens (used to size chunks). */
  countTokens(text: string): number;
  dispose(): Promise<void>;
}

/** Where the model was looked for, so the message can say how to supply it. */
export interface EmbedderUnavailableDetails {
  model: string;
  dtype: EmbeddingDtype;
  /** The folder the model was (or would be) read from. */
  localDir: string;
  allowRemote: boolean;
  /** Dtypes whose ONNX files exist in `localDir`. */
  availableDtypes: EmbeddingDtype[];
  reason: string;
}

/** The embedding model cannot be had: not local, hub not allowed or unreachable, or its files unusable. */
export class EmbedderUnavailableError extends Error {
  override name = 'EmbedderUnavailableError';
  readonly model: string;
  readonly localDir: string;
  readonly allowRemote: boolean;

  constructor(details: EmbedderUnavailableDetails, options?: { cause?: unknown }) {
    super(describeUnavailable(details), options);
    this.model = details.model;
    this.localDir = details.localDir;
    this.allowRemote = details.allowRemote;
  }
}

const PASSAGE_PREFIX = 'passage: ';
const QUERY_PREFIX = 'query: ';
const DTYPE_SUFFIX: Record<EmbeddingDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  bnb4: '_bnb4',
  q4f16: '_q4f16',
};
const DEFAULT_MODEL = 'Xenova/multilingual-e5-small';
const REQUIRED_JSON = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const DEFAULT_STALL_TIMEOUT_MS = 30_000;
/**
 * Texts are cut to this many characters per window token before tokenizing: every token covers at
 * least one character, so the model sees the same tokens, and a megabyte of input costs nothing.
 */
const CHARS_PER_TOKEN_CAP = 32;

const onnxFile = (dtype: EmbeddingDtype) => `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`;

function describeUnavailable(d: EmbedderUnavailableDetails): string {
  const lines = [`Embedding model "${d.model}" (dtype ${d.dtype}) is not available: ${d.reason}.`];
  lines.push(
    `Looked in ${d.localDir}; Hugging Face hub ${d.allowRemote ? 'allowed (ALLOW_REMOTE_MODELS=true)' : 'not allowed (ALLOW_REMOTE_MODELS=false)'}.`,
  );
  if (d.availableDtypes.length > 0 && !d.availableDtypes.includes(d.dtype))
    lines.push(
      `That folder has ${d.availableDtypes.map((t) => `${t} (${onnxFile(t)})`).join(', ')}: set EMBEDDING_DTYPE=${d.availableDtypes[0]} or add ${onnxFile(d.dtype)}.`,
    );
  const example =
    d.model === DEFAULT_MODEL
      ? ''
      : ` (for the default model: the files of ${DEFAULT_MODEL} under <MODELS_DIR>/${DEFAULT_MODEL}/ with onnx/model_quantized.onnx)`;
  const remote = d.allowRemote
    ? ', or check the network connection to huggingface.co.'
    : ', or set ALLOW_REMOTE_MODELS=true on a machine that can reach huggingface.co.';
  lines.push(
    `To supply it: place ${[...REQUIRED_JSON, onnxFile(d.dtype)].join(', ')} under ${d.localDir}/${example}${remote}`,
  );
  return lines.join(' ');
}

/** The error's message plus its cause's code (fetch hides ENOTFOUND and ECONNREFUSED there). */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${err.message}: ${code}` : err.message;
}

function isPathLike(model: string): boolean {
  return path.isAbsolute(model) || /^\.\.?([/\\]|$)/.test(model);
}

function availableDtypes(dir: string): EmbeddingDtype[] {
  return (Object.keys(DTYPE_SUFFIX) as EmbeddingDtype[]).filter((t) =>
    fs.existsSync(path.join(dir, onnxFile(t))),
  );
}

function missingFiles(dir: string, dtype: EmbeddingDtype): string[] {
  return [...REQUIRED_JSON, onnxFile(dtype)].filter((f) => !fs.existsSync(path.join(dir, f)));
}

function validateOptions(o: EmbedderOptions): void {
  if (o.model.trim() === '' || o.model.includes('\0'))
    throw new TypeError(
      `Embedding model must be a non-empty model id or path, got ${JSON.stringify(o.model)}`,
    );
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new TypeError(`Embedding batchSize must be a positive integer, got ${String(o.batchSize)}`);
  if (o.modelsDir === '') throw new TypeError('modelsDir must be a folder path');
  if (o.stallTimeoutMs !== undefined && !(Number.isFinite(o.stallTimeoutMs) && o.stallTimeoutMs > 0))
    throw new TypeError(
      `stallTimeoutMs must be a positive number of milliseconds, got ${String(o.stallTimeoutMs)}`,
    );
}

/**
 * Rejects when `work` reports no progress (`touch`) for `ms`. A load that completes after giving up
 * is handed to `onLate`, so its session does not leak.
 */
function withStallTimeout<T>(
  work: (touch: () => void) => Promise<T>,
  ms: number,
  onStall: () => Error,
  onLate: (value: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let gaveUp = false;
    const touch = () => {
      if (gaveUp) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        gaveUp = true;
        reject(onStall());
      }, ms);
      // A hung socket must not keep a CLI alive once it has given up.
      timer.unref();
    };
    touch();
    work(touch).then(
      (v) => {
        clearTimeout(timer);
        if (gaveUp) onLate(v);
        else resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Serialises model calls: parallel ONNX runs only fight over the same cores. */
function createQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>) => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Loads the embedding model. Throws `EmbedderUnavailableError` when the model cannot be had (missing
 * locally with the hub not allowed, hub unreachable, requested dtype file absent, unusable files).
 */
export async function loadEmbedder(options: EmbedderOptions): Promise<Embedder> {
  validateOptions(options);
  const { model, dtype, allowRemote, batchSize } = options;
  const modelsDir = path.resolve(options.modelsDir);
  const pathLike = isPathLike(model);
  if (!pathLike && (!/^[\w.-]+(\/[\w.-]+)?$/.test(model) || model.includes('..')))
    throw new EmbedderUnavailableError({
      model,
      dtype,
      localDir: modelsDir,
      allowRemote,
      availableDtypes: [],
      reason: 'the name is neither a hub id (org/name) nor a path (absolute or starting with ./)',
    });
  const localDir = pathLike ? path.resolve(model) : path.join(modelsDir, model);
  const details = (reason: string): EmbedderUnavailableDetails => ({
    model,
    dtype,
    localDir,
    allowRemote,
    availableDtypes: availableDtypes(localDir),
    reason,
  });

  const missing = missingFiles(localDir, dtype);
  const isLocal = missing.length === 0;
  if (!isLocal && (pathLike || !allowRemote)) {
    const reason = fs.existsSync(localDir)
      ? `the folder lacks ${missing.join(', ')}`
      : `no such folder${pathLike ? '' : ' under MODELS_DIR'}`;
    throw new EmbedderUnavailableError(details(reason));
  }

  // Transformers.js reads these globals at load time only; every load sets all of them.
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
  env.allowRemoteModels = allowRemote && !isLocal;
  env.useFSCache = true;
  env.cacheDir = modelsDir;

  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  let extractor: FeatureExtractionPipeline;
  try {
    const load = (touch: () => void) =>
      pipeline('feature-extraction', pathLike ? localDir : model, {
        dtype,
        progress_callback: () => touch(),
        session_options: { logSeverityLevel: 3 },
      }) as Promise<FeatureExtractionPipeline>;
    extractor = isLocal
      ? await load(() => undefined)
      : await withStallTimeout(
          load,
          stallMs,
          () => new EmbedderUnavailableError(details(`no progress from the hub for ${stallMs} ms`)),
          (late) => void late.dispose().catch(() => undefined),
        );
  } catch (err) {
    if (err instanceof EmbedderUnavailableError) throw err;
    const message = errorText(err);
    const reason = isLocal ? `its files could not be loaded (${message})` : `download failed (${message})`;
    throw new EmbedderUnavailableError(details(reason), { cause: err });
  }

  const tokenizer = extractor.tokenizer;
  const config = extractor.model.config as unknown as { max_position_embeddings?: number };
  const window = Math.min(
    tokenizer.model_max_length ?? Infinity,
    config.max_position_embeddings ?? Infinity,
    8192,
  );
  const countTokens = (text: string): number => {
    return tokenizer.encode(text, { add_special_tokens: false }).length;
  };
  const maxChars = (Number.isFinite(window) ? window : 512) * CHARS_PER_TOKEN_CAP;
  const enqueue = createQueue();
  let disposed = false;

  /** One forward pass; rows come back in input order. */
  const runBatch = async (texts: string[]): Promise<number[][]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dim] = output.dims as [number, number];
    const data = output.data as Float32Array;
    const vectors: number[][] = [];
    for (let r = 0; r < rows; r++) vectors.push(Array.from(data.subarray(r * dim, (r + 1) * dim)));
    output.dispose();
    return vectors;
  };

  const embedAll = async (
    texts: string[],
    prefix: string,
    onProgress?: (done: number, total: number) => void,
  ) => {
    if (disposed) throw new Error('Embedder has been disposed');
    const prepared = texts.map((t) => prefix + (t.length > maxChars ? t.slice(0, maxChars) : t));
    // Batches of similar length waste little on padding; fp32 results do not depend on batch mates.
    const order = prepared.map((_, i) => i).sort((a, b) => prepared[a]!.length - prepared[b]!.length);
    const result: number[][] = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += batchSize) {
      const ids = order.slice(start, start + batchSize);
      const vectors = await enqueue(() => runBatch(ids.map((i) => prepared[i]!)));
      ids.forEach((id, k) => (result[id] = vectors[k]!));
      onProgress?.(Math.min(start + batchSize, texts.length), texts.length);
    }
    return result;
  };

  let dim: number;
  try {
    // The first run also pays onnxruntime's warm-up, so later timings are steady.
    dim = (await embedAll([''], QUERY_PREFIX))[0]!.length;
  } catch (err) {
    await extractor.dispose().catch(() => undefined);
    throw new EmbedderUnavailableError(details(`the model loaded but failed to run (${errorText(err)})`), {
      cause: err,
    });
  }

  return {
    modelId: model,
    dim,
    dtype,
    maxTokens: Math.max(1, (Number.isFinite(window) ? window : 512) - 2 - countTokens(PASSAGE_PREFIX)),
    embedPassages(texts, onProgress) {
      return embedAll(texts, PASSAGE_PREFIX, onProgress);
    },
    async embedQuery(text) {
      return (await embedAll([text], QUERY_PREFIX))[0]!;
    },
    countTokens,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await enqueue(() => extractor.dispose());
    },
  };
}
