import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProviderPlan } from '../../config/provider-config.ts';
import { EmbeddedEngines } from '../embedded-engines.ts';
import { POCKETSPHINX_ENGINE } from '../pocketsphinx/pocketsphinx-engine.ts';
import { MOONSHINE_ENGINE, readMoonshineSettings } from './moonshine-engine.ts';

describe('Moonshine’s settings (its MOONSHINE_* variables, read in its folder)', () => {
  it('default to one worker per core less one, 30 s of queued audio, onnxruntime-node', () => {
    expect(readMoonshineSettings({})).toEqual({
      workers: 0,
      maxQueuedAudioMs: 30_000,
      runtime: 'native',
    });
  });

  it('take its model folder and runtime, and refuse a bad one by name', () => {
    expect(
      readMoonshineSettings({ MOONSHINE_MODEL_DIR: '/srv/moonshine', MOONSHINE_RUNTIME: 'wasm' }),
    ).toMatchObject({ modelDir: '/srv/moonshine', runtime: 'wasm' });
    expect(() => readMoonshineSettings({ MOONSHINE_RUNTIME: 'gpu' })).toThrow(/MOONSHINE_RUNTIME/);
  });

  it('reach the engine the relay starts from its plan, PocketSphinx listening', async () => {
    // A folder without the model: its load fails at once, and the listener would write alone.
    const modelDir = mkdtempSync(join(tmpdir(), 'parley-no-model-'));
    const engines = new EmbeddedEngines(
      loadProviderPlan({
        MOONSHINE_WORKERS: '3',
        MOONSHINE_MODEL_DIR: modelDir,
        POCKETSPHINX_SPARES: '0',
      }),
    );
    try {
      const moonshine = engines.engine(MOONSHINE_ENGINE);
      expect(moonshine.poolStats().maxWorkers).toBe(3);
      // One engine per relay, shared by every chain that names it; its listener is the relay's.
      expect(engines.engine(MOONSHINE_ENGINE)).toBe(moonshine);
      expect(engines.owns(engines.engine(POCKETSPHINX_ENGINE))).toBe(true);
      expect(engines.owns(moonshine)).toBe(true);
      await engines.ready();
      expect(moonshine.warning()?.code).toBe('writer-unavailable');
    } finally {
      await engines.close();
      rmSync(modelDir, { recursive: true, force: true });
    }
  });
});
