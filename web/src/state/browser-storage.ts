/** What the page keeps in the browser (localStorage's reading and writing). */
export type BrowserStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage, or null where reading it throws (sandboxed frames). */
export function browserStorage(): BrowserStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
