import { describe, expect, it } from 'vitest';
import { FakeAsr } from '../../test/fakes/providers/asr.ts';
import { FakeLlm } from '../../test/fakes/providers/llm.ts';
import { FakeTts } from '../../test/fakes/providers/tts.ts';
import { logger } from '../log/logger.ts';
import { loadProviderPlan } from './config/provider-config.ts';
import { LiveProviders } from './live-providers.ts';
import { ProviderSet } from './provider-set.ts';

const plan = loadProviderPlan({ HEALTH_PROBE_INTERVAL_S: '0' });
const log = logger('test:live-providers');

/** A set of fakes saying `reply`, and how many of its providers were closed. */
function fakeSet(reply: string) {
  const closed = { count: 0 };
  const counted = <P extends { close(): Promise<void> }>(p: P): P => {
    const close = p.close.bind(p);
    p.close = () => {
      closed.count++;
      return close();
    };
    return p;
  };
  const tts = counted(new FakeTts({ firstAudioDelayMs: 0, msPerChar: 10, blockMs: 100 }));
  const set = ProviderSet.fromProviders(
    {
      asr: [counted(new FakeAsr({ transcript: reply, finalDelayMs: 0 }))],
      llm: [counted(new FakeLlm({ reply, firstTokenDelayMs: 0, tokenIntervalMs: 0 }))],
      tts: [tts],
    },
    tts,
    plan,
    log,
  );
  return { set, closed };
}

async function textOf(live: LiveProviders): Promise<string> {
  let text = '';
  for await (const e of live.llm.stream({ messages: [], signal: new AbortController().signal }))
    if (e.type === 'text') text += e.text;
  return text;
}

describe('LiveProviders', () => {
  it('serves new calls from the swapped-in set, and closes the old one at once when idle', async () => {
    const a = fakeSet('alpha');
    const b = fakeSet('bravo');
    const live = new LiveProviders(a.set, log);
    expect(await textOf(live)).toBe('alpha');
    live.swap(b.set);
    expect(await textOf(live)).toBe('bravo');
    await expect.poll(() => a.closed.count).toBe(3);
    expect(live.drainingSets).toBe(0);
    expect(b.closed.count).toBe(0);
    await live.close();
    expect(b.closed.count).toBe(3);
  });

  it('keeps a set a turn pinned open until the turn lets go', async () => {
    const a = fakeSet('alpha');
    const b = fakeSet('bravo');
    const live = new LiveProviders(a.set, log);
    const turn = live.pin();
    live.swap(b.set);
    expect(live.current).toBe(b.set);
    // The turn still speaks with the set it started on.
    expect(turn.providers).toBe(a.set);
    await new Promise((r) => setImmediate(r));
    expect(a.closed.count).toBe(0);
    expect(live.drainingSets).toBe(1);
    turn.release();
    turn.release();
    await expect.poll(() => a.closed.count).toBe(3);
    expect(live.drainingSets).toBe(0);
    await live.close();
  });

  it('keeps a set open while a call started on it runs (a recognition, a reply)', async () => {
    const a = fakeSet('alpha one two');
    const b = fakeSet('bravo');
    const live = new LiveProviders(a.set, log);
    const controller = new AbortController();
    const hearing = live.asr.start({ sampleRateHz: 16_000, signal: controller.signal });
    const stream = live.llm.stream({ messages: [], signal: controller.signal });
    const reply = stream[Symbol.asyncIterator]();
    expect(await reply.next()).toMatchObject({ value: { type: 'text', text: 'alpha ' } });
    live.swap(b.set);
    await new Promise((r) => setImmediate(r));
    expect(a.closed.count).toBe(0);
    hearing.write(new Int16Array(160));
    expect(await hearing.finish()).toMatchObject({ text: 'alpha one two' });
    expect(a.closed.count).toBe(0);
    // The rest of the reply comes from the set it started on.
    let rest = '';
    for (let r = await reply.next(); r.done !== true; r = await reply.next())
      if (r.value.type === 'text') rest += r.value.text;
    expect(rest).toBe('one two');
    await expect.poll(() => a.closed.count).toBe(3);
    // Calls started now go to the new set.
    expect(live.asr.info.id).toBe(b.set.asr.info.id);
    expect(await textOf(live)).toBe('bravo');
    await live.close();
  });

  it('lets an aborted recognition go', async () => {
    const a = fakeSet('alpha');
    const live = new LiveProviders(a.set, log);
    const controller = new AbortController();
    live.asr.start({ sampleRateHz: 16_000, signal: controller.signal });
    live.swap(fakeSet('bravo').set);
    controller.abort();
    await expect.poll(() => a.closed.count).toBe(3);
    await live.close();
  });
});
