import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantSettingsView, healthResponse, pcm16ToFloat, readyResponse } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { UtteranceStreamer } from '../src/talk/stream.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { freePort, RelayProcess, SHIPPED_RECOGNISER, TEST_RELAY_ENV } from './relay-process.ts';

/**
 * Issue 61: Moonshine writes by default, and a relay that cannot load its model refuses nothing
 * silently — it starts, says why in its log, warns on `/ready` (still ready) and in the
 * settings, and PocketSphinx writes the words alone. The model's folder is the operator's
 * setting (`MOONSHINE_MODEL_DIR`), here an empty one.
 */

const ADMIN = 'moonshine-fallback-admin-token-5c1e9a07';

describe('a relay whose Moonshine model cannot be loaded', () => {
  let relay: RelayProcess;
  let dataDir: string;
  let modelDir: string;
  /** What it logged until it first answered `/health`. */
  let startLog = '';
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-moonshine-fallback-'));
    modelDir = mkdtempSync(join(tmpdir(), 'parley-no-model-'));
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      // The shipped default: Moonshine writes, PocketSphinx listens.
      ...SHIPPED_RECOGNISER,
      MOONSHINE_MODEL_DIR: modelDir,
      DATA_DIR: dataDir,
      ADMIN_TOKEN: ADMIN,
    });
    await relay.start();
    startLog = relay.output;
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(modelDir, { recursive: true, force: true });
  });

  it('starts, says why in its log, and warns on /ready and in the settings, ready still', async () => {
    // Said once, at the start (the model is loaded before the relay listens), with the folder.
    const said = startLog
      .split('\n')
      .filter((line) => line.includes('Moonshine’s model could not be loaded'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(modelDir);
    expect(said[0]).toContain('PocketSphinx writes the words alone');

    const health = healthResponse.parse(await (await fetch(`${relay.url}/health`)).json());
    expect(health.providers.asr).toBe('moonshine');

    const res = await fetch(`${relay.url}/ready`);
    const ready = readyResponse.parse(await res.json());
    expect(res.status).toBe(200);
    expect(ready.ready).toBe(true);
    expect(ready.stages.asr.providers).toEqual(['moonshine', 'pocketsphinx']);
    expect(ready.warnings).toEqual([
      expect.objectContaining({
        code: 'writer-unavailable',
        stage: 'asr',
        provider: 'moonshine',
        servedBy: 'pocketsphinx',
      }),
    ]);
    // /ready answers anyone: no folder named there.
    expect(JSON.stringify(ready)).not.toContain(modelDir);

    const settings = await fetch(`${relay.url}/api/admin/settings`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    const view = assistantSettingsView.parse(await settings.json());
    expect(view.chains.asr.map((e) => e.kind)).toEqual(['moonshine', 'embedded']);
    expect(view.warnings).toEqual(ready.warnings);
  });

  it('writes what is said with PocketSphinx alone', async () => {
    const client = await TalkClient.connect(relay.wsUrl, { timeZone: 'UTC' });
    try {
      const { samples } = await synthesizeSpeech('What time is it?', {
        leadingSilenceMs: 400,
        trailingSilenceMs: 900,
      });
      const [turn, ...extra] = await new UtteranceStreamer(client).stream(pcm16ToFloat(samples), {
        speed: 4,
      });
      expect(extra).toEqual([]);
      expect(turn?.status).toBe('completed');
      // PocketSphinx's writing: lower case, no punctuation (Moonshine's would be "What time is it?").
      expect(turn?.transcript).toBe('what time is it');
      expect(turn?.reply).toMatch(/^It's \d{1,2}:\d{2} [AP]M\.$/);
    } finally {
      client.close();
    }
  }, 60_000);
});
