/**
 * The relay's WebSocket URL: `?relay=` (for testing against another relay), else the build-time
 * `VITE_RELAY_URL`, else this page's own origin (the relay serves the app in the default setup).
 */
export function relayWebSocketUrl(loc: Location = window.location): string {
  const fromQuery = new URLSearchParams(loc.search).get('relay');
  const configured = fromQuery ?? (import.meta.env.VITE_RELAY_URL as string | undefined);
  if (configured) {
    const u = new URL(configured, loc.href);
    if (u.protocol === 'http:') u.protocol = 'ws:';
    if (u.protocol === 'https:') u.protocol = 'wss:';
    if (u.pathname === '/' || u.pathname === '') u.pathname = '/ws';
    return u.toString();
  }
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
