import { createContext, useContext } from 'react';
import type { ParleyCall } from '@parley/client';

/** The page's conversation (see `createPageCall`), made once at the root and given to the UI. */
export const CallContext = createContext<ParleyCall | null>(null);

/** The page's conversation; throws outside a `CallContext` (a component rendered on its own). */
export function useCall(): ParleyCall {
  const call = useContext(CallContext);
  if (!call) throw new Error('useCall: no CallContext above this component');
  return call;
}
