import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import llamaTokenizer from 'llama-tokenizer-js';
import * as ort from 'onnxruntime-web';

/**
 * Moonshine tiny (English, MIT; Useful Sensors), the offline recogniser that writes the words by
 * default because it writes human voices far better than PocketSphinx: it learnt from people's
 * speech. It is no better on Flite's synthetic voices, which the end of the turn was tuned on, so
 * PocketSphinx still listens (`pnpm bench:recognition`; bench/results/recognition.md). Its
 * weights ship inside the npm package `@moonshine-ai/moonshine-js`
 * (pinned: the only version with them), run by onnxruntime-node (its CPU binaries ship inside
 * the npm package; nothing is downloaded) or, where that cannot load, onnxruntime-web's
 * WebAssembly build (see {@link loadMoonshineRuntime}); the tokens are Llama's, decoded by
 * `llama-tokenizer-js` as the package does. Not a streaming model: each call reads the audio
 * whole (encoder once, then greedy decoding with the decoder's key/value cache).
 */

/** The decoder's shape (tiny's config): layers, key/value heads, head size. */
const LAYERS = 6;
const KV_HEADS = 8;
const HEAD_DIM = 36;
const START_TOKEN = 1;
const END_TOKEN = 2;
/** Ids the tokenizer knows: the model's vocabulary is padded past them. */
const TOKENIZER_VOCAB = 32_000;
/** Tokens generated per second of audio at most (as the package caps it: no endless loop). */
const TOKENS_PER_SECOND = 6;
/** The model's sample rate (Hz). */
export const MOONSHINE_RATE_HZ = 16_000;

/** The model's two files, in its folder. */
const ENCODER = 'encoder_model.onnx';
const DECODER = 'decoder_model_merged.onnx';
const MODEL_FILES = [ENCODER, DECODER] as const;

/** The quantized tiny model's folder in the installed package. */
export function moonshineModelDir(): string {
  // Looked up as Node looks a package up: it exports its browser bundle alone (to `import`), so
  // neither require.resolve nor (in a worker started through tsx's CommonJS loader)
  // import.meta.resolve reaches its files.
  const name = '@moonshine-ai/moonshine-js';
  const paths = createRequire(import.meta.url).resolve.paths(name) ?? [];
  const root = paths.map((p) => join(p, name)).find((p) => existsSync(join(p, 'package.json')));
  if (root === undefined) throw new Error(`${name} is not installed`);
  return join(root, 'dist', 'model', 'tiny', 'quantized');
}

type Feeds = Record<string, ort.Tensor>;

/**
 * The ONNX runtime the model runs on: onnxruntime-node or onnxruntime-web's WebAssembly build
 * (same API; bench/recognition/moonshine-cost.ts measures one against the other).
 */
export type MoonshineRuntime = Pick<typeof ort, 'Tensor' | 'InferenceSession' | 'env'>;

/**
 * Which runtime runs the model (`MOONSHINE_RUNTIME`): `native`, onnxruntime-node (its native
 * CPU build: a reading costs less of a core than WebAssembly's, issue 61 item 2, figures in
 * bench/results/moonshine-cost.md); `wasm`, onnxruntime-web's WebAssembly build.
 */
export type MoonshineRuntimeName = 'native' | 'wasm';

/** A runtime loaded: which one, and why the one asked for could not be (it fell back). */
export interface LoadedRuntime {
  name: MoonshineRuntimeName;
  runtime: MoonshineRuntime;
  /** Why onnxruntime-node could not be loaded, where it was asked for (WebAssembly runs). */
  nativeError?: string;
}

/**
 * The runtime named, loaded: onnxruntime-node unless `wasm` is asked; where its binding cannot
 * load (a platform its package ships no binary for), onnxruntime-web's WebAssembly build, with
 * the reason (the caller says so: nothing falls back silently).
 */
export async function loadMoonshineRuntime(
  name: MoonshineRuntimeName = 'native',
): Promise<LoadedRuntime> {
  if (name === 'wasm') return { name, runtime: ort };
  try {
    const native: MoonshineRuntime = await import('onnxruntime-node');
    return { name, runtime: native };
  } catch (error) {
    const nativeError = error instanceof Error ? error.message : String(error);
    return { name: 'wasm', runtime: ort, nativeError };
  }
}

/** An empty key/value cache, as the decoder takes before its first step. */
function emptyCache(rt: MoonshineRuntime): Feeds {
  const past: Feeds = {};
  for (let i = 0; i < LAYERS; i++)
    for (const side of ['decoder', 'encoder'])
      for (const kv of ['key', 'value'])
        past[`past_key_values.${i}.${side}.${kv}`] = new rt.Tensor('float32', new Float32Array(0), [
          0,
          KV_HEADS,
          1,
          HEAD_DIM,
        ]);
  return past;
}

/** The index of the largest of the last `width` values of `logits`. */
function lastArgmax(logits: Float32Array, width: number): number {
  const base = logits.length - width;
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < width; k++) {
    const v = logits[base + k] ?? -Infinity;
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/**
 * The loaded model: its two sessions, run one call at a time (the runtime is single-threaded
 * here; calls queue in order). Load once, share among every conversation.
 */
export class MoonshineModel {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly rt: MoonshineRuntime,
    private readonly encoder: ort.InferenceSession,
    private readonly decoder: ort.InferenceSession,
  ) {}

  /**
   * @param dir the model's folder (`MOONSHINE_MODEL_DIR`); absent: the npm package's
   * @param runtime onnxruntime-web's WebAssembly build unless another is given (one thread;
   *   see {@link loadMoonshineRuntime})
   */
  static async load(
    dir = moonshineModelDir(),
    runtime: MoonshineRuntime = ort,
  ): Promise<MoonshineModel> {
    const missing = MODEL_FILES.filter((f) => !existsSync(join(dir, f)));
    if (missing.length > 0) throw new Error(`${dir} has no ${missing.join(' nor ')}`);
    const web = runtime === ort;
    if (web) ort.env.wasm.numThreads = 1;
    runtime.env.logLevel = 'error';
    const options: ort.InferenceSession.SessionOptions = web
      ? { executionProviders: ['wasm'] }
      : { intraOpNumThreads: 1, interOpNumThreads: 1 };
    const [encoder, decoder] = await Promise.all([
      runtime.InferenceSession.create(join(dir, ENCODER), options),
      runtime.InferenceSession.create(join(dir, DECODER), options),
    ]);
    return new MoonshineModel(runtime, encoder, decoder);
  }

  /**
   * The text of `audio` (mono, 16 kHz, in [-1, 1]), trimmed: casing and punctuation as the model
   * writes them ("What time is it?"), empty for silence. Runs after the calls before it.
   */
  transcribe(audio: Float32Array): Promise<string> {
    const run = this.queue.then(() => this.generate(audio));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async generate(audio: Float32Array): Promise<string> {
    if (audio.length < MOONSHINE_RATE_HZ / 10) return '';
    const { Tensor } = this.rt;
    const input = new Tensor('float32', audio, [1, audio.length]);
    const encoded = await this.encoder.run({ input_values: input });
    const hidden = encoded['last_hidden_state'];
    if (hidden === undefined) throw new Error('moonshine: the encoder gave no hidden state');
    const maxTokens = Math.max(
      8,
      Math.trunc((audio.length / MOONSHINE_RATE_HZ) * TOKENS_PER_SECOND),
    );
    const past = emptyCache(this.rt);
    const tokens: number[] = [];
    let ids = [BigInt(START_TOKEN)];
    for (let step = 0; step < maxTokens; step++) {
      const out = await this.decoder.run({
        input_ids: new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
        encoder_hidden_states: hidden,
        use_cache_branch: new Tensor('bool', [step > 0], [1]),
        ...past,
      });
      const logits = out['logits'];
      if (logits === undefined) throw new Error('moonshine: the decoder gave no logits');
      const token = lastArgmax(logits.data as Float32Array, logits.dims[2] ?? 0);
      if (token === END_TOKEN) break;
      tokens.push(token);
      ids = [BigInt(token)];
      for (const [name, value] of Object.entries(out)) {
        if (!name.startsWith('present.')) continue;
        const key = name.replace('present.', 'past_key_values.');
        // The encoder's cache is made once, at the first step; the decoder's grows each step.
        if (step === 0 || key.includes('.decoder.')) past[key] = value;
      }
    }
    return llamaTokenizer.decode(tokens.filter((t) => t < TOKENIZER_VOCAB)).trim();
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.allSettled([this.encoder.release(), this.decoder.release()]);
  }
}
