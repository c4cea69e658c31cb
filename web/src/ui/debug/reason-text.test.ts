import { describe, expect, it } from 'vitest';
import {
  judgeBargeIn,
  judgeWords,
  voiceCue,
  type BargeInRule,
  type SoundOverReply,
} from '@parley/shared';
import { intlFor } from '../../i18n/intl.ts';
import { overReplyText } from './over-reply-text.ts';
import { endWaitText, reasonText, unknownReasonParts } from './reason-text.ts';

const nl = intlFor('nl');
const en = intlFor('en');

const SAID = [
  'wat is twaalf keer zeven',
  'hoe laat is het',
  'maak me wakker om',
  'herinner me aan de',
  'ik wil graag en',
  'honderdvijfentwintig gedeeld door twintig',
  'ja',
  'eh',
  'tafel',
  'weet je hoe laat het is',
  'wat',
  '',
  'what time is it',
  'set a timer for the',
  'i want to',
  'yes',
  'twenty',
];

const OVER_REPLY = [
  '',
  'wacht',
  'ja',
  'jaja klopt',
  'hm-hm',
  'laat maar',
  'waarom',
  'nee wacht even',
];

/** Every reason the policies give for the words and sounds above, in Dutch, English and French. */
function policyReasons(): string[] {
  const reasons = new Set<string>();
  for (const language of ['nl', 'en', 'fr'])
    for (const text of SAID) reasons.add(judgeWords(text, language).reason);
  const rules: BargeInRule[] = ['words', 'any-sound'];
  for (const rule of rules)
    for (const language of ['nl', 'en-GB', 'fr'])
      for (const words of [
        ...OVER_REPLY,
        'wait',
        'yeah',
        'why',
        'hold on',
        'tell me more about it',
      ])
        for (const ended of [false, true])
          for (const speech of [false, true])
            for (const elapsedMs of [300, 3_000]) {
              const sound: SoundOverReply = {
                elapsedMs,
                silentForMs: ended ? 300 : 0,
                ended,
                speech,
                words,
                pitch: 'rising',
                ...(words === 'hold on' ? { spotted: ['hold on'] } : {}),
              };
              reasons.add(judgeBargeIn(sound, rule, { language }).reason);
            }
  for (const pitch of ['falling', 'level', 'rising'] as const)
    for (const lastVoicedMs of [80, 200, 400]) {
      const cue = voiceCue({ pitch, moveSt: -3.46, lastVoicedMs, typicalVoicedMs: 200 }, 200);
      if (cue) reasons.add(`complete statement; voice goes on (${cue.reason})`);
    }
  return [...reasons];
}

describe('the latency panel’s reasons', () => {
  it('know every part the turn-taking policies give, in every language', () => {
    const reasons = [
      ...policyReasons(),
      // What the end-of-turn policy adds to the words' verdict (end-of-turn.ts, pause-readings.ts).
      'complete question; you pause ~420 ms',
      'complete statement; final words late',
      'complete statement; waited for the final words',
      'complete question, or "hoe laat is het om" (1.5 behind)',
      'a yes to a question: "no, wait" may follow',
      'no words at the pause yet',
      'fixed rule',
      // What the barge-in policy says of a level hum (barge-in-policy.ts, issue 61).
      'a level hum heard as "edge around i"',
      'words "edge around i", no reading of it came',
    ];
    expect(reasons.length).toBeGreaterThan(30);
    for (const reason of reasons) expect(unknownReasonParts(reason), reason).toEqual([]);
  });

  it('say why a turn ended in Dutch on a Dutch page', () => {
    expect(endWaitText(nl, { waitMs: 1_200, reason: "trailing preposition 'om'" })).toBe(
      '1.200 ms · eindigt op voorzetsel ‘om’',
    );
    expect(
      reasonText(
        nl,
        'complete statement; voice goes on (pitch rising 3.5 st, short last syllable); you pause ~420 ms',
      ),
    ).toBe(
      'volledige zin; stem gaat door (toonhoogte stijgt 3,5 st, korte laatste lettergreep); ' +
        'je pauzeert gewoonlijk ~420 ms',
    );
    expect(reasonText(nl, judgeWords('hoe laat is het', 'fr').reason)).toBe(
      'geen beurtwoorden voor het Frans: stem en stilte beslissen',
    );
    expect(endWaitText(nl, undefined)).toBe('–');
  });

  it('say why a sound over the reply stopped it or let it go on, in Dutch', () => {
    expect(
      overReplyText(nl, [
        { action: 'resume', reason: 'backchannel "jaja"', afterMs: 720 },
        { action: 'stop', reason: 'stop word "wacht"', afterMs: 290 },
      ]),
    ).toBe('ging door · instemming “jaja” (720 ms); gestopt · stopwoord “wacht” (290 ms)');
  });

  it('say every known reason differently in Dutch than in English', () => {
    for (const reason of policyReasons())
      expect(reasonText(nl, reason), reason).not.toBe(reasonText(en, reason));
  });

  it('read back in English as the policies wrote them', () => {
    for (const reason of [
      'complete question',
      'stop word "wait"',
      'backchannel "yeah"',
      'a sound with no words (a cough, a laugh, a noise)',
      'complete statement; you pause ~420 ms',
    ])
      expect(reasonText(en, reason)).toBe(reason);
  });
});
