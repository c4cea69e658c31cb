import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandOffStorage } from '@parley/shared';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { freePort, RelayProcess, TEST_RELAY_ENV } from '../../relay/test/relay-process.ts';
import { TcpProxy } from '../../relay/test/tcp-proxy.ts';
import { CallKit } from './call-kit.ts';
import type { FakeMicrophone } from './fakes/media-devices.ts';
import { installWebAudio } from './fakes/web-audio.ts';

/** What the transcript shows of a turn answered as it should be. */
export const answered = (user: string, reply: string | RegExp) => [
  { role: 'user', text: user },
  {
    role: 'assistant',
    text: typeof reply === 'string' ? reply : (expect.stringMatching(reply) as unknown),
    status: 'completed',
  },
];

/** The embedded responder's answer to "what time is it". */
export const TIME = /^It's \d{1,2}:\d{2} [AP]M\.$/;

/** A describe block's relay, the proxy in front of it, and its pages' calls. */
export interface CallSuite {
  /** The relay's own process (the embedded recogniser, responder and voice). */
  readonly relay: RelayProcess;
  /** The TCP proxy the calls' WebSockets go through (to drop them). */
  readonly proxy: TcpProxy;
  /**
   * A page's call through the proxy, with `mics` plugged in (default: one) and the tab's
   * `sessionStorage` (`tab`; none: the page ends its session as it goes); closed after the test.
   */
  kit(mics?: FakeMicrophone[], tab?: HandOffStorage): CallKit;
}

/**
 * For a describe block of calls against a real relay: Web Audio faked, the relay started (a
 * data folder of its own, named after `name`) behind a TCP proxy before its tests, the calls its
 * tests made closed after each, everything stopped and removed after the last.
 */
export function useCallSuite(name: string): CallSuite {
  let relay: RelayProcess | undefined;
  let proxy: TcpProxy | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), `parley-${name}-`));
  const kits: CallKit[] = [];
  const running = () => {
    if (!relay || !proxy) throw new Error('the relay is started in beforeAll');
    return { relay, proxy };
  };

  beforeAll(async () => {
    installWebAudio();
    relay = new RelayProcess(await freePort(), { ...TEST_RELAY_ENV, DATA_DIR: dataDir });
    await relay.start();
    proxy = new TcpProxy(relay.port);
    await proxy.listen();
  });
  afterEach(() => {
    for (const k of kits.splice(0)) k.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await relay?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await closeSynthesizers();
    vi.unstubAllGlobals();
  });

  return {
    get relay() {
      return running().relay;
    },
    get proxy() {
      return running().proxy;
    },
    kit(mics, tab) {
      const k = new CallKit(
        { relay: running().relay, socketPort: running().proxy.port },
        mics,
        tab,
      );
      kits.push(k);
      return k;
    },
  };
}
