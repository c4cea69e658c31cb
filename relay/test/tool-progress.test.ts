import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferencesResponse, type ToolProgress } from '@parley/shared';
import { PROGRESS_LINES } from '../src/pipeline/tool-progress.ts';
import { TalkClient, type TurnRecord } from '../src/talk/client.ts';
import { heardSilences } from '../src/talk/heard-silence.ts';
import { openAiRelayEnv, startFakeOpenAi, type FakeOpenAi } from './fakes/openai-server.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { addMcpServer, EVERYTHING } from './mcp-kit.ts';
import { call } from './provider-settings-kit.ts';

const KEY = 'sk-tool-progress-0123456789';
/** What server-everything's long-running operation is asked: 2 s, in 2 steps. */
const TWO_SECONDS = '{"duration":2,"steps":2}';
/** A hosted voice's wait for its first speech byte (ms; 200 in bench:tools, where it is ~0.9 s). */
const FIRST_SPEECH_MS = 100;

/**
 * The voice around a tool call (issue 48, part 4), on the wire: a real relay, its model and
 * voice a fake OpenAI server (its voice answering after 100 ms, as a fast hosted one), its slow tool
 * server-everything's long-running operation (stdio, from npm) taking 2 s. Never silence: the
 * user hears a line in the reply's voice (or the page plays its earcon) while a tool runs long.
 */
describe('what is heard while a tool runs long', () => {
  let openai: FakeOpenAi;
  let relay: TestRelay;
  let client: TalkClient;
  let slow = '';
  let sum = '';
  let turnId = 0;

  beforeAll(async () => {
    openai = await startFakeOpenAi({ apiKey: KEY });
    openai.intervalMs = 5;
    openai.setFault('speech', { kind: 'latency', ms: FIRST_SPEECH_MS });
    relay = await startTestRelay({
      LLM_PROVIDERS: 'openai',
      TTS_PROVIDERS: 'openai',
      ...openAiRelayEnv(openai, KEY),
      MCP_STDIO_COMMANDS: EVERYTHING,
    });
    const names = await addMcpServer(
      relay,
      { transport: 'stdio', name: 'everything', command: EVERYTHING },
      ['trigger-long-running-operation', 'get-sum'],
    );
    slow = names['trigger-long-running-operation'] ?? '';
    sum = names['get-sum'] ?? '';
    client = await TalkClient.connect(relay.wsUrl);
  });
  afterAll(async () => {
    client.close();
    await relay.close();
    await openai.close();
  });

  /** Saves the user's choice of what is heard while a tool runs long. */
  async function choose(progress: ToolProgress): Promise<void> {
    const now = preferencesResponse.parse((await call(relay, '/api/preferences')).json);
    const saved = await call(relay, '/api/preferences', {
      method: 'PUT',
      body: { ...now.preferences, toolProgress: progress },
    });
    expect(saved.status).toBe(200);
  }

  /** Asks `text` aloud (a typed question, its reply spoken), the model calling `tool` on it. */
  async function ask(
    tool: string,
    args: string,
    text = 'Please check it.',
  ): Promise<{ turn: TurnRecord; sentAt: number }> {
    openai.script = [{ ...(text ? { text } : {}), toolCalls: [{ name: tool, arguments: args }] }];
    const id = ++turnId;
    const sentAt = performance.timeOrigin + performance.now();
    client.send({ type: 'user.text', turnId: id, text: 'check it for me', speak: true });
    const turn = await client.waitForTurn(id);
    expect(turn.status).toBe('completed');
    return { turn, sentAt };
  }

  /** The turn's messages from its first tool call on, by type (and the line's audio). */
  function afterCall(id: number): string[] {
    const out: string[] = [];
    const all = client.received.filter((m) => 'turnId' in m && m.turnId === id);
    const from = all.findIndex((m) => m.type === 'tool.call');
    for (const m of all.slice(from)) {
      if (m.type === 'tool.call' || m.type === 'tool.progress' || m.type === 'tool.result')
        out.push(m.type);
      else if (m.type === 'reply.segment') out.push(`segment "${m.text}"`);
    }
    return out;
  }

  it('says a line in the reply’s voice when the tool runs 2 s: silence never passes ~1 s', async () => {
    await choose('spoken');
    const { turn, sentAt } = await ask(slow, TWO_SECONDS, '');
    expect(turn.progress).toEqual([
      { names: [slow], progress: 'spoken', text: PROGRESS_LINES.checking },
    ]);
    // The line is said (a segment of no words: not the reply's) before the tool answers.
    expect(afterCall(turn.turnId).slice(0, 4)).toEqual([
      'tool.call',
      'tool.progress',
      'segment ""',
      'tool.result',
    ]);
    const lineAt = turn.segments.find((s) => s.text === '')?.startSample;
    expect(lineAt).toBe(0);
    // Not part of the reply, nor of what the relay keeps.
    expect(turn.replyText).not.toContain('One moment');
    expect(turn.tools).toMatchObject([{ name: slow, status: 'done' }]);
    expect(turn.tools[0]!.ms).toBeGreaterThan(1_900);
    const heard = heardSilences(sentAt, turn.audioArrivals);
    // 700 ms, then the voice's 100 ms to its first byte: ~0.9 s (2.2 s without the line), the
    // longest silence of the turn — the line plays until the tool's answer is said. (The margin
    // is for a loaded machine.)
    expect(heard.firstAudioMs).toBeGreaterThan(700);
    expect(heard.longestMs).toBeLessThan(1_200);
  });

  it('counts the 700 ms from the end of the words said before the call', async () => {
    const { turn, sentAt } = await ask(slow, TWO_SECONDS, 'Let me check that.');
    const [words, line] = turn.segments;
    expect(words?.text).toBe('Let me check that.');
    expect(line?.text).toBe('');
    const progress = client.received.find(
      (m) => m.type === 'tool.progress' && m.turnId === turn.turnId,
    );
    if (progress?.type !== 'tool.progress') throw new Error('no progress');
    // The words play ~0.7 s (the fake voice's 40 ms a character): the line waits for their end.
    const wordsMs = ((line?.startSample ?? 0) * 1000) / client.ready.outputSampleRateHz;
    expect(wordsMs).toBeGreaterThan(600);
    const toolCall = client.received.find(
      (m) => m.type === 'tool.call' && m.turnId === turn.turnId,
    );
    if (toolCall?.type !== 'tool.call') throw new Error('no call');
    expect(progress.atMs - toolCall.startedAtMs).toBeGreaterThan(700 + wordsMs - 250);
    expect(heardSilences(sentAt, turn.audioArrivals).longestMs).toBeLessThan(1_200);
  });

  it('sends only tool.progress for the earcon: no line is said', async () => {
    await choose('earcon');
    try {
      const { turn, sentAt } = await ask(slow, TWO_SECONDS, '');
      expect(turn.progress).toEqual([{ names: [slow], progress: 'earcon' }]);
      expect(turn.segments.every((s) => s.text !== '')).toBe(true);
      // The first audio is the answer's, after the tool.
      expect(heardSilences(sentAt, turn.audioArrivals).firstAudioMs).toBeGreaterThan(2_000);
    } finally {
      await choose('spoken');
    }
  });

  it('says nothing for a tool that answers in time', async () => {
    const { turn } = await ask(sum, '{"a":1234,"b":5678}', '');
    expect(turn.tools).toMatchObject([{ name: sum, status: 'done' }]);
    expect(turn.progress).toEqual([]);
    expect(afterCall(turn.turnId)).not.toContain('tool.progress');
    expect(turn.segments.every((s) => s.text !== '')).toBe(true);
  });
});
