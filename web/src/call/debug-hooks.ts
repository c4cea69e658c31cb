import { store } from '../state/store.ts';
import type { CallDebugParts } from '@parley/client/internal';

/** One captured block's loudness, for measuring speech boundaries independently of the VAD. */
interface CaptureBlockLevel {
  firstSample: number;
  capturedAtMs: number;
  rms: number;
  /** Offset in the block of its first sample louder than -40 dBFS (-1: none). */
  firstLoud: number;
  /** Offset in the block of its last sample louder than -40 dBFS (-1: none). */
  lastLoud: number;
}

const LOUD = 10 ** (-40 / 20);

const MAX_BLOCKS = 50 * 120; // two minutes of 20 ms blocks
const blocks: CaptureBlockLevel[] = [];

export function recordCaptureBlock(
  firstSample: number,
  capturedAtMs: number,
  level: number,
  samples: Float32Array,
): void {
  const firstLoud = samples.findIndex((x) => Math.abs(x) >= LOUD);
  const lastLoud = samples.findLastIndex((x) => Math.abs(x) >= LOUD);
  blocks.push({ firstSample, capturedAtMs, rms: level, firstLoud, lastLoud });
  if (blocks.length > MAX_BLOCKS) blocks.splice(0, blocks.length - MAX_BLOCKS);
}

/** The live call's parts, what the page kept of its microphone's levels, and the page's store. */
export interface ParleyDebug extends CallDebugParts {
  captureLevels: CaptureBlockLevel[];
  store: typeof store;
}

declare global {
  interface Window {
    /** Read-only window into the live call, for end-to-end tests and the curious. */
    __parley?: ParleyDebug;
  }
}

export function exposeDebug(parts: CallDebugParts): void {
  window.__parley = { ...parts, captureLevels: blocks, store };
}
