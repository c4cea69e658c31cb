/**
 * What no stdio MCP server is given, whatever the operator lists (issue 60, item 1): variables
 * that change how a program starts — which file runs, which libraries load, which code an
 * interpreter runs first — and programs that run whatever their arguments name. With either, the
 * holder of the admin token could run code of their choosing as the relay. Data, not rules: a
 * name found to be missing is one line here.
 */

/** Variables read by the loader, a shell or an interpreter before the server's own code runs. */
const EXACT: readonly string[] = [
  // Where a bare name is found, and what every child inherits from the relay.
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'TERM',
  // Shells: files run at start, options, prompts evaluated, field splitting.
  'ENV',
  'BASH_ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PS4',
  'PROMPT_COMMAND',
  'IFS',
  'CDPATH',
  'GLOBIGNORE',
  // Node.js.
  'NODE_OPTIONS',
  'NODE_PATH',
  'NODE_REPL_EXTERNAL_MODULE',
  // Java.
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  // glibc: modules, tunables, name lookups read from files.
  'GCONV_PATH',
  'GLIBC_TUNABLES',
  'LOCPATH',
  'NLSPATH',
  'HOSTALIASES',
  'RESOLV_HOST_CONF',
  // Others that name code to load.
  'RUBYOPT',
  'RUBYLIB',
  'PERLLIB',
  'LUA_INIT',
  'LUA_PATH',
  'LUA_CPATH',
  'TCLLIBPATH',
  'R_PROFILE',
  'R_PROFILE_USER',
];

/** Families of such variables, by how their names start (compared in upper case). */
const PREFIXES: readonly string[] = [
  'LD_',
  'DYLD_',
  'PYTHON',
  'PERL5',
  'RUBY',
  'BASH_FUNC_',
  'NPM_CONFIG_',
  'YARN_',
  'PNPM_',
  'BUN_',
  'DENO_',
  'UV_',
  'PIP_',
  'GIT_',
  'MALLOC_',
];

const exact = new Set(EXACT);

/**
 * Whether variable `name` changes how a program starts (compared in upper case: npm, for one,
 * reads `npm_config_*` in any case), so no server is given it.
 */
export function changesHowItStarts(name: string): boolean {
  const upper = name.toUpperCase();
  return exact.has(upper) || PREFIXES.some((p) => upper.startsWith(p));
}

/**
 * Programs that run whatever their arguments name (interpreters, launchers, shells, `env`…), by
 * their file's name: listed, the arguments a server is added with would be the program.
 */
const RUNS_ITS_ARGUMENTS =
  /^(node|nodejs|npx|npm|pnpm|pnpx|yarn|bun|bunx|deno|tsx|ts-node|python[0-9.]*|pypy[0-9.]*|uv|uvx|pipx|pip[0-9.]*|sh|bash|dash|zsh|ksh|mksh|fish|csh|tcsh|busybox|env|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|java|jshell|lua[0-9.]*|luajit|rscript|r|tclsh[0-9.]*|wish|pwsh|osascript|awk|gawk|mawk|xargs|sudo|su|doas|runuser|setpriv|chroot|nohup|nice|ionice|timeout|time|stdbuf|docker|podman|nsenter|unshare|systemd-run|ssh)$/i;

/** Whether a program (its path's last part) runs whatever its arguments name. */
export function runsItsArguments(program: string): boolean {
  return RUNS_ITS_ARGUMENTS.test(program.split('/').pop() ?? program);
}
