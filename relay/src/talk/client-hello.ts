import type { AudioCodec, ResilientConnectionOptions } from '@parley/shared';
import { codecOffer } from './turn-codecs.ts';

/** What the CLI client's `hello` says of itself, its user and the audio it wants. */
export interface TalkHelloOptions {
  /**
   * Sample rate to ask reply audio in (Hz), or 'native': the synthesiser's own rate, whatever it
   * is (`ready.outputSampleRateHz`; what a browser asks for). Default 16 kHz.
   */
  outputSampleRateHz?: number | 'native';
  timeZone?: string;
  /**
   * The page's language (BCP 47, `hello.language`): a user who saved no preferences gets it as
   * theirs. Absent: none said.
   */
  language?: string;
  /** Continue this past conversation of the user's (its id) instead of starting a new one. */
  continueFrom?: string;
  /**
   * How audio travels: `opus` offers Opus both ways (the relay may still choose PCM16);
   * `pcm16` offers nothing, as a client before codecs existed. Default `pcm16`.
   */
  codec?: AudioCodec;
}

/** The `hello` of `pnpm talk`'s client, besides the ticket and resume data the connection adds. */
export function talkHello(options: TalkHelloOptions): ResilientConnectionOptions['hello'] {
  return {
    ...(options.outputSampleRateHz === 'native'
      ? {}
      : { outputSampleRateHz: options.outputSampleRateHz ?? 16_000 }),
    client: { name: 'parley-talk', version: '0.1.0' },
    ...(options.codec === 'opus' ? { codecs: codecOffer('opus') } : {}),
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.continueFrom === undefined
      ? {}
      : { continue: { sessionId: options.continueFrom } }),
  };
}
