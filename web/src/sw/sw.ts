/// <reference lib="webworker" />
// The app's service worker (built by vite-plugin-pwa's injectManifest into /sw.js, the URL
// every installed copy registered): the precached app shell, as the generated one had it, and
// reminders pushed while the app is closed (issue 65).
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { pushedReminder, type PushedToPage } from '../reminders/pushed-reminder.ts';
import { intlFor } from '../i18n/intl.ts';
import { browserLanguage } from '../i18n/locale.ts';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

// The app shell, its lazy chunks, the VAD model and onnxruntime's .wasm: a reload on a flaky
// network still opens the app and can listen.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Never the API, the WebSocket, health, readiness or metrics: always the network.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/api\//, /^\/ws/, /^\/health/, /^\/ready/, /^\/metrics/],
  }),
);

// The page asks before a new version takes over (a call in progress must not be cut).
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('push', (event) => {
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const words = intlFor(browserLanguage(self.navigator.languages));
      const pushed = pushedReminder(words, event.data?.text() ?? '', windows, Date.now());
      if (!pushed) return;
      // An open window shows it in its notice (and rings it, if it has not).
      const message: PushedToPage = { type: 'parley.reminder', reminder: pushed.reminder };
      for (const w of windows) w.postMessage(message);
      if (pushed.alert)
        await self.registration.showNotification(pushed.alert.title, pushed.alert.options);
    })(),
  );
});

// A click on a reminder opens the app, or brings its window forward.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) await open.focus();
      else await self.clients.openWindow('/');
    })(),
  );
});
