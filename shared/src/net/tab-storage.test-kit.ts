import type { HandOffStorage } from './page-hand-off.ts';

/**
 * A tab's `sessionStorage`, shared by its pages (`items` shows what is in it); `refuses` makes
 * every call throw, as a browser with storage disabled does.
 */
export class TabStorage implements HandOffStorage {
  readonly items = new Map<string, string>();
  refuses = false;
  getItem(key: string): string | null {
    if (this.refuses) throw new DOMException('denied', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.refuses) throw new DOMException('denied', 'SecurityError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    if (this.refuses) throw new DOMException('denied', 'SecurityError');
    this.items.delete(key);
  }
}
