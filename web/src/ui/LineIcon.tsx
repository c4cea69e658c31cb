import type { ReactNode } from 'react';

/** A 24×24 line icon drawn in the text's colour; hidden from screen readers (its button names it). */
export function LineIcon({ children }: { children: ReactNode }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      {children}
    </svg>
  );
}
