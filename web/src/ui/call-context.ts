import { createContext, useContext } from 'react';
import type { Call } from '@parley/client/internal';

/** The page's conversation (see `createCall`), made once at the root and given to the UI. */
export const CallContext = createContext<Call | null>(null);

/** The page's conversation; throws outside a `CallContext` (a component rendered on its own). */
export function useCall(): Call {
  const call = useContext(CallContext);
  if (!call) throw new Error('useCall: no CallContext above this component');
  return call;
}
