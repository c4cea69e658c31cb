import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The user and group stdio MCP servers run as (`MCP_STDIO_USER`), resolved at start. */
export interface StdioUser {
  uid: number;
  gid: number;
  /** Its name, for `USER` and `LOGNAME` (the uid as text when given by number). */
  name: string;
  /** Its home folder (`HOME`), from the user database; null when given by number or unknown. */
  home: string | null;
}

/** A user database entry (`getent passwd`, `getent group`), split at its colons; null: none. */
export type Lookup = (database: 'passwd' | 'group', key: string) => string[] | null;

/** The system's user database (NSS: /etc/passwd, LDAP…), through `getent`. */
export const getent: Lookup = (database, key) => {
  try {
    const line = execFileSync('getent', [database, key], { encoding: 'utf8', timeout: 5000 });
    return line.trim().split(':');
  } catch {
    return null;
  }
};

const NUMBER = /^\d+$/;

/**
 * `MCP_STDIO_USER` read: `user`, `user:group`, or `uid:gid` by number. A user's group is its
 * own unless one is given. Root (uid or gid 0) is refused: the point is another user than one
 * that can read everything. Each problem is a sentence naming the fix.
 */
export function resolveStdioUser(
  raw: string,
  lookup: Lookup = getent,
): { user: StdioUser | null; problem: string | null } {
  const [userPart = '', groupPart] = raw.split(':').map((s) => s.trim());
  let uid: number;
  let gid: number | null = null;
  let name = userPart;
  let home: string | null = null;
  if (NUMBER.test(userPart)) uid = Number(userPart);
  else {
    const entry = lookup('passwd', userPart);
    if (!entry)
      return {
        user: null,
        problem: `there is no user "${userPart}" on this machine: create one for MCP servers (e.g. \`useradd --system --no-create-home parley-mcp\`), or give uid:gid`,
      };
    uid = Number(entry[2]);
    gid = Number(entry[3]);
    name = entry[0] ?? userPart;
    home = entry[5] ?? null;
  }
  if (groupPart !== undefined && groupPart !== '') {
    if (NUMBER.test(groupPart)) gid = Number(groupPart);
    else {
      const group = lookup('group', groupPart);
      if (!group)
        return { user: null, problem: `there is no group "${groupPart}" on this machine` };
      gid = Number(group[2]);
    }
  }
  if (gid === null)
    return { user: null, problem: `give the group with a number: ${userPart}:<gid>` };
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    return { user: null, problem: `"${raw}" is not a user and group` };
  if (uid === 0 || gid === 0)
    return {
      user: null,
      problem:
        'root can read every file and process of the relay: name a user of its own for MCP servers',
    };
  return { user: { uid, gid, name, home }, problem: null };
}

/** `CAP_SETGID` and `CAP_SETUID` (linux/capability.h): what starting a child as another user takes. */
const SWITCH_USERS = (1n << 6n) | (1n << 7n);

/**
 * Whether this process may start a program as another user: root, or a process given
 * `CAP_SETUID` and `CAP_SETGID` (systemd's `AmbientCapabilities=`), by its effective capabilities
 * in `status` (`/proc/self/status`). False where there is no such file.
 */
export function canSwitchUsers(
  status: () => string = () => readFileSync('/proc/self/status', 'utf8'),
): boolean {
  let text: string;
  try {
    text = status();
  } catch {
    return false;
  }
  const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(text)?.[1];
  return hex !== undefined && (BigInt(`0x${hex}`) & SWITCH_USERS) === SWITCH_USERS;
}
