import { describe, expect, it } from 'vitest';
import { uplinkProblems } from '../../e2e/uplink-wire.ts';
import { answered, TIME, useCallSuite } from './call-suite.ts';
import { FakeMicrophone } from './fakes/media-devices.ts';

// The page's call as createCall makes it, in Node: its own store, the browser faked at its APIs
// (microphones, Web Audio running the app's worklets, Node's WebSocket), the real voice
// detector, and a real relay (its own process, the embedded recogniser, responder and voice)
// behind a TCP proxy. Each scenario checks what reached the relay (the wire, the stored turns)
// and what the page shows (the store), as the end-to-end specs do in Chromium.

describe('the web call, run in Node against a real relay', () => {
  const suite = useCallSuite('web-call');
  /** A page's call, through the proxy, with `mics` plugged in (default: one). */
  const kit = (mics?: FakeMicrophone[]) => suite.kit(mics);

  it('starts: the microphone asked for in the tap, one session, listening', async () => {
    const k = kit();
    await k.call.start();
    expect(k.state).toMatchObject({ call: 'listening', connection: 'connected' });
    expect(k.state.mic?.status).toBe('live');
    expect(k.devices.requests).toEqual([undefined]);
    expect(k.wire.sessionIds).toHaveLength(1);
    // No WebCodecs encoder in Node: the microphone goes up as PCM16.
    expect(k.wire.sentOf('hello')[0]?.codecs?.up).toEqual(['pcm16']);
  });

  it('speaks: the words go up as one utterance, the reply is shown, played whole, and stored', async () => {
    const k = kit();
    await k.call.start();
    await k.say('What time is it?');
    await expect.poll(() => k.transcript()).toEqual(answered('what time is it', TIME));
    const [done] = k.wire.messages('turn.done');
    expect(done?.audioSamples).toBeGreaterThan(0);
    const rate = k.debug.ready?.outputSampleRateHz ?? 0;
    await expect
      .poll(() => k.debug.player?.playedSamplesAt(done?.turnId ?? -1, rate))
      .toBe(done?.audioSamples);
    expect(k.context.speaker.audible).toBeGreaterThan(0.3 * k.context.sampleRate);
    expect(uplinkProblems(k.wire.uplink)).toEqual([]);
    expect(k.wire.uplink.filter((e) => e.kind === 'start')).toHaveLength(1);
    expect(await k.storedTurns(suite.relay)).toEqual([
      expect.objectContaining({ userText: 'what time is it', status: 'completed' }),
    ]);
    expect(k.wire.sessionIds).toHaveLength(1);
  });

  it('interrupt: the control stops the reply where it is; the relay keeps what was heard', async () => {
    const k = kit();
    await k.call.start();
    // A three-sentence answer, seconds long: stopped half a second into its second sentence.
    await k.say('What can you do?');
    const turnId = () => k.state.entries.find((e) => e.role === 'assistant')?.turnId ?? -1;
    const rate = () => k.debug.ready?.outputSampleRateHz ?? 0;
    const played = () => k.debug.player?.playedSamplesAt(turnId(), rate()) ?? 0;
    const segments = () => k.wire.messages('reply.segment').filter((m) => m.turnId === turnId());
    await expect.poll(() => segments().length).toBeGreaterThanOrEqual(2);
    const second = segments()[1]?.startSample ?? 0;
    await expect.poll(played).toBeGreaterThan(second + rate() / 2);
    k.call.controls.interrupt();

    await expect.poll(() => k.wire.sentOf('interrupt')).toHaveLength(1);
    const [cut] = k.wire.sentOf('interrupt');
    expect(cut?.turnId).toBe(turnId());
    await expect.poll(() => k.wire.messages('turn.done')).toHaveLength(1);
    const total = k.wire.messages('turn.done')[0]?.audioSamples ?? 0;
    expect(cut?.playedSamples).toBeGreaterThan(second);
    expect(cut?.playedSamples).toBeLessThan(total);
    // Nothing more was played (the fade counts as played).
    expect(played()).toBe(cut?.playedSamples);
    // The relay keeps the reply as heard: the first sentence whole, the rest cut.
    await expect.poll(() => k.wire.messages('reply.truncated')).toHaveLength(1);
    const heard = k.wire.messages('reply.truncated')[0]?.heard ?? '';
    const full = segments()
      .map((m) => m.text)
      .join(' ');
    expect(heard.startsWith(segments()[0]?.text ?? '-')).toBe(true);
    expect(full.startsWith(heard)).toBe(true);
    expect(heard.length).toBeLessThan(full.length);
    expect(k.state.entries.at(-1)).toMatchObject({
      role: 'assistant',
      text: heard,
      status: 'interrupted',
    });
    await expect
      .poll(async () => (await k.storedTurns(suite.relay)).map((t) => t.assistantText))
      .toEqual([heard]);
    // The call goes on.
    expect(k.state).toMatchObject({ call: 'listening', connection: 'connected' });
  });

  it('mute: nothing of the microphone goes out while muted; unmuted, the call goes on', async () => {
    const k = kit();
    await k.call.start();
    k.call.controls.setMuted(true);
    expect(k.state.muted).toBe(true);
    expect(k.mics[0]?.tracks.at(-1)?.enabled).toBe(false);
    await k.say('What time is it?');
    await k.heard();
    expect(k.wire.uplink).toEqual([]);

    k.call.controls.setMuted(false);
    expect(k.mics[0]?.tracks.at(-1)?.enabled).toBe(true);
    await k.say('Thank you very much.');
    await expect
      .poll(() => k.transcript())
      .toEqual(answered('thank you very much', "You're welcome."));
    expect(uplinkProblems(k.wire.uplink)).toEqual([]);
    await expect
      .poll(() => k.storedTurns(suite.relay))
      .toEqual([expect.objectContaining({ userText: 'thank you very much' })]);
  });

  it('device lost: the microphone in use is unplugged, the default takes over, the conversation goes on', async () => {
    const headset = new FakeMicrophone('headset', 'USB Headset');
    const builtIn = new FakeMicrophone('built-in', 'Built-in Microphone');
    const k = kit([headset, builtIn]);
    await k.call.start();
    expect(k.debug.capture?.track.label).toBe('USB Headset');
    await k.say('What time is it?', headset);
    await expect.poll(() => k.transcript()).toEqual(answered('what time is it', TIME));
    // The reply heard to its end (in full duplex, speaking over it would stop it).
    await expect.poll(() => k.state.call).toBe('listening');

    k.devices.unplug(headset);
    await expect.poll(() => k.state.micSwitchedTo).toBe('Built-in Microphone');
    expect(k.state.mic?.status).toBe('live');
    expect(k.debug.capture?.track.label).toBe('Built-in Microphone');
    // Asked for once in the tap, once more for the default when the headset went.
    expect(k.devices.requests).toEqual([undefined, undefined]);
    await k.say('Thank you very much.', builtIn);
    await expect
      .poll(() => k.transcript())
      .toEqual([
        ...answered('what time is it', TIME),
        ...answered('thank you very much', "You're welcome."),
      ]);
    expect(k.wire.sessionIds).toHaveLength(1);
    expect(uplinkProblems(k.wire.uplink)).toEqual([]);
    await expect
      .poll(async () => (await k.storedTurns(suite.relay)).map((t) => t.userText))
      .toEqual(['what time is it', 'thank you very much']);
  });

  it('relay lost: the connection drops mid-sentence; the session resumes and the sentence is answered once', async () => {
    const k = kit();
    await k.call.start();
    await k.say('Thank you very much.');
    // The utterance is on its way up.
    await expect
      .poll(() => k.wire.uplink.filter((e) => e.kind === 'audio').length)
      .toBeGreaterThan(3);
    suite.proxy.drop();
    await expect
      .poll(() => k.transcript())
      .toEqual(answered('thank you very much', "You're welcome."));
    expect(k.state.connection).toBe('connected');
    expect(k.wire.sockets).toBe(2);
    expect(new Set(k.wire.sessionIds).size).toBe(1);
    expect(k.debug.connection?.resumes).toBe(1);
    const [done] = k.wire.messages('turn.done');
    const rate = k.debug.ready?.outputSampleRateHz ?? 0;
    await expect
      .poll(() => k.debug.player?.playedSamplesAt(done?.turnId ?? -1, rate))
      .toBe(done?.audioSamples);
    await expect
      .poll(() => k.storedTurns(suite.relay))
      .toEqual([expect.objectContaining({ userText: 'thank you very much', status: 'completed' })]);
  });

  it('typed, then spoken: a call takes the typed conversation over, in the same session', async () => {
    const k = kit();
    expect(await k.call.send('what is twelve times seven')).toBe(true);
    await expect
      .poll(() => k.transcript())
      .toEqual(answered('what is twelve times seven', '12 times 7 is 84.'));
    await k.call.start();
    await k.say('Thank you very much.');
    await expect
      .poll(() => k.transcript())
      .toEqual([
        ...answered('what is twelve times seven', '12 times 7 is 84.'),
        ...answered('thank you very much', "You're welcome."),
      ]);
    expect(k.wire.sockets).toBe(1);
    expect(k.wire.sessionIds).toHaveLength(1);
    await expect
      .poll(async () => (await k.storedTurns(suite.relay)).map((t) => t.userText))
      .toEqual(['what is twelve times seven', 'thank you very much']);
  });
});
