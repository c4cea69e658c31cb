import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { translator, type Translate } from './intl.ts';

/** The page's messages for a component, by key; it renders again when the language changes. */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => translator(intl), [intl]);
}
