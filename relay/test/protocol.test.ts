import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  CHUNK_SAMPLES,
  CloseCode,
  FrameKind,
  PROTOCOL_VERSION,
  encodeAudioFrame,
  parseServerMessage,
  type ServerMessage,
} from '@parley/shared';
import { startTestRelay, type TestRelay } from './harness.ts';

/** A bare socket that records what the relay says and how it closes. */
class RawClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseServerMessage((data as Buffer).toString('utf8'));
      if (parsed.ok) this.messages.push(parsed.value);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new RawClient(ws);
  }

  send(data: string | Uint8Array | object): void {
    this.ws.send(
      typeof data === 'string' || data instanceof Uint8Array ? data : JSON.stringify(data),
    );
  }

  /** Waits for the first message matching `pred` (already received or future). */
  async next<T extends ServerMessage['type']>(
    type: T,
    timeoutMs = 5000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(
        (m): m is Extract<ServerMessage, { type: T }> => m.type === type,
      );
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(`no "${type}" message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
}

const hello = { type: 'hello', protocol: PROTOCOL_VERSION, outputSampleRateHz: 16_000 };
const micFrame = (seq: number, turnId: number, samples = CHUNK_SAMPLES) =>
  encodeAudioFrame({
    kind: FrameKind.Mic,
    seq,
    turnId,
    timestampMs: Date.now(),
    samples: new Int16Array(samples),
  });

describe('relay protocol edge', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ HELLO_TIMEOUT_MS: '1500', MAX_PROTOCOL_ERRORS: '5' });
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
    c.send(hello);
    const ready = await c.next('ready');
    expect(ready).toMatchObject({
      protocol: PROTOCOL_VERSION,
      resumed: false,
      outputSampleRateHz: 16_000,
    });
    expect(ready.sessionId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ready.providers.llm.notice).toMatch(/configure an LLM/i);
    c.ws.close();
  });

  it('rejects malformed JSON with a typed error and keeps the connection usable', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send('{not json');
    const err = await c.next('error');
    expect(err).toMatchObject({ code: 'bad-message', retryable: false });
    c.send(hello);
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
    c.send({ ...hello, protocol: PROTOCOL_VERSION + 41 });
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
    c.send(hello);
    await c.next('ready');
    c.send(micFrame(0, 1, 1000));
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
    c.send(hello);
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

  it('frees the session of a client that vanishes mid-utterance and keeps serving others', async () => {
    const c = await RawClient.open(relay.wsUrl);
    c.send(hello);
    await c.next('ready');
    c.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: Date.now() });
    for (let s = 0; s < 5; s++) c.send(micFrame(s, 1));
    await expect.poll(() => relay.registry.size).toBeGreaterThan(0);
    c.ws.terminate();
    await expect.poll(() => relay.registry.size).toBe(0);
    const other = await RawClient.open(relay.wsUrl);
    other.send(hello);
    await other.next('ready');
    other.ws.close();
    const res = await fetch(`${relay.url}/health`);
    expect(res.status).toBe(200);
  });
});
