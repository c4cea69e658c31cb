import { describe, expect, it } from 'vitest';
import { lossMarkdown } from './report.ts';
import {
  mergeCells,
  playoutGaps,
  summariseCell,
  type Cell,
  type UtteranceOutcome,
} from './summary.ts';

const said = (o: Partial<UtteranceOutcome> = {}): UtteranceOutcome => ({
  text: 'what time is it',
  turns: 1,
  heard: 'what time is it',
  status: 'completed',
  voiceToVoiceMs: 900,
  replyAudioMs: 5000,
  gaps: { count: 0, totalMs: 0, longestMs: 0 },
  ...o,
});

const cell = (o: Partial<Cell> = {}, counts: Partial<Cell['counts']> = {}): Cell => ({
  lossPercent: 0,
  codec: 'opus',
  sessions: 1,
  warmTurns: 1,
  loadAfter: [2],
  utterances: [said(), said({ voiceToVoiceMs: 1100 })],
  counts: {
    chunksSent: 60,
    lostChunks: 0,
    unackedChunks: 0,
    reconnects: 0,
    wentOffline: false,
    relay: { accepted: 60, duplicate: 0, missing: 0 },
    storedTurns: 3,
    completedTurns: 3,
    packets: { inSeen: 100, inDropped: 0, outSeen: 100, outDropped: 0 },
    ...counts,
  },
  ...o,
});

describe('bench:loss playout gaps', () => {
  it('hears none while audio comes ahead of its playing, however bursty', () => {
    expect(
      playoutGaps([
        { atMs: 1000, durationMs: 500 },
        { atMs: 1010, durationMs: 500 },
        { atMs: 1900, durationMs: 100 },
      ]),
    ).toEqual({ count: 0, totalMs: 0, longestMs: 0 });
  });

  it('hears a gap each time a block comes after the queue ran dry, audio ahead filling later stalls', () => {
    expect(
      playoutGaps([
        { atMs: 0, durationMs: 100 },
        { atMs: 300, durationMs: 100 }, // dry from 100 to 300
        { atMs: 310, durationMs: 500 }, // queued: plays 400–900
        { atMs: 850, durationMs: 100 }, // still queued
        { atMs: 1050, durationMs: 100 }, // dry from 1000 to 1050
      ]),
    ).toEqual({ count: 2, totalMs: 250, longestMs: 200 });
  });

  it('counts nothing for no audio, and leaves out gaps under the threshold', () => {
    expect(playoutGaps([])).toEqual({ count: 0, totalMs: 0, longestMs: 0 });
    expect(
      playoutGaps([
        { atMs: 0, durationMs: 20 },
        { atMs: 20.5, durationMs: 20 },
      ]),
    ).toMatchObject({ count: 0 });
  });
});

describe('bench:loss cell summary', () => {
  it('is lossless when every frame sent was accepted and each utterance is one stored turn', () => {
    expect(summariseCell(cell())).toMatchObject({
      lossless: true,
      oneTurn: 2,
      v2vMedianMs: 900,
      v2vP90Ms: 1100,
      sameWords: null,
    });
  });

  it.each<[string, Partial<Cell>, Partial<Cell['counts']>]>([
    ['a frame missing at the relay', {}, { relay: { accepted: 59, duplicate: 0, missing: 1 } }],
    [
      'a frame sent that the relay never accepted (the last, no gap)',
      {},
      { relay: { accepted: 59, duplicate: 0, missing: 0 } },
    ],
    ['a chunk lost by the client', {}, { lostChunks: 1 }],
    ['a chunk never acknowledged', {}, { unackedChunks: 1 }],
    ['the connection gone offline', {}, { wentOffline: true }],
    ['a turn stored twice', {}, { storedTurns: 4, completedTurns: 4 }],
    ['a turn not completed', {}, { completedTurns: 2 }],
    ['an utterance split in two', { utterances: [said({ turns: 2 }), said()] }, {}],
  ])('is not lossless with %s', (_, o, counts) => {
    expect(summariseCell(cell(o, counts)).lossless).toBe(false);
  });

  it('merges the rounds of a loss rate × codec, counts summed, each cell where it first came', () => {
    const merged = mergeCells([
      cell({ utterances: [said({ text: 'a' })] }, { lostChunks: 1 }),
      cell({ lossPercent: 5, loadAfter: [7] }),
      cell({ utterances: [said({ text: 'b' })], loadAfter: [4] }, { wentOffline: true }),
    ]);
    expect(merged.map((c) => [c.lossPercent, c.sessions, c.warmTurns])).toEqual([
      [0, 2, 2],
      [5, 1, 1],
    ]);
    const first = merged[0];
    expect(first?.utterances.map((u) => u.text)).toEqual(['a', 'b']);
    expect(first?.loadAfter).toEqual([2, 4]);
    expect(first?.counts).toMatchObject({
      chunksSent: 120,
      lostChunks: 1,
      wentOffline: true,
      relay: { accepted: 120, duplicate: 0, missing: 0 },
      storedTurns: 6,
      packets: { inSeen: 200 },
    });
    expect(summariseCell(first!)).toMatchObject({ load: { min: 2, max: 4 } });
  });

  it('compares the words with the baseline and sums the gaps heard', () => {
    const lossy = cell({
      lossPercent: 5,
      utterances: [
        said({ gaps: { count: 2, totalMs: 300, longestMs: 200 } }),
        said({
          text: 'what day is it',
          heard: 'what day is',
          gaps: { count: 1, totalMs: 50, longestMs: 50 },
        }),
      ],
    });
    const baseline = cell({
      utterances: [said({ text: 'what day is it', heard: 'what day is it' }), said()],
    });
    expect(summariseCell(lossy, baseline)).toMatchObject({
      sameWords: 1,
      repliesWithGaps: 2,
      gapCount: 3,
      gapTotalMs: 350,
      longestGapMs: 200,
    });
  });

  it('writes a row per cell with the load and the command', () => {
    const md = lossMarkdown({
      command: 'pnpm bench:loss',
      measuredAt: 'now',
      machine: 'test',
      uptimeBefore: 'load average: 1.00',
      uptimeAfter: 'load average: 2.00',
      delayMs: 40,
      latency: { firstTokenMs: 400, firstSpeechMs: 200 },
      reply: 'Yes.',
      rounds: 1,
      cells: [cell(), cell({ lossPercent: 5 }, { lostChunks: 1 })],
    });
    expect(md).toContain(
      '| 0 % | Opus | yes, 2 of 2 | baseline | 900 | 1100 | 0 of 2 | 0 | 0 | 0 | 0 | 2 |',
    );
    expect(md).toContain('| 5 % | Opus | NO, 2 of 2 | 2 of 2 |');
    expect(md).toContain('load average: 2.00');
    expect(md).toContain('`pnpm bench:loss`');
  });
});
