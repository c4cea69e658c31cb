import { useEffect, useRef, type RefObject } from 'react';

/**
 * When a panel closes and focus went with it (it was inside), focus goes back to the control that
 * opens it, so a keyboard user is not dropped at the top of the page.
 */
export function useReturnFocus(open: boolean, opener: RefObject<HTMLElement | null>): void {
  const wasOpen = useRef(open);
  useEffect(() => {
    const closed = wasOpen.current && !open;
    wasOpen.current = open;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (closed && lost) opener.current?.focus();
  }, [open, opener]);
}
