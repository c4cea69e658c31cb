import { useState } from 'react';
import { setAuthToken } from '../net/api.ts';
import { actions, useApp } from '../state/store.ts';
import { useT } from '../i18n/use-t.ts';

/** Shown when the relay requires sign-in and no page-provided token exists. */
export function TokenPrompt() {
  const t = useT();
  const needsToken = useApp((s) => s.needsToken);
  const [value, setValue] = useState('');
  if (!needsToken) return null;
  return (
    <form
      className="token-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        setAuthToken(value.trim() || null);
        actions.setNeedsToken(false);
        actions.setNotice(null);
      }}
    >
      <label htmlFor="token">{t('token.label')}</label>
      <input
        id="token"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder={t('token.placeholder')}
      />
      <button type="submit">{t('token.save')}</button>
    </form>
  );
}
