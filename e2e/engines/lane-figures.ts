import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { wordErrors } from '../../bench/lib/word-errors.ts';
import type { EngineName } from './driver.ts';

const OUT = fileURLToPath(new URL('../../test-results/engines/', import.meta.url));

/** One spoken question: what was said, what the relay heard, and the word errors. */
export interface HeardPhrase {
  said: string;
  heard: string;
  errors: number;
  words: number;
}

/**
 * What a lane measured in its engine, printed at its end and written to
 * `test-results/engines/<engine>.json`: the engine's user agent, the capture rate it gave,
 * what each spoken question was heard as (word error rate), and voice to voice per turn.
 */
export class LaneFigures {
  userAgent = '';
  captureLine = '';
  readonly heard: HeardPhrase[] = [];
  readonly voiceToVoiceMs: number[] = [];

  constructor(private readonly engine: EngineName) {}

  /** A spoken question: what the file said, and what the relay heard. */
  spoken(said: string, heard: string): void {
    this.heard.push({ said, heard, ...wordErrors(said, heard) });
  }

  /** Word error rate over every spoken question (0–1). */
  get wordErrorRate(): number {
    const words = this.heard.reduce((n, h) => n + h.words, 0);
    return words === 0 ? 0 : this.heard.reduce((n, h) => n + h.errors, 0) / words;
  }

  write(): void {
    mkdirSync(OUT, { recursive: true });
    const summary = {
      engine: this.engine,
      userAgent: this.userAgent,
      captureLine: this.captureLine,
      wordErrorRate: Number(this.wordErrorRate.toFixed(3)),
      heard: this.heard,
      voiceToVoiceMs: this.voiceToVoiceMs,
    };
    writeFileSync(`${OUT}${this.engine}.json`, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`${this.engine} lane figures: ${JSON.stringify(summary)}`);
  }
}
