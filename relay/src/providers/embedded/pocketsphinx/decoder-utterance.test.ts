import { describe, expect, it } from 'vitest';
import { readLine } from './decoder-utterance.ts';

describe('readLine', () => {
  it.each([
    ['what time is it', { kind: 'segment', text: 'what time is it' }],
    ['~ what time', { kind: 'partial', text: 'what time' }],
    ['= end', { kind: 'end' }],
    ['  good morning ', { kind: 'segment', text: 'good morning' }],
    ['', { kind: 'segment', text: '' }],
    ['~ ', { kind: 'partial', text: '' }],
    ['! hold on', { kind: 'spotted', text: 'hold on' }],
    ['? 173 it is twenty', { kind: 'alternative', text: 'it is twenty', gap: 173 }],
    ['? -31 wear it for', { kind: 'alternative', text: 'wear it for', gap: -31 }],
    ['@ 40960', { kind: 'progress', samples: 40960 }],
  ])('reads %j', (line, read) => {
    expect(readLine(line)).toEqual(read);
  });
});
