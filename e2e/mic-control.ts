import type { Page } from '@playwright/test';

/**
 * What a phone does to a page's microphone, done from the test: the track ended by the system,
 * the page hidden and shown again, the input device unplugged. The app is only observed through
 * the browser's own APIs (getUserMedia is wrapped to count calls and keep the streams).
 */

interface MicSpy {
  /** Constraints of each getUserMedia call, in order. */
  calls: MediaStreamConstraints[];
  streams: MediaStream[];
}

declare global {
  interface Window {
    __micSpy?: MicSpy;
  }
}

/** Before the page loads: wrap getUserMedia so the test sees every microphone the app opens. */
export async function spyOnMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const spy: MicSpy = { calls: [], streams: [] };
    window.__micSpy = spy;
    const devices = navigator.mediaDevices;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      spy.calls.push(structuredClone(constraints ?? {}));
      const stream = await original(constraints);
      spy.streams.push(stream);
      return stream;
    };
  });
}

/** The constraints of every getUserMedia call so far. */
export function microphoneRequests(page: Page): Promise<MediaStreamConstraints[]> {
  return page.evaluate(() => window.__micSpy?.calls ?? []);
}

/**
 * The system takes the microphone away (a phone call, the page backgrounded on iOS): the newest
 * track stops and fires `ended`, as a track ended by the browser does (`stop()` alone fires
 * nothing).
 */
export async function endMicTrack(page: Page): Promise<void> {
  await page.evaluate(() => {
    const track = window.__micSpy?.streams.at(-1)?.getAudioTracks()[0];
    if (!track) throw new Error('no microphone track');
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
}

/** The page goes to the background (`hidden`) or comes back (`visible`), as far as it can tell. */
export async function setVisibility(page: Page, state: DocumentVisibilityState): Promise<void> {
  await page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);
}

/**
 * The input device in use is unplugged (a Bluetooth headset switched off): `enumerateDevices`
 * stops listing it — once — and `devicechange` fires. Returns the label of the device that went.
 */
export async function unplugMicDevice(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const track = window.__micSpy?.streams.at(-1)?.getAudioTracks()[0];
    if (!track) throw new Error('no microphone track');
    const gone = track.getSettings();
    const devices = navigator.mediaDevices;
    const original = devices.enumerateDevices.bind(devices);
    const listed = await original();
    devices.enumerateDevices = () => {
      devices.enumerateDevices = original;
      return Promise.resolve(
        listed.filter(
          (d) =>
            d.kind !== 'audioinput' ||
            (d.deviceId !== gone.deviceId &&
              (gone.groupId === undefined || d.groupId !== gone.groupId)),
        ),
      );
    };
    devices.dispatchEvent(new Event('devicechange'));
    return track.label;
  });
}
