import { describe, expect, it } from 'vitest';
import { loadAuthConfig } from '../../relay/src/auth/auth-config.ts';
import { createAuthenticator } from '../../relay/src/auth/authenticator.ts';
import { logger } from '../../relay/src/log/logger.ts';
import { signHs256 } from './jwt.ts';

describe('signHs256', () => {
  it('makes tokens the relay accepts in jwt mode, one user per subject', async () => {
    const secret = 'a-bench-secret-that-is-long-enough-for-hs256';
    const auth = createAuthenticator(
      loadAuthConfig({ AUTH_MODE: 'jwt', JWT_SECRET: secret, ALLOWED_ORIGINS: 'http://127.0.0.1' }),
      { now: Date.now, log: logger('test') },
    );
    const identity = await auth.authenticate({
      authorization: `Bearer ${signHs256('bench-user-7', secret)}`,
      local: false,
    });
    expect(identity.userId).toBe('bench-user-7');
    await expect(
      auth.authenticate({
        authorization: `Bearer ${signHs256('bench-user-7', `${secret}!`)}`,
        local: false,
      }),
    ).rejects.toThrow();
  });
});
