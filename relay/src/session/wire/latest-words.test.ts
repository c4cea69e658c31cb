import { describe, expect, it } from 'vitest';
import { LatestWords } from './latest-words.ts';

describe('LatestWords: what a client that resumes is told of the utterance being spoken', () => {
  it('tells the latest words of the utterance, with how far the words reach', () => {
    const words = new LatestWords();
    words.told({ turnId: 2, text: 'yeah', coversSeq: 58 });
    words.told({ turnId: 2, text: 'thank you very much', coversSeq: 70 });
    expect(words.of(2)).toEqual({
      type: 'transcript.partial',
      turnId: 2,
      text: 'thank you very much',
      coversSeq: 70,
    });
  });

  it('keeps the furthest coverage and the stop phrases spotted where the latest words leave them out', () => {
    const words = new LatestWords();
    words.told({ turnId: 3, text: 'wait', coversSeq: 12 });
    words.told({ turnId: 3, text: 'wait', spotted: ['wait'] });
    words.told({ turnId: 3, text: 'wait what', coversSeq: 11 });
    expect(words.of(3)).toEqual({
      type: 'transcript.partial',
      turnId: 3,
      text: 'wait what',
      coversSeq: 12,
      spotted: ['wait'],
    });
  });

  it('tells a pause’s reading as it was told, when it is the latest', () => {
    const words = new LatestWords();
    words.told({ turnId: 4, text: 'what time is', pauseSeq: 20, closedFollows: true });
    words.told({ turnId: 4, text: 'what time is it', pauseSeq: 20, reading: 'closed' });
    expect(words.of(4)).toEqual({
      type: 'transcript.partial',
      turnId: 4,
      text: 'what time is it',
      pauseSeq: 20,
      reading: 'closed',
    });
  });

  it('tells nothing of another utterance, nor of one whose words were never told', () => {
    const words = new LatestWords();
    expect(words.of(1)).toBeNull();
    words.told({ turnId: 1, text: 'yeah', coversSeq: 9, spotted: ['stop'] });
    words.told({ turnId: 2, text: 'hello' });
    expect(words.of(1)).toBeNull();
    expect(words.of(undefined)).toBeNull();
    // A new utterance carries nothing over from the one before.
    expect(words.of(2)).toEqual({ type: 'transcript.partial', turnId: 2, text: 'hello' });
  });
});
