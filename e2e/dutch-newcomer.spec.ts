import { renameSync, writeFileSync } from 'node:fs';
import { floatToPcm16, resampleAll } from '../shared/src/index.ts';
import { speakEspeak } from '../bench/speech/espeak.ts';
import { writeWav } from '../relay/src/audio/wav.ts';
import { startFakeDeepgram, type FakeDeepgram } from '../relay/test/fakes/deepgram-server.ts';
import { storedTurns } from './control-wire.ts';
import { expect, test } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay, SHIPPED_RECOGNISER } from './relay-process.ts';
import { recordTurnsDone } from './reply-wire.ts';
import { notesOf, recordToolWire } from './tool-wire.ts';

// Issue 62, done when: a newcomer whose browser asks for Dutch gets a Dutch page, types Dutch to
// the offline responder and hears Dutch answers in a Dutch voice, and — with a Dutch recogniser
// connected in Settings (Deepgram; here a fake at the network boundary speaking its protocol) —
// holds a spoken Dutch conversation: end of turn, a tool with its Dutch "ja", and a "wacht" that
// stops a reply. Each checked by what reaches the relay and what it stores.

test.use({ locale: 'nl-NL', micFile: 'quiet', serviceWorkers: 'block' });

const KEY = 'dg-dutch-newcomer-0123456789abcdef';
const SAID = {
  note: 'onthoud dat mijn zus anna heet',
  yes: 'ja',
  help: 'wat kun je allemaal doen',
  stop: 'wacht',
} as const;

/**
 * The microphone's Dutch, made with eSpeak NG's Dutch voice as the benches make it, at 48 kHz:
 * each phrase, then the silence after it (ms). "wacht" comes while the help is being said.
 */
async function dutchMicrophone(path: string): Promise<void> {
  const parts: [string, number][] = [
    [SAID.note, 6_000],
    [SAID.yes, 6_000],
    [SAID.help, 5_000],
    [SAID.stop, 6_000],
  ];
  const rate = 48_000;
  const out: number[] = new Array<number>(rate).fill(0);
  for (const [text, gapMs] of parts) {
    const speech = await speakEspeak(text, { voice: 'nl', rateWpm: 160 });
    for (const x of resampleAll(speech.samples, 16_000, rate)) out.push(x * 0.8);
    for (let i = 0; i < (rate * gapMs) / 1000; i++) out.push(0);
  }
  writeFileSync(`${path}.part`, writeWav(floatToPcm16(Float32Array.from(out)), rate));
  renameSync(`${path}.part`, path);
}

test('a Dutch newcomer’s first minutes: typed and spoken, with a tool and a barge-in', async ({
  page,
  micPath,
}) => {
  test.setTimeout(150_000);
  // Deepgram's address is the operator's (DEEPGRAM_BASE_URL); the user brings the key.
  const deepgram: FakeDeepgram = await startFakeDeepgram({
    apiKey: KEY,
    transcript: SAID.note,
    msPerWord: 80,
  });
  // The recognisers as shipped (none pinned by the environment), so that Settings may change them.
  const relay = new E2eRelay(specPort(96), {
    env: { ...SHIPPED_RECOGNISER, DEEPGRAM_BASE_URL: deepgram.url },
  });
  try {
    await relay.start();
    const turns = recordTurnsDone(page);
    const tools = recordToolWire(page);

    // A fresh relay, a browser asking for Dutch: the page is Dutch.
    await page.goto(relay.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByTestId('talk-button')).toHaveText(/Praten/);

    // Typed Dutch, answered by the offline responder in Dutch, in eSpeak NG's Dutch voice.
    await page.getByTestId('speak-replies').check();
    await page.getByTestId('text-input').fill('hoe laat is het');
    await page.getByTestId('text-send').click();
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.first()).toHaveText(/^Het is \d{1,2}:\d\d\.$/);
    const typedTurn = Number(await replies.first().getAttribute('data-turn'));
    await expect.poll(() => turns.done.get(typedTurn)?.voice).toBe('espeak-ng');

    // Talk: no recogniser hears Dutch yet; Deepgram is one click away, connected in Settings.
    await page.getByTestId('talk-button').click();
    await page.getByTestId('speech-choice').filter({ hasText: 'Deepgram' }).click();
    const asr = page.getByTestId('stage-asr');
    await expect(asr.getByTestId('provider-kind').first()).toHaveValue('deepgram');
    await asr.getByTestId('provider-key').first().fill(KEY);
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    await page.getByTestId('settings-button').click();

    // The spoken conversation: the microphone says Dutch from when Talk opens it.
    await dutchMicrophone(micPath);
    await page.getByTestId('talk-button').click();

    // End of turn, then the note's question in Dutch; "ja" keeps it.
    const question = /^Zal ik onthouden dat je zus anna heet\?$/i;
    await expect
      .poll(() => tools.received.filter((m) => m.type === 'tool.confirm').length, {
        timeout: 40_000,
      })
      .toBe(1);
    deepgram.setTranscript(SAID.yes);
    await expect(replies.nth(1)).toHaveText(question);
    await expect
      .poll(() => notesOf(page), { timeout: 30_000 })
      .toEqual([expect.stringMatching(/zus anna heet/i)]);
    deepgram.setTranscript(SAID.help);

    // The help, cut by "wacht": the reply stops and is stored as far as it was heard.
    await expect(replies.nth(3)).toHaveAttribute('data-final', 'true', { timeout: 30_000 });
    deepgram.setTranscript(SAID.stop);
    await expect(replies.nth(3)).toHaveAttribute('data-status', 'interrupted', {
      timeout: 30_000,
    });
    // The interruption is a turn of its own, answered (as over-reply.spec's "wait stop" is):
    // waited for, so the call's end never races it.
    await expect(replies.nth(4)).toHaveAttribute('data-status', 'completed', { timeout: 30_000 });
    await page.getByTestId('end-call-button').click();

    const stored = await storedTurns(page, relay.url);
    const spoken = stored.slice(1);
    expect(spoken.map((t) => t.userText)).toEqual([SAID.note, SAID.yes, SAID.help, SAID.stop]);
    expect(spoken[0]?.assistantText).toMatch(question);
    expect(spoken[1]?.assistantText).toMatch(/anna/i);
    expect(spoken[2]?.interrupted).toBe(true);
    const help = spoken[2]?.assistantText ?? '';
    expect(help.startsWith('Ik ben de offline responder')).toBe(true);
    expect(help.length).toBeLessThan(250);
    // Every reply was said in the Dutch voice.
    expect([...turns.done.values()].every((t) => t.voice === 'espeak-ng')).toBe(true);
  } finally {
    await relay.kill();
    await deepgram.close();
  }
});
