import type { SocketLike } from '@parley/shared';
import type { AudioSessionLike } from './audio/output-unlock.ts';
import type { PrefsStorage } from './call/audio-prefs.ts';
import type { CallDevices, CallPage } from './call/call-deps.ts';
import type { PermissionReader } from './mic/mic-permission.ts';

/**
 * The relay's WebSocket address from what a page gives: `https://relay.example` →
 * `wss://relay.example/ws`; a `ws(s)://…` URL or one with a path is kept (its scheme made a
 * socket's). Relative to `base` (the page's address) when it is not absolute.
 */
export function relaySocketUrl(relayUrl: string, base?: string): string {
  const u = new URL(relayUrl, base);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
  return u.toString();
}

/** The browser's parts a call uses (createParleyCall's defaults; a test gives its own). */
export interface BrowserParts {
  /** `navigator.mediaDevices`; undefined where the page may not use them (an insecure origin). */
  devices: CallDevices | undefined;
  audioContext(options: AudioContextOptions): AudioContext;
  openSocket(url: string): SocketLike;
  page: CallPage;
  permissions?: PermissionReader | undefined;
  /** Where input mode and devices are remembered by default (`localStorage`, if it may be used). */
  storage: PrefsStorage | null;
  /** The page's address, that a relative `relayUrl` is read against. */
  pageUrl: string | undefined;
}

/** Whether this page runs as an app added to the home screen (display mode, or iOS's flag). */
function installedApp(): boolean {
  const standalone = (navigator as { standalone?: boolean }).standalone === true;
  return standalone || matchMedia('(display-mode: standalone)').matches;
}

/** `localStorage`, or null where reading it throws (a sandboxed frame, storage turned off). */
function pageStorage(): PrefsStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** This browser's parts, read when a call is made. */
export function browserParts(): BrowserParts {
  return {
    // Undefined where the page may not use the microphone (an insecure origin).
    devices: navigator.mediaDevices,
    audioContext: (options) => new AudioContext(options),
    openSocket: (url) => new WebSocket(url),
    page: {
      window,
      document,
      online: () => navigator.onLine,
      installed: installedApp,
      ...('wakeLock' in navigator ? { wakeLock: navigator.wakeLock } : {}),
      audioSession: (navigator as { audioSession?: AudioSessionLike }).audioSession,
    },
    permissions: navigator.permissions,
    storage: pageStorage(),
    pageUrl: window.location.href,
  };
}
