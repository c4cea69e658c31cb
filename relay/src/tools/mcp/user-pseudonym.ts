import { createHmac } from 'node:crypto';
import type { SecretBox } from '../../secrets/secret-box.ts';

/**
 * The `_meta` key of a `tools/call` that names the user it is for (MCP's `_meta`: a prefix of
 * our own, then a name), and the header an HTTP server is sent the same in.
 */
export const USER_META = 'parley/user';
export const USER_HEADER = 'Parley-User';

/** Characters of a pseudonym (base64url: 132 bits). */
const PSEUDONYM_CHARS = 22;

/**
 * Who a tool call is for, as server `serverId` is told it (issue 60, item 6): a pseudonym, the
 * HMAC of the user's id under a key derived from `SETTINGS_KEY` for that server. Stable for a
 * user across calls, restarts and relays; different on each server (two servers cannot match
 * their users up); the user's own id (an e-mail address, an IdP's subject) never leaves the
 * relay. Null without a key (jwt mode without `SETTINGS_KEY`): the server is told no user.
 */
export function userPseudonym(
  box: SecretBox | null,
  serverId: string,
  userId: string,
): string | null {
  if (!box) return null;
  return createHmac('sha256', box.derive(`mcp/${serverId}/user`))
    .update(userId, 'utf8')
    .digest('base64url')
    .slice(0, PSEUDONYM_CHARS);
}
