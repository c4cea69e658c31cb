import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ws unmasks every client frame (a microphone chunk is 3.2 KB) in JavaScript unless the
 * `bufferutil` addon is installed where ws can find it; with it, a chunk costs the relay about a
 * third less CPU (docs/decisions.md#microphone-frames-straight-from-ws-unmasked-natively). The
 * relay depends on it, and pnpm links it to ws as ws's optional peer: this checks that ws, as the
 * relay loads it, gets the native build.
 */
describe('ws as the relay loads it', () => {
  it('finds the native bufferutil', () => {
    const fromRelay = createRequire(import.meta.url);
    const ws = fromRelay.resolve('ws');
    const fromWs = createRequire(ws);
    const bufferutil = fromWs(fromWs.resolve('bufferutil', { paths: [dirname(ws)] })) as {
      mask: (...args: unknown[]) => void;
      unmask: (...args: unknown[]) => void;
    };
    expect(String(bufferutil.unmask)).toContain('[native code]');
    expect(String(bufferutil.mask)).toContain('[native code]');
  });
});
