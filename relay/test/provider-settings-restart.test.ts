import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssistantSettingsView } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { startFakeOpenAi } from './fakes/openai-server.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

// Issue 24: provider settings saved from the app outlive the relay process, their key with them
// (sealed with the key a dev-mode relay generates), and no log line ever holds that key.

const KEY = 'sk-restart-0123456789-SECRET';

describe('provider settings across a restart', () => {
  it('come back with the relay (same DATA_DIR), key included, and never reach its logs', async () => {
    const server = await startFakeOpenAi({ apiKey: KEY });
    const dir = mkdtempSync(join(tmpdir(), 'parley-settings-restart-'));
    const env = { ...TEST_RELAY_ENV, DATA_DIR: dir, LOG_LEVEL: 'debug' };
    const port = await freePort();
    let relay = new RelayProcess(port, env);
    const ask = async (text: string) => {
      const client = await TalkClient.connect(relay.wsUrl);
      client.send({ type: 'user.text', turnId: 1, text, speak: false });
      const turn = await client.waitForTurn(1);
      client.close();
      return turn.replyText;
    };
    try {
      await relay.start();
      const saved = await fetch(`${relay.url}/api/admin/settings`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          chains: {
            asr: [{ id: 'embedded', kind: 'embedded' }],
            llm: [
              {
                id: 'local',
                kind: 'openai-compatible',
                baseUrl: server.baseUrl,
                model: 'fake-model',
                apiKey: KEY,
              },
            ],
            tts: [{ id: 'embedded', kind: 'embedded' }],
          },
        }),
      });
      expect(saved.status).toBe(200);
      const before = ((await saved.json()) as AssistantSettingsView).updatedAt;
      expect(await ask('first')).toBe('You said: first. Anything else?');
      // Dev mode without SETTINGS_KEY: a key of its own, readable by the relay's user only.
      expect(relay.output).toContain('generated a key for the API keys saved from the app');
      expect(statSync(join(dir, 'settings.key')).mode & 0o777).toBe(0o600);
      await relay.stop();
      const first = relay.output;

      relay = new RelayProcess(port, env);
      await relay.start();
      const view = (await (
        await fetch(`${relay.url}/api/admin/settings`)
      ).json()) as AssistantSettingsView;
      expect(view.updatedAt).toBe(before);
      expect(view.source.llm).toBe('saved');
      expect(view.chains.llm[0]).toMatchObject({ id: 'local', keySet: true });
      // The key was opened again: the server that wants it answers.
      expect(await ask('second')).toBe('You said: second. Anything else?');
      expect(server.received('chat').map((r) => r.headers.authorization)).toEqual([
        `Bearer ${KEY}`,
        `Bearer ${KEY}`,
      ]);
      await relay.stop();
      expect(first).toContain('provider settings saved');
      for (const output of [first, relay.output]) {
        expect(output).not.toContain(KEY);
        expect(output).not.toContain('0123456789');
      }
    } finally {
      await relay.stop();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
