import { isAbsolute } from 'node:path';
import { changesHowItStarts, runsItsArguments } from './start-changing.ts';

/** A program an operator allows as a stdio MCP server, and the variables it may be given. */
export interface StdioCommand {
  /** Its absolute path, exactly as a server must name it. */
  command: string;
  /** The names of the variables a server started with it may be given (sorted). */
  envNames: readonly string[];
}

/** An environment variable's name, as a shell writes one. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** One entry: the program, then perhaps its variables' names in brackets. */
const ENTRY = /^([^[\]]+?)\s*(?:\[([^[\]]*)\])?$/;

/**
 * `MCP_STDIO_COMMANDS` read: `/usr/local/bin/mcp-server-memory[MEMORY_FILE_PATH],/opt/x/bin/y`
 * — comma-separated programs, each with the names of the variables a server started with it may
 * be given, space-separated in brackets (none: no variable). Each problem is a line naming the
 * fix: a bare name (found on `PATH` only when it starts), a program that runs whatever its
 * arguments name, a variable that changes how a program starts.
 */
export function parseStdioCommands(raw: string): { commands: StdioCommand[]; problems: string[] } {
  const problems: string[] = [];
  const byCommand = new Map<string, Set<string>>();
  // Commas inside brackets do not end an entry (a bracket's names are spaces apart anyway).
  for (const text of raw.split(/,(?![^[]*\])/)) {
    const entry = text.trim();
    if (entry === '') continue;
    const match = ENTRY.exec(entry);
    const command = match?.[1]?.trim() ?? '';
    if (!match || command === '') {
      problems.push(`"${entry}" is not a program with its variables' names in brackets`);
      continue;
    }
    const problem = commandProblem(command);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const names = (match[2] ?? '').split(/\s+/).filter((n) => n !== '');
    const allowed = byCommand.get(command) ?? new Set<string>();
    for (const name of names) {
      const refused = envNameProblem(name);
      if (refused) problems.push(`${command}: ${refused}`);
      else allowed.add(name);
    }
    byCommand.set(command, allowed);
  }
  const commands = [...byCommand].map(([command, names]) => ({
    command,
    envNames: [...names].sort(),
  }));
  return { commands, problems };
}

/** Why `command` cannot be allowed, or null. */
function commandProblem(command: string): string | null {
  if (!isAbsolute(command))
    return `"${command}" is not an absolute path: a bare name is looked up on PATH only when the server starts; give the program's full path (\`command -v ${command}\` prints it)`;
  if (runsItsArguments(command))
    return `"${command}" runs whatever its arguments name (an interpreter, a launcher or a shell), so whoever adds a server could run any code: list the MCP server's own program, or a script of yours that starts it with fixed arguments`;
  return null;
}

/** Why variable `name` cannot be given to a server, or null. */
export function envNameProblem(name: string): string | null {
  if (!ENV_NAME.test(name)) return `"${name}" is not a variable's name (letters, digits, _)`;
  if (changesHowItStarts(name))
    return `${name} changes how a program starts (which file runs, which code loads first), so no server is given it`;
  return null;
}

/**
 * Why a server may not be started with `command` and variables `envNames` on this relay, in
 * words for the operator; null when it may. Asked when a server is added and again each time
 * one starts (the list may have changed since it was saved).
 */
export function stdioRefusal(
  allowed: readonly StdioCommand[],
  command: string,
  envNames: readonly string[],
): string | null {
  if (allowed.length === 0)
    return 'This relay starts no stdio MCP servers: its operator lists the programs allowed in MCP_STDIO_COMMANDS.';
  const entry = allowed.find((c) => c.command === command);
  if (!entry)
    return `"${command}" is not one of the programs this relay may start (MCP_STDIO_COMMANDS: ${allowed.map((c) => c.command).join(', ')}).`;
  for (const name of envNames) {
    const problem = envNameProblem(name);
    if (problem) return `${problem}.`;
    if (!entry.envNames.includes(name))
      return entry.envNames.length === 0
        ? `"${command}" is given no variables on this relay (${name} was): its operator lists those it may have in brackets after it in MCP_STDIO_COMMANDS (${command}[${name}]).`
        : `"${command}" may be given ${entry.envNames.join(', ')} on this relay, not ${name}: its operator lists those it may have in brackets after it in MCP_STDIO_COMMANDS.`;
  }
  return null;
}
