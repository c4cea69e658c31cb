import { describe, expect, it } from 'vitest';
import { parseStdioCommands, stdioRefusal } from './stdio-commands.ts';

describe('MCP_STDIO_COMMANDS', () => {
  it('is programs by absolute path, each with the variables it may be given in brackets', () => {
    expect(
      parseStdioCommands(
        '/usr/local/bin/mcp-server-memory[MEMORY_FILE_PATH], /opt/gh/bin/github-mcp [GITHUB_TOKEN  GITHUB_HOST],/opt/x',
      ),
    ).toEqual({
      commands: [
        { command: '/usr/local/bin/mcp-server-memory', envNames: ['MEMORY_FILE_PATH'] },
        { command: '/opt/gh/bin/github-mcp', envNames: ['GITHUB_HOST', 'GITHUB_TOKEN'] },
        { command: '/opt/x', envNames: [] },
      ],
      problems: [],
    });
    expect(parseStdioCommands('')).toEqual({ commands: [], problems: [] });
  });

  it('refuses bare names, interpreters and launchers, naming the fix', () => {
    const { commands, problems } = parseStdioCommands(
      'npx,/usr/bin/npx,/usr/bin/python3.12,/bin/bash,/usr/bin/env,/usr/local/bin/uvx,./server',
    );
    expect(commands).toEqual([]);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/"npx" is not an absolute path.*command -v npx/);
    for (const p of problems.slice(1, 6)) expect(p).toMatch(/runs whatever its arguments name/);
    expect(problems[6]).toMatch(/not an absolute path/);
  });

  it('refuses variables that change how a program starts, even listed', () => {
    const { commands, problems } = parseStdioCommands(
      '/opt/s[OK_NAME PATH LD_PRELOAD NODE_OPTIONS BASH_ENV ENV PYTHONPATH PERL5OPT RUBYOPT JAVA_TOOL_OPTIONS npm_config_script_shell GIT_SSH_COMMAND bad-name]',
    );
    expect(commands).toEqual([{ command: '/opt/s', envNames: ['OK_NAME'] }]);
    expect(problems).toHaveLength(12);
    expect(problems.at(-1)).toMatch(/"bad-name" is not a variable's name/);
    for (const p of problems.slice(0, -1)) expect(p).toMatch(/changes how a program starts/);
  });
});

describe('a stdio server', () => {
  const allowed = parseStdioCommands('/opt/memory[MEMORY_FILE_PATH],/opt/plain').commands;

  it('may start with its listed program and the variables listed beside it', () => {
    expect(stdioRefusal(allowed, '/opt/memory', ['MEMORY_FILE_PATH'])).toBeNull();
    expect(stdioRefusal(allowed, '/opt/plain', [])).toBeNull();
  });

  it('is refused another program, another variable, or one that changes how it starts', () => {
    expect(stdioRefusal([], '/opt/memory', [])).toMatch(/starts no stdio MCP servers/);
    expect(stdioRefusal(allowed, '/bin/sh', [])).toMatch(/"\/bin\/sh" is not one of the programs/);
    expect(stdioRefusal(allowed, '/opt/memory', ['OTHER'])).toMatch(
      /may be given MEMORY_FILE_PATH on this relay, not OTHER/,
    );
    expect(stdioRefusal(allowed, '/opt/plain', ['X'])).toMatch(
      /given no variables.*\/opt\/plain\[X\]/,
    );
    // A list that somehow named it (a row saved before) changes nothing.
    const named = [{ command: '/opt/memory', envNames: ['NODE_OPTIONS'] }];
    expect(stdioRefusal(named, '/opt/memory', ['NODE_OPTIONS'])).toMatch(
      /NODE_OPTIONS changes how a program starts/,
    );
  });
});
