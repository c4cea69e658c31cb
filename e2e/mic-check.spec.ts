import { expect, test, type Page } from './mic-test.ts';
import { micInUse, optionValues } from './control-wire.ts';
import { microphoneRequests, spyOnMicrophone } from './mic-control.ts';

// Issue 45, item 8: before the first call the Devices panel listed only "System default" (the
// browser names no device until the page may use one) and its meter never moved. A microphone
// test opens the chosen input, shows its level, and the list fills with the devices' names —
// with nothing sent anywhere.

test.use({ micFile: 'two-turns', serviceWorkers: 'block' });

const level = (page: Page) =>
  page
    .getByTestId('mic-level')
    .getAttribute('value')
    .then((v) => Number(v));

/** Whether every microphone track the page opened is closed (the browser's light is off). */
const allClosed = (page: Page) =>
  page.evaluate(
    () =>
      window.__micSpy?.streams.every((s) =>
        s.getAudioTracks().every((t) => t.readyState === 'ended'),
      ) ?? true,
  );

/**
 * Before the page loads: devices listed as a browser lists them to a page that has not opened a
 * microphone yet — without ids or names (the Media Capture spec's exposure rule; Chromium's fake
 * media switches grant the permission up front, which real browsers do not).
 */
async function hideDeviceNamesUntilOpened(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const devices = navigator.mediaDevices;
    const list = devices.enumerateDevices.bind(devices);
    const open = devices.getUserMedia.bind(devices);
    let opened = false;
    devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const stream = await open(constraints);
      opened = true;
      return stream;
    };
    devices.enumerateDevices = async () => {
      const all = await list();
      if (opened) return all;
      // One anonymous entry per kind, as Chromium gives before permission.
      const kinds = [...new Set(all.map((d) => d.kind))];
      return kinds.map((kind) => ({
        kind,
        deviceId: '',
        groupId: '',
        label: '',
        toJSON: () => ({}),
      }));
    };
  });
}

test('before any call, Test microphone shows the level, names the devices, opens the one chosen, and a call then takes the microphone over', async ({
  page,
}) => {
  await spyOnMicrophone(page);
  await hideDeviceNamesUntilOpened(page);
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('/');
  await page.getByTestId('devices-button').click();
  // The browser names nothing yet.
  await expect
    .poll(async () => Object.keys(await optionValues(page, 'mic-select')))
    .toEqual(['System default']);

  const test = page.getByTestId('mic-test');
  await test.click();
  await expect(test).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => level(page)).toBeGreaterThan(0);
  await expect
    .poll(async () => Object.keys(await optionValues(page, 'mic-select')))
    .toEqual(['Fake Default Audio Input', 'Fake Audio Input 1', 'Fake Audio Input 2']);
  await expect(page.getByTestId('mic-test-status')).toContainText('Listening to');

  // Another input, chosen during the test: opened exactly, and heard.
  const inputs = await optionValues(page, 'mic-select');
  await page.getByTestId('mic-select').selectOption({ label: 'Fake Audio Input 1' });
  await expect(page.getByTestId('mic-test-status')).toContainText('Fake Audio Input 1');
  const requests = await microphoneRequests(page);
  expect(requests).toHaveLength(2);
  expect(requests[1]?.audio).toMatchObject({ deviceId: { exact: inputs['Fake Audio Input 1'] } });
  await expect.poll(() => level(page)).toBeGreaterThan(0);

  // Stopped: the microphone is closed and the meter is still.
  await test.click();
  await expect(test).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => allClosed(page)).toBe(true);
  await expect(page.getByTestId('mic-level')).toHaveAttribute('value', '0');
  // A test is no conversation: no socket was opened.
  expect(sockets).toEqual([]);

  // Tested again, then Talk: the test lets go and the call opens the input chosen.
  await test.click();
  await expect.poll(() => level(page)).toBeGreaterThan(0);
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('mic-test')).toHaveCount(0);
  await expect.poll(() => micInUse(page)).toMatchObject({ label: 'Fake Audio Input 1' });
  const streams = await page.evaluate(() =>
    (window.__micSpy?.streams ?? []).map((s) => s.getAudioTracks()[0]?.readyState),
  );
  // Every test's track closed; only the call's is live.
  expect(streams.slice(0, -1).every((s) => s === 'ended')).toBe(true);
  expect(streams.at(-1)).toBe('live');
});
