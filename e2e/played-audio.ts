import type { Page } from '@playwright/test';

/** An audio buffer the page started playing: its samples, and how many of them are loud. */
export interface Played {
  samples: number;
  loud: number;
}

/** Before the page loads: every audio buffer the page starts playing, with its loud samples. */
export async function recordPlayedBuffers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const played: Played[] = [];
    (window as unknown as { __played: Played[] }).__played = played;
    // Called with each node as `this`, below.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const start = AudioBufferSourceNode.prototype.start;
    AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args) {
      const data = this.buffer?.getChannelData(0) ?? new Float32Array();
      played.push({ samples: data.length, loud: data.filter((x) => Math.abs(x) > 0.01).length });
      start.apply(this, args);
    };
  });
}

/** The buffers the page played so far (see {@link recordPlayedBuffers}). */
export const played = (page: Page): Promise<Played[]> =>
  page.evaluate(() => (window as unknown as { __played: Played[] }).__played);
