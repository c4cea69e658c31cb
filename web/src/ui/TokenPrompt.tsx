import { useState } from 'react';
import { setAuthToken } from '../net/api.ts';
import { actions, useApp } from '../state/store.ts';

/** Shown when the relay requires sign-in and no page-provided token exists. */
export function TokenPrompt() {
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
      <label htmlFor="token">Access token</label>
      <input
        id="token"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="Paste the token from your sign-in provider"
      />
      <button type="submit">Save</button>
    </form>
  );
}
