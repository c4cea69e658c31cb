import { z } from 'zod';
import { envNumber } from '../../../env/env-fields.ts';
import type { Env } from '../../../env/read-env.ts';
import { defineEngine, engineEnv } from '../../kinds/engine.ts';
import { POCKETSPHINX_ENGINE } from '../pocketsphinx/pocketsphinx-engine.ts';
import { MoonshineAsr } from './moonshine.ts';

const moonshineEnv = z.object({
  MOONSHINE_WORKERS: envNumber({
    default: 0,
    min: 0,
    max: 64,
    integer: true,
    meaning: 'Moonshine worker threads, 0 = one per core less one',
  }),
  MOONSHINE_MAX_QUEUED_AUDIO_S: envNumber({
    default: 30,
    min: 1,
    max: 600,
    meaning: 'seconds of one user’s speech waiting for a Moonshine worker at most',
  }),
  MOONSHINE_MODEL_DIR: z.string().optional(),
  MOONSHINE_RUNTIME: z.enum(['native', 'wasm']).default('native'),
});

/** Moonshine's worker threads, the audio one user may have waiting for them, its model. */
export interface MoonshineSettings {
  /** Worker threads, each with its own model (`MOONSHINE_WORKERS`); 0: one per core less one. */
  workers: number;
  /** Audio one user may have waiting for a worker (ms; `MOONSHINE_MAX_QUEUED_AUDIO_S`). */
  maxQueuedAudioMs: number;
  /** The folder of its model's files (`MOONSHINE_MODEL_DIR`); absent: the installed package's. */
  modelDir?: string;
  /**
   * The runtime that runs the model (`MOONSHINE_RUNTIME`): `native`, onnxruntime-node (where it
   * cannot load, WebAssembly, with a warning); `wasm`, onnxruntime-web's WebAssembly build.
   */
  runtime: 'native' | 'wasm';
}

/** Moonshine's settings from its `MOONSHINE_*` variables; throws naming each bad one. */
export function readMoonshineSettings(env: Env): MoonshineSettings {
  const e = engineEnv(moonshineEnv, env);
  return {
    workers: e.MOONSHINE_WORKERS,
    maxQueuedAudioMs: Math.round(e.MOONSHINE_MAX_QUEUED_AUDIO_S * 1000),
    ...(e.MOONSHINE_MODEL_DIR === undefined ? {} : { modelDir: e.MOONSHINE_MODEL_DIR }),
    runtime: e.MOONSHINE_RUNTIME,
  };
}

/**
 * Moonshine with PocketSphinx listening (see ListenedStream), its model loaded on first use. A
 * reading an answer waits on waits for a worker at most half the final's deadline: then the
 * listener's words stand in, well before the deadline would count against Moonshine.
 */
export const MOONSHINE_ENGINE = defineEngine({
  name: 'moonshine',
  settings: readMoonshineSettings,
  start: (settings, host) => {
    const finalMs = host.plan.timeouts?.asrFinalMs;
    return new MoonshineAsr({
      ...settings,
      ...(finalMs === undefined ? {} : { maxFinalWaitMs: finalMs / 2 }),
      listener: host.engine(POCKETSPHINX_ENGINE),
    });
  },
  warm: (moonshine) => moonshine.ready().catch(() => undefined),
});
