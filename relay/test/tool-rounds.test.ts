import { describe, expect, it } from 'vitest';
import { sessionDetail } from '@parley/shared';
import { DEV_USER_ID } from '../src/auth/identity.ts';
import { ledger } from './fakes/openai-pair.ts';
import {
  addTool,
  testTool,
  toolMessages,
  toolStatuses,
  untilAborted,
  useToolRelay,
} from './tool-kit.ts';

/** Two tools that each wait for the other to start: they finish only when run at once. */
function pairedTools() {
  let started = 0;
  let bothStarted: () => void = () => undefined;
  const both = new Promise<void>((resolve) => (bothStarted = resolve));
  const answer = async (args: Record<string, unknown>) => {
    if (++started === 2) bothStarted();
    await both;
    return { content: `${String(args.city)}: sunny`, summary: 'sunny' };
  };
  const properties = { city: { type: 'string' } };
  return [
    testTool('weather', { properties, required: ['city'], answer }),
    testTool('forecast', { properties, required: ['city'], answer }),
  ];
}

/**
 * The turn's tool rounds (issue 48), at the fake OpenAI and Anthropic servers speaking their
 * streaming formats: the model's calls run (several at once), their results go back, the model
 * answers; wrong calls are told to the model in words; the rounds and the tool time are bounded;
 * each round is metered.
 */
describe.each(['openai', 'anthropic'] as const)('tool rounds against %s', (vendor) => {
  let turnId = 0;
  const add = addTool();
  const [weather, forecast] = pairedTools();
  const slow = testTool('slow_lookup', {
    answer: (_args, context) => untilAborted(context.signal),
  });
  /** Answers once the client has heard the words before its call announced. */
  let wordsHeard: () => void = () => undefined;
  const afterWords = testTool('after_words', {
    answer: async () => {
      await new Promise<void>((resolve) => (wordsHeard = resolve));
      return { content: 'found', summary: 'found' };
    },
  });

  const ctx = useToolRelay(vendor, [add, weather!, forecast!, slow, afterWords]);

  /** Asks `text` as a typed turn (answered as text only) and waits for its end. */
  async function ask(text: string) {
    const id = ++turnId;
    const before = ctx.model.toolsOffered().length;
    ctx.client.send({ type: 'user.text', turnId: id, text, speak: false });
    const turn = await ctx.client.waitForTurn(id);
    return {
      turn,
      id,
      requests: ctx.model.toolsOffered().slice(before),
      sent: ctx.model.resultsSent().slice(before),
    };
  }

  it('runs a call, gives the model its result, and says the answer after the words before it', async () => {
    ctx.model.script = [
      { text: 'Let me add that.', toolCalls: [{ name: 'add', arguments: '{"a":2,"b":3}' }] },
    ];
    const { turn, id, requests, sent } = await ask('what is two plus three');
    expect(turn.status).toBe('completed');
    // The fakes' own reply says the tool's result back.
    expect(turn.replyText).toMatch(/^Let me add that\. .*5/);
    expect(add.runs.at(-1)).toEqual({ a: 2, b: 3 });
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual(['add', 'weather', 'forecast', 'slow_lookup', 'after_words']);
    expect(sent[1]?.map((r) => r.content)).toEqual(['5']);
    const messages = toolMessages(ctx.client, id);
    expect(messages.map((m) => m.type)).toEqual(['tool.call', 'tool.result']);
    expect(messages[0]).toMatchObject({ name: 'add', arguments: '{"a":2,"b":3}' });
    expect(messages[1]).toMatchObject({ name: 'add', status: 'done', summary: '5' });
    const done = ctx.client.received.find((m) => m.type === 'turn.done' && m.turnId === id);
    expect(done?.type === 'turn.done' ? done.toolCalls?.map((c) => c.status) : []).toEqual([
      'done',
    ]);
    expect(done?.type === 'turn.done' ? done.timings.toolMs : undefined).toBeGreaterThanOrEqual(0);
    // Stored with the turn: the history (and its exports) show the call.
    await expect
      .poll(async () => {
        const res = await fetch(`${ctx.relay.url}/api/sessions/${ctx.client.ready.sessionId}`);
        return sessionDetail.parse(await res.json()).turns.find((t) => t.turnId === id)?.toolCalls;
      })
      .toEqual([
        {
          callId: expect.any(String) as unknown,
          name: 'add',
          arguments: '{"a":2,"b":3}',
          status: 'done',
          summary: '5',
          startedAtMs: expect.any(Number) as unknown,
          endedAtMs: expect.any(Number) as unknown,
        },
      ]);
  });

  it('runs two calls made at once side by side, and gives the model both results in order', async () => {
    ctx.model.script = [
      {
        interleaved: true,
        toolCalls: [
          { name: 'weather', arguments: '{"city":"Oslo"}', pieces: 3 },
          { name: 'forecast', arguments: '{"city":"Rome"}', pieces: 4 },
        ],
      },
    ];
    const { turn, id, sent } = await ask('weather in Oslo and Rome');
    // Each waits for the other to start: run one after the other, both would time out.
    expect(toolStatuses(ctx.client, id)).toEqual([
      ['weather', 'done'],
      ['forecast', 'done'],
    ]);
    expect(sent[1]?.map((r) => r.content)).toEqual(['Oslo: sunny', 'Rome: sunny']);
    expect(turn.status).toBe('completed');
  });

  it('puts together a call whose arguments came in many deltas', async () => {
    ctx.model.script = [
      { toolCalls: [{ name: 'add', arguments: '{"a": 1234, "b": 4321}', pieces: 21 }] },
    ];
    const { turn } = await ask('add them');
    expect(add.runs.at(-1)).toEqual({ a: 1234, b: 4321 });
    expect(turn.replyText).toContain('5555');
  });

  it('tells the model its arguments were malformed, runs nothing, and lets it answer', async () => {
    const runs = add.runs.length;
    ctx.model.script = [{ toolCalls: [{ name: 'add', arguments: '{"a": 1, "b":' }] }];
    const { turn, id, sent } = await ask('add one and something');
    expect(add.runs).toHaveLength(runs);
    expect(toolStatuses(ctx.client, id)).toEqual([['add', 'invalid-arguments']]);
    expect(sent[1]?.[0]?.content).toMatch(/^The arguments are not valid JSON/);
    expect(turn.status).toBe('completed');
    expect(turn.replyText).toContain('not valid JSON');
  });

  it('tells the model arguments that do not fit the schema', async () => {
    ctx.model.script = [{ toolCalls: [{ name: 'add', arguments: '{"a": "one"}' }] }];
    const { id, sent } = await ask('add one');
    expect(toolStatuses(ctx.client, id)).toEqual([['add', 'invalid-arguments']]);
    expect(sent[1]?.[0]?.content).toContain("must have required property 'b'");
    expect(sent[1]?.[0]?.content).toContain('must be number');
  });

  it('tells the model a tool it called does not exist', async () => {
    ctx.model.script = [{ toolCalls: [{ name: 'launch_rockets', arguments: '{}' }] }];
    const { turn, id, sent } = await ask('launch the rockets');
    expect(toolStatuses(ctx.client, id)).toEqual([['launch_rockets', 'unknown-tool']]);
    expect(sent[1]?.[0]?.content).toBe(
      'There is no tool named "launch_rockets". The tools are: add, weather, forecast, slow_lookup, after_words.',
    );
    expect(turn.status).toBe('completed');
  });

  it('stops after 5 rounds: the model is then asked without tools, and answers in words', async () => {
    const runs = add.runs.length;
    ctx.model.script = Array.from({ length: 5 }, (_, i) => ({
      toolCalls: [{ name: 'add', arguments: `{"a":${i},"b":1}` }],
    }));
    const { turn, requests } = await ask('keep adding');
    expect(add.runs.length - runs).toBe(5);
    expect(requests.map((tools) => tools.length > 0)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(turn.status).toBe('completed');
    expect(turn.replyText).not.toBe('');
  });

  it('says the words before a call while the tool runs', async () => {
    ctx.model.script = [
      { text: 'Let me look that up.', toolCalls: [{ name: 'after_words', arguments: '{}' }] },
    ];
    const id = ++turnId;
    ctx.client.send({ type: 'user.text', turnId: id, text: 'look it up' });
    // The tool answers only once the sentence before its call is being said.
    await expect
      .poll(() =>
        ctx.client.received.some(
          (m) => m.type === 'reply.segment' && m.turnId === id && m.text === 'Let me look that up.',
        ),
      )
      .toBe(true);
    wordsHeard();
    const turn = await ctx.client.waitForTurn(id);
    expect(toolStatuses(ctx.client, id)).toEqual([['after_words', 'done']]);
    // Then the answer on the tool's result (each fake says it back its own way).
    expect(turn.segments.map((seg) => seg.text)).toEqual([
      'Let me look that up.',
      expect.stringContaining('found') as unknown,
    ]);
  });

  it('meters each round as an LLM call of its own', async () => {
    ctx.model.script = [{ toolCalls: [{ name: 'add', arguments: '{"a":1,"b":1}' }] }];
    const { id } = await ask('one plus one');
    await expect
      .poll(async () =>
        (await ledger(ctx.relay, ctx.client.ready.sessionId, id)).filter((r) => r.stage === 'llm'),
      )
      .toHaveLength(2);
    const rows = (await ledger(ctx.relay, ctx.client.ready.sessionId, id)).filter(
      (r) => r.stage === 'llm',
    );
    // Both reported by the provider: the second round's input carries the first's call and result.
    expect(rows[1]!.units.inputTokens).toBeGreaterThan(rows[0]!.units.inputTokens!);
    expect(rows.every((r) => r.units.outputTokens! > 0)).toBe(true);
  });

  it('aborts a running tool when the user interrupts, and keeps the reply as heard', async () => {
    ctx.model.script = [
      { text: 'Let me look.', toolCalls: [{ name: 'slow_lookup', arguments: '{}' }] },
    ];
    const id = ++turnId;
    const runs = slow.runs.length;
    ctx.client.send({ type: 'user.text', turnId: id, text: 'look it up', speak: false });
    await expect.poll(() => slow.runs.length).toBe(runs + 1);
    ctx.client.send({ type: 'interrupt', turnId: id, playedSamples: 0 });
    const turn = await ctx.client.waitForTurn(id);
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true);
    expect(turn.status).toBe('cancelled');
    expect(toolStatuses(ctx.client, id)).toEqual([['slow_lookup', 'cancelled']]);
    await expect
      .poll(async () => {
        const saved = await ctx.relay.storage.sessions.get(DEV_USER_ID, ctx.client.ready.sessionId);
        return saved?.turns.find((t) => t.turnId === id);
      })
      .toMatchObject({ interrupted: true, assistantText: '' });
  });
});

/** The turn's tool time (issue 48): a call still running when it is spent is stopped. */
describe.each(['openai', 'anthropic'] as const)('the tool time of a turn against %s', (vendor) => {
  const slow = testTool('slow_lookup', {
    answer: (_args, context) => untilAborted(context.signal),
  });

  const ctx = useToolRelay(vendor, [slow], { TOOL_TURN_BUDGET_S: '0.3' });

  it('stops a tool still running when it is spent, tells the model, and offers no tools after', async () => {
    ctx.model.script = [{ toolCalls: [{ name: 'slow_lookup', arguments: '{}' }] }];
    ctx.client.send({ type: 'user.text', turnId: 1, text: 'look it up', speak: false });
    const turn = await ctx.client.waitForTurn(1);
    expect(slow.contexts.at(-1)?.signal.aborted).toBe(true);
    expect(toolStatuses(ctx.client, 1)).toEqual([['slow_lookup', 'timed-out']]);
    expect(ctx.model.resultsSent()[1]?.[0]?.content).toBe(
      'The tool did not answer within 0.3 s and was stopped.',
    );
    expect(ctx.model.toolsOffered()).toEqual([['slow_lookup'], []]);
    expect(turn.status).toBe('completed');
  });
});
