import { expect, test } from './mic-test.ts';
import { recordCodecWire } from './codec-wire.ts';
import { recordReplyWire } from './control-wire.ts';
import { expectCutWhereItStopped, intoTheSecondSentence } from './interrupt-checks.ts';

// "What can you do" gets a three-sentence answer (about nine seconds): the user stops it in its
// second sentence (Esc), and the relay keeps the words heard — with the reply decoded from Opus.
test.use({ micFile: 'long-reply' });

for (const decoder of ['wasm', 'webcodecs'] as const) {
  test(`Opus both ways by default (${decoder === 'wasm' ? 'WebAssembly' : 'WebCodecs'} decoder): the reply plays, and an interrupt keeps exactly what was heard`, async ({
    page,
  }) => {
    const codecs = recordCodecWire(page);
    const wire = recordReplyWire(page);
    const query = `&debug=1${decoder === 'webcodecs' ? '&decoder=webcodecs' : ''}`;
    const turnId = await intoTheSecondSentence(page, wire, 'full', query);
    expect(codecs.ready).toEqual([{ up: 'opus', down: 'opus', downBitrate: 24_000 }]);
    // What the microphone sent and the reply that played came as Opus, and only as Opus.
    expect(codecs.up.opus).toBeGreaterThan(5);
    expect(codecs.up.pcm16).toBe(0);
    expect(codecs.down.opus).toBeGreaterThan(5);
    expect(codecs.down.pcm16).toBe(0);
    // A 100 ms chunk at 24 kbit/s is ~300 bytes of packets: far from PCM16's 3,200.
    expect(codecs.up.bytes / codecs.up.opus).toBeLessThan(600);
    // The panel says so (the uplink's bitrate is the link's to choose: a loaded machine may
    // lower it).
    await expect(page.getByTestId('debug-audio')).toHaveText(
      new RegExp(
        `^audio up Opus \\d+ kbit/s.* · down Opus 24 kbit/s, ${decoder === 'wasm' ? 'WebAssembly' : 'WebCodecs'} · mic [\\d.]+ kHz( \\(device [\\d.]+ kHz\\))?$`,
      ),
    );
    await page.keyboard.press('Escape');
    await expectCutWhereItStopped(page, wire, turnId);
  });
}

test('?codec=pcm16 offers PCM16 only: raw PCM both ways, as before Opus', async ({ page }) => {
  const codecs = recordCodecWire(page);
  const wire = recordReplyWire(page);
  const turnId = await intoTheSecondSentence(page, wire, 'full', '&codec=pcm16');
  expect(codecs.ready).toEqual([{ up: 'pcm16', down: 'pcm16' }]);
  expect(codecs.up.opus).toBe(0);
  expect(codecs.up.pcm16).toBeGreaterThan(5);
  expect(codecs.down.opus).toBe(0);
  expect(codecs.down.pcm16).toBeGreaterThan(5);
  await page.keyboard.press('Escape');
  await expectCutWhereItStopped(page, wire, turnId);
});
