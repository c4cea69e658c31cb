import { expect, test } from './mic-test.ts';

test.use({ micFile: 'quiet' });

interface Manifest {
  name: string;
  short_name: string;
  display: string;
  start_url: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('installable: a valid manifest, a service worker in control, the shell opens offline', async ({
  page,
  context,
}) => {
  const res = await page.request.get('/manifest.webmanifest');
  expect(res.ok()).toBe(true);
  const manifest = (await res.json()) as Manifest;
  expect(manifest).toMatchObject({ short_name: 'Parley', display: 'standalone', start_url: '/' });
  const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const r = await page.request.get(icon.src);
    expect(r.headers()['content-type']).toBe('image/png');
  }

  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null))
    .toBe('activated');
  // Chromium's own installability check finds nothing missing (but that the test's browser
  // context is an incognito-like profile, where nothing is installable).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual(
    [],
  );

  // The voice models are precached too: a reload on a dead network still opens and can listen.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(r.url);
    return urls;
  });
  expect(cached.some((u) => new URL(u).pathname.endsWith('.wasm'))).toBe(true);
  expect(cached.some((u) => new URL(u).pathname.endsWith('.onnx'))).toBe(true);
  expect(cached.some((u) => u.includes('/api/') || u.includes('/ws'))).toBe(false);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('talk-button')).toBeVisible();
  // "Offline" when the browser says so; Chromium under Playwright's offline emulation may keep
  // navigator.onLine true, and then the page says the relay cannot be reached.
  const notice = page.getByTestId('offline-notice').or(page.getByTestId('relay-unreachable'));
  await expect(notice).toBeVisible();
  // API traffic is never answered from a cache.
  expect(
    await page.evaluate(() =>
      fetch('/api/sessions').then(
        () => 'answered',
        () => 'network error',
      ),
    ),
  ).toBe('network error');
  await context.setOffline(false);
  await page.reload();
  await expect(notice).toBeHidden();
});
