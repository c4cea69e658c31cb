import { describe, expect, it } from 'vitest';
import type { ProbeRecord } from './probe.ts';
import { breakdownTable, resultJson, spread, spreadTable } from './report.ts';
import { fileName, pressTimeline, type Press } from './timeline.ts';

const RELAY = 'http://127.0.0.1:4000';

/** A press as the probe records it: clicked at 1,000 ms on the page's clock, listening 2.5 s on. */
const record = (o: Partial<ProbeRecord> = {}): ProbeRecord => ({
  marks: {
    click: 1000,
    open: 1010,
    'context.asked': 1390,
    'context.made': 1395,
    'state:starting': 1400,
    'mic.asked': 1005,
    'socket.new': 1420,
    'socket.ready': 1900,
    'worker.new': 1430,
    'vad.loaded': 3300,
    'mic.open': 3400,
    'state:listening': 3500,
    'state:user-speaking': 9000,
  },
  spans: [['worklet capture-worklet', 3310, 3390]],
  vad: { modelFetchMs: 300, sessionMs: 1200, warmUpMs: 40 },
  heard: null,
  errors: [],
  timeOrigin: 1_700_000_000_000,
  resources: [
    { name: `${RELAY}/widget.js`, start: 200, end: 300 },
    { name: `${RELAY}/widget-call.js`, start: 1020, end: 1300 },
    { name: 'http://127.0.0.1:5000/ticket', start: 1410, end: 1600 },
  ],
  ...o,
});

const press = (c: Press['case'], listening: number, answerMs: number | null = null): Press => ({
  case: c,
  run: 1,
  at: { listening },
  took: {},
  fetches: {},
  vad: null,
  heard: null,
  answerMs,
  errors: [],
});

describe('a press as a timeline', () => {
  it('puts every point and fetch after the click, the worker’s fetches by the wall clock', () => {
    const wasm = `${RELAY}/widget-call/vad/ort-wasm-simd-threaded.wasm`;
    const t = pressTimeline(
      record(),
      [{ url: wasm, startEpochMs: 1_700_000_001_500, endEpochMs: 1_700_000_002_700 }],
      null,
    );
    expect(t.at).toMatchObject({
      open: 10,
      starting: 400,
      listening: 2500,
      'user-speaking': 8000,
      'vad.loaded': 2300,
      // The call's module in (its chunks too: none here) before the call was made.
      'scripts.in': 300,
    });
    // The loader came with the page, before the click: not the press's.
    expect(Object.keys(t.fetches)).toEqual(['widget-call.js', 'ticket', wasm.split('/').at(-1)]);
    expect(t.fetches['ort-wasm-simd-threaded.wasm']).toEqual({ start: 500, end: 1700 });
    expect(t.took).toEqual({
      module: 390,
      'audio context': 5,
      'module fetch': 280,
      ticket: 190,
      socket: 480,
      detector: 1870,
      microphone: 2395,
      'worklet capture-worklet': 80,
      'last part → listening': 200,
    });
  });

  it('times the answer from the question’s end, the file starting at the first ask', () => {
    const heard = record({ marks: { ...record().marks, reply: 12_500 } });
    // The question ends 9,000 ms into the file: at 1,005 + 9,000 on the page's clock.
    const t = pressTimeline(heard, [], { startMs: 8000, endMs: 9000 });
    expect(t.answerMs).toBe(12_500 - 1000 - (5 + 9000));
  });

  it('does not time an answer to a question begun before the call listened', () => {
    const late = record({ marks: { ...record().marks, reply: 5000 } });
    const t = pressTimeline(late, [], { startMs: 1000, endMs: 1800 });
    expect(t.answerMs).toBeNull();
    expect(t.note).toMatch(/before the call listened/);
  });

  it('names a built script without its hash, and the detector’s files as they are', () => {
    expect(fileName(`${RELAY}/widget-call/vad-worker-DnK1K_5e.js`)).toBe('vad-worker.js');
    expect(fileName(`${RELAY}/widget-call/opus-decoder-c4P3j-34.js`)).toBe('opus-decoder.js');
    expect(fileName(`${RELAY}/widget-call/vad/ort-wasm-simd-threaded.wasm`)).toBe(
      'ort-wasm-simd-threaded.wasm',
    );
  });
});

describe('the widget-start report', () => {
  it('spreads the finite times by nearest rank', () => {
    expect(spread([5, 1, null, 4, 2, 3, Number.NaN, 10, 9, 8, 7, 6])).toEqual({
      n: 10,
      median: 5,
      p90: 9,
      min: 1,
      max: 10,
    });
    expect(spread([null, undefined])).toBeNull();
  });

  it('writes a row per case, saying how many runs had the figure', () => {
    const table = spreadTable(
      [press('cold', 3000, 900), press('cold', 4000), press('warm', 1000, 700)],
      (p) => p.answerMs,
    );
    expect(table.split('\n')).toEqual([
      '| case | runs | median | p90 | min | max |',
      '|---|--:|--:|--:|--:|--:|',
      '| cold: a fresh profile (empty HTTP cache) | 1 of 2 | 900 | 900 | 900 | 900 |',
      '| warm: the same page reloaded | 1 | 700 | 700 | 700 | 700 |',
    ]);
  });

  it('breaks the start down per case, with a dash where no run saw a point', () => {
    const cold = { ...press('cold', 3000), took: { 'worklet capture-worklet': 80 } };
    const table = breakdownTable([cold, press('warm', 1000)]);
    expect(table).toContain('| **listening** (state `listening`) | 3000 | 1000 |');
    expect(table).toContain('| socket made | – | – |');
    expect(table).toContain('| capture-worklet: `addModule` | 80 | – |');
  });

  it('keeps its numbers to 0.1 ms in the JSON', () => {
    expect(resultJson({ at: { open: 9.100000001490116, listening: 2315.04999 }, n: 10 })).toBe(
      '{\n "at": {\n  "open": 9.1,\n  "listening": 2315\n },\n "n": 10\n}',
    );
  });
});
