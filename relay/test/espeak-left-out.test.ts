import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assistantSettingsView, readyResponse } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { savePreferences } from './clients.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

// Issue 62: eSpeak NG, the offline Dutch voice, is GPL-3. An operator who ships no GPL code sets
// ESPEAK_NG=off: the relay then never loads it, still converses in Dutch (in text, and in a
// hosted voice where one is set up), and says plainly that no offline Dutch voice is there — at
// start in its log, in /ready, and in the settings the page shows.

const ADMIN = 'espeak-left-out-admin-token-0123456789';

interface Line {
  level: number;
  msg: string;
  code?: string;
}

describe('a relay with eSpeak NG left out (ESPEAK_NG=off)', () => {
  let relay: RelayProcess;
  let dataDir: string;
  const lines = () => relay.logLines<Line>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-espeak-off-'));
    relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      ADMIN_TOKEN: ADMIN,
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      ESPEAK_NG: 'off',
    });
    await relay.start();
  }, 60_000);
  afterAll(async () => {
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says at start, in /ready and in the settings that no offline voice speaks Dutch', async () => {
    const said = lines().filter((l) => l.code === 'voice-left-out');
    expect(said).toHaveLength(1);
    expect(said[0]?.level).toBe(40);
    expect(said[0]?.msg).toMatch(/ESPEAK_NG=off.*Dutch/);

    const ready = await fetch(`${relay.url}/ready`);
    expect(ready.status).toBe(200);
    const body = readyResponse.parse(await ready.json());
    expect(body.warnings).toEqual([
      expect.objectContaining({
        code: 'voice-left-out',
        stage: 'tts',
        provider: 'espeak-ng',
        servedBy: 'flite',
      }),
    ]);

    const settings = await fetch(`${relay.url}/api/admin/settings`, {
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
    expect(settings.status).toBe(200);
    const view = assistantSettingsView.parse(await settings.json());
    expect(view.warnings?.map((w) => w.code)).toEqual(['voice-left-out']);
    // Not offered where it cannot be loaded, and refused if saved all the same.
    expect(view.kinds.map((k) => k.kind)).not.toContain('espeak-ng');
    const saved = await fetch(`${relay.url}/api/admin/settings`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        chains: {
          asr: [{ id: 'embedded', kind: 'embedded' }],
          llm: [{ id: 'embedded', kind: 'embedded' }],
          tts: [{ id: 'espeak-ng', kind: 'espeak-ng' }],
        },
      }),
    });
    expect(saved.status).toBe(400);
  });

  it('answers a Dutch question in Dutch, never in an English voice', async () => {
    const prefs = await savePreferences(relay.url, { language: 'nl' });
    expect(prefs.status).toBe(200);
    const client = await TalkClient.connect(`${relay.url.replace('http', 'ws')}/ws`);
    try {
      client.send({ type: 'user.text', turnId: 1, text: 'hoe laat is het' });
      const turn = await client.waitForTurn(1);
      expect(turn.status).toBe('completed');
      expect(turn.replyText).toMatch(/\bHet is\b/);
      expect(turn.servedBy.tts).toBeUndefined();
      expect(turn.nonSilentSamples).toBe(0);
    } finally {
      client.close();
      await client.closed();
    }
    expect(relay.output).not.toMatch(/espeak-worker|espeak-ng-emscripten/);
  });
});
