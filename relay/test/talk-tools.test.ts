import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../src/audio/wav.ts';
import { PROGRESS_LINES } from '../src/pipeline/tool-progress.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { addMcpServer, EVERYTHING } from './mcp-kit.ts';
import { nodeArgsFor } from './relay-process.ts';

const KEY = 'sk-talk-tools-0123456789';

/**
 * `pnpm talk` prints each tool call of a turn (issue 48): a spoken question, the model at the
 * fake OpenAI server calling the built-in calculator and server-everything's long-running
 * operation (1.5 s, stdio) at once; the terminal shows both calls (name, arguments, status,
 * summary, time) and the line said while the slow one ran.
 */
describe('pnpm talk with tool calls', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let slow = '';
  const dir = mkdtempSync(join(tmpdir(), 'parley-talk-tools-'));

  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.transcript = 'what is 1,234 times 5,678';
    relay = await startTestRelay({
      ASR_PROVIDERS: 'openai',
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
      MCP_STDIO_COMMANDS: EVERYTHING,
    });
    const name = 'trigger-long-running-operation';
    const names = await addMcpServer(
      relay,
      { transport: 'stdio', name: 'everything', command: EVERYTHING },
      [name],
    );
    slow = names[name] ?? '';
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
    await openai.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints each call and the progress line', async () => {
    const speech = await synthesizeSpeech('What is one thousand times five?', {
      leadingSilenceMs: 300,
      trailingSilenceMs: 900,
    });
    const wav = join(dir, 'say.wav');
    writeFileSync(wav, writeWav(speech.samples, speech.sampleRateHz));
    openai.script = [
      {
        toolCalls: [
          { name: 'calculate', arguments: '{"expression":"1,234 * 5,678"}' },
          { name: slow, arguments: '{"duration":1.5,"steps":1}' },
        ],
      },
    ];
    const cli = spawn(
      process.execPath,
      [...nodeArgsFor('talk'), '--wav', wav, '--url', relay.wsUrl, '--eot', 'fixed'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => cli.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^tool: {2}calculate \{"expression":"1,234 \* 5,678"\} → done: 1234 \* 5678 = 7006652 \(\d+ ms\)$/,
      ),
    );
    const slowLine = lines.find((l) => l.startsWith(`tool:  ${slow} `)) ?? '';
    expect(slowLine).toMatch(/→ done: .* \((\d+) ms\)$/);
    expect(Number(/\((\d+) ms\)$/.exec(slowLine)?.[1])).toBeGreaterThanOrEqual(1_400);
    expect(lines).toContain(`hold:  “${PROGRESS_LINES.checking}” (said while ${slow} ran)`);
  }, 60_000);
});
