/**
 * Where a page's hand-off to the tab's next page is kept in `sessionStorage` (page-hand-off.ts).
 * Apart and zod-free: the widget's loader checks the key exists without loading the call.
 */

/** Where the hand-off for `relay` (an origin: `https://relay.example`) is kept. */
export function handOffKey(relay: string): string {
  return `parley:hand-off:${relay}`;
}
