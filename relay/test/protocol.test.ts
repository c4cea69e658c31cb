import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, PROTOCOL_VERSION } from '@parley/shared';
import { helloFor, micFrame, RawClient } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe('relay protocol edge', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({
      HELLO_TIMEOUT_MS: '1500',
      MAX_PROTOCOL_ERRORS: '5',
      RESUME_GRACE_S: '0.5',
    });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('answers GET /health', async () => {
    const res = await fetch(`${relay.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      providers: { asr: 'pocketsphinx', tts: 'flite' },
    });
  });

  it('starts a session on hello', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    const ready = await c.next('ready');
    expect(ready).toMatchObject({
      protocol: PROTOCOL_VERSION,
      resumed: false,
      outputSampleRateHz: 16_000,
    });
    expect(ready.sessionId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ready.providers.llm.notice).toBe('Offline responder: simple answers only.');
    c.ws.close();
  });

  it('rejects malformed JSON with a typed error and keeps the connection usable', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send('{not json');
    const err = await c.next('error');
    expect(err).toMatchObject({ code: 'bad-message', retryable: false });
    c.send(await helloFor(relay));
    await c.next('ready');
    c.ws.close();
  });

  it('rejects audio before a session starts', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(micFrame(0, 1));
    expect(await c.next('error')).toMatchObject({ code: 'no-session' });
    c.ws.close();
  });

  it('closes with 4000 on a protocol version it does not speak', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send({ ...(await helloFor(relay)), protocol: PROTOCOL_VERSION + 41 });
    expect(await c.next('error')).toMatchObject({ code: 'unsupported-protocol' });
    expect((await c.closed).code).toBe(CloseCode.UnsupportedProtocol);
  });

  it('closes with 1009 on an oversized frame', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(new Uint8Array(1024 * 1024));
    expect((await c.closed).code).toBe(CloseCode.MessageTooBig);
  });

  it('rejects odd-sized and unknown-turn audio frames, then closes after too many errors', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    c.send(micFrame(0, 1, new Int16Array(1000)));
    expect(await c.next('error')).toMatchObject({ code: 'bad-frame' });
    c.send(micFrame(0, 99));
    await expect
      .poll(() => c.messages.flatMap((m) => (m.type === 'error' ? [m.code] : [])))
      .toContain('unknown-turn');
    c.send(new Uint8Array([1, 2, 3]));
    c.send('[]');
    c.send({ type: 'utterance.end', turnId: 5, lastSeq: 0, speechEndAtMs: 0, sentAtMs: 0 });
    expect((await c.closed).code).toBe(CloseCode.TooManyErrors);
  });

  it('requires increasing turn ids', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    c.send({ type: 'utterance.start', turnId: 5, firstSeq: 0, speechStartAtMs: 0 });
    c.send({ type: 'utterance.cancel', turnId: 5, reason: 'misfire' });
    c.send({ type: 'utterance.start', turnId: 5, firstSeq: 0, speechStartAtMs: 0 });
    expect(await c.next('error')).toMatchObject({ code: 'unknown-turn', turnId: 5 });
    c.ws.close();
  });

  it('closes a connection that never says hello', async () => {
    const c = await RawClient.open(relay.wsUrl);
    expect((await c.closed).code).toBe(CloseCode.HandshakeTimeout);
    expect(c.messages[0]).toMatchObject({ type: 'error', code: 'no-session' });
  });

  it('answers ping with pong carrying both clocks', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send({ type: 'ping', id: 7, clientTimeMs: 123 });
    const pong = await c.next('pong');
    expect(pong).toMatchObject({ id: 7, clientTimeMs: 123 });
    expect(Math.abs(pong.serverTimeMs - Date.now())).toBeLessThan(5000);
    c.ws.close();
  });

  it('frees the session of a client that vanishes mid-utterance (after the resume grace) and keeps serving others', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(await helloFor(relay));
    await c.next('ready');
    c.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
    for (let s = 0; s < 5; s++) c.send(micFrame(s, 1));
    await expect.poll(() => relay.registry.size).toBeGreaterThan(0);
    c.ws.terminate();
    await expect.poll(() => relay.registry.size, { timeout: 5000 }).toBe(0);
    const other = await RawClient.open(relay.wsUrl);
    other.send(await helloFor(relay));
    await other.next('ready');
    other.ws.close();
    const res = await fetch(`${relay.url}/health`);
    expect(res.status).toBe(200);
  });
});
