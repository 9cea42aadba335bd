// Launch configurations of type `go-redefine`: their shape, defaults and validation.
// Pure: no VS Code, no DAP, no processes. Tested by table in test/adapter/config.test.ts.

import * as fs from 'fs';
import * as path from 'path';
import { debugType } from '../contracts/names';

/**
 * The launch arguments of a `go-redefine` configuration. Mirrors
 * `contributes.debuggers[type=go-redefine].configurationAttributes.launch` in package.json:
 * change both together.
 */
export interface LaunchConfig {
  /** A package directory or a .go file. */
  program?: string;
  /** `debug` builds a program, `test` builds the package's test binary. */
  mode?: 'debug' | 'test';
  args?: string[];
  /** Extra environment; a null value removes the variable. */
  env?: Record<string, string | null>;
  /** A file of KEY=VALUE lines, read before `env` (so `env` wins). */
  envFile?: string;
  cwd?: string;
  /** Go build flags: an array, or one string split like a shell would. */
  buildFlags?: string[] | string;
  /** Redefinitions added to the directives in the package: target -> replacement. */
  redefine?: Record<string, string>;
  stopOnEntry?: boolean;
  console?: 'internalConsole' | 'integratedTerminal';
  dlvPath?: string;
  redefinePath?: string;
  showLog?: boolean;
  /** Set by VS Code for Run Without Debugging. */
  noDebug?: boolean;
}

/** A launch configuration after validation, with every default filled. */
export interface ResolvedLaunch {
  /** The directory the build runs in (the package directory). */
  packageDir: string;
  /** What to pass to the build as the package: "." or a file name inside packageDir. */
  packageArg: string;
  mode: 'debug' | 'test';
  args: string[];
  env: Record<string, string | null>;
  cwd: string;
  buildFlags: string[];
  redefine: Array<{ target: string; replacement: string }>;
  stopOnEntry: boolean;
  console: 'internalConsole' | 'integratedTerminal';
  dlvPath?: string;
  redefinePath?: string;
  showLog: boolean;
  noDebug: boolean;
}

/** A configuration problem: `message` says what is wrong and what to do. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The configurations offered when a user creates launch.json. */
export const initialConfigurations = [
  {
    type: debugType,
    request: 'launch',
    name: 'Launch package with redefinitions',
    program: '${fileDirname}',
    mode: 'debug',
  },
  {
    type: debugType,
    request: 'launch',
    name: 'Test package with redefinitions',
    program: '${fileDirname}',
    mode: 'test',
  },
];

/** A Go symbol name: no white space or "=", except inside type arguments ("example.com/g.Pair[string, any]"). */
const symbolName = { test: (s: string) => /^[^\s=]+$/.test(s.replace(/\[[^=]*\]/g, '[]')) };

/** Validates a launch configuration and fills its defaults; throws ConfigError. */
export function resolveLaunch(config: LaunchConfig, readFile = (p: string) => fs.readFileSync(p, 'utf8')): ResolvedLaunch {
  const c = config as Record<string, unknown>;
  const program = c.program;
  if (program === undefined || program === null || program === '') {
    throw new ConfigError(
      'The launch configuration has no "program". Set "program" to the package directory or .go file to run, ' +
        'for example "program": "${workspaceFolder}" or "${fileDirname}".',
    );
  }
  if (typeof program !== 'string') {
    throw new ConfigError(`"program" must be a string (a package directory or .go file), not ${describe(program)}.`);
  }
  if (!path.isAbsolute(program)) {
    throw new ConfigError(
      `"program" must be an absolute path, not "${program}". Use a variable such as "\${workspaceFolder}/${program}".`,
    );
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(program);
  } catch {
    throw new ConfigError(`"program" is "${program}", which does not exist. Set it to a Go package directory or .go file.`);
  }
  let packageDir: string;
  let packageArg: string;
  if (stat.isDirectory()) {
    packageDir = program;
    packageArg = '.';
  } else if (program.endsWith('.go')) {
    packageDir = path.dirname(program);
    packageArg = path.basename(program);
  } else {
    throw new ConfigError(`"program" is "${program}", which is neither a directory nor a .go file.`);
  }

  const mode = c.mode ?? 'debug';
  if (mode !== 'debug' && mode !== 'test') {
    throw new ConfigError(`"mode" is ${describe(mode)}; it must be "debug" (build the program) or "test" (build its tests).`);
  }
  if (mode === 'test' && packageArg !== '.') {
    throw new ConfigError(`In "test" mode "program" must be a package directory, not the file "${program}".`);
  }

  const args = stringArray(c.args, 'args');
  const buildFlags = typeof c.buildFlags === 'string' ? splitFlags(c.buildFlags) : stringArray(c.buildFlags, 'buildFlags');

  const env: Record<string, string | null> = {};
  if (c.envFile !== undefined && c.envFile !== null && c.envFile !== '') {
    if (typeof c.envFile !== 'string') throw new ConfigError(`"envFile" must be a path string, not ${describe(c.envFile)}.`);
    let text: string;
    try {
      text = readFile(c.envFile);
    } catch (e) {
      throw new ConfigError(`Cannot read "envFile" ${c.envFile}: ${(e as Error).message}. Fix the path or remove "envFile".`);
    }
    Object.assign(env, parseEnvFile(text, c.envFile));
  }
  if (c.env !== undefined && c.env !== null) {
    if (typeof c.env !== 'object' || Array.isArray(c.env)) {
      throw new ConfigError(`"env" must be an object of NAME: "value" pairs, not ${describe(c.env)}.`);
    }
    for (const [k, v] of Object.entries(c.env as Record<string, unknown>)) {
      if (v !== null && typeof v !== 'string') {
        throw new ConfigError(`"env.${k}" must be a string (or null to unset it), not ${describe(v)}.`);
      }
      env[k] = v as string | null;
    }
  }

  const redefine: Array<{ target: string; replacement: string }> = [];
  if (c.redefine !== undefined && c.redefine !== null) {
    if (typeof c.redefine !== 'object' || Array.isArray(c.redefine)) {
      throw new ConfigError(
        `"redefine" must be an object mapping target to replacement, e.g. {"time.Now": "main.fixedNow"}, not ${describe(c.redefine)}.`,
      );
    }
    for (const [target, replacement] of Object.entries(c.redefine as Record<string, unknown>)) {
      if (!symbolName.test(target)) {
        throw new ConfigError(`"redefine" has the target "${target}", which is not a Go symbol name such as "time.Now".`);
      }
      if (typeof replacement !== 'string' || !symbolName.test(replacement)) {
        throw new ConfigError(
          `"redefine.${target}" must name the replacement function as a string, e.g. "main.fixedNow", not ${describe(replacement)}.`,
        );
      }
      redefine.push({ target, replacement });
    }
  }

  const cwd = c.cwd === undefined || c.cwd === null || c.cwd === '' ? packageDir : c.cwd;
  if (typeof cwd !== 'string' || !path.isAbsolute(cwd)) {
    throw new ConfigError(`"cwd" must be an absolute directory path, not ${describe(cwd)}.`);
  }
  if (!isDirectory(cwd)) {
    throw new ConfigError(`"cwd" is "${cwd}", which is not an existing directory.`);
  }

  const console = c.console ?? 'internalConsole';
  if (console !== 'internalConsole' && console !== 'integratedTerminal') {
    throw new ConfigError(`"console" is ${describe(console)}; it must be "internalConsole" or "integratedTerminal".`);
  }
  for (const key of ['dlvPath', 'redefinePath'] as const) {
    if (c[key] !== undefined && c[key] !== null && typeof c[key] !== 'string') {
      throw new ConfigError(`"${key}" must be a path string, not ${describe(c[key])}.`);
    }
  }

  return {
    packageDir,
    packageArg,
    mode,
    args,
    env,
    cwd,
    buildFlags,
    redefine,
    stopOnEntry: c.stopOnEntry === true,
    console,
    dlvPath: (c.dlvPath as string) || undefined,
    redefinePath: (c.redefinePath as string) || undefined,
    showLog: c.showLog === true,
    noDebug: c.noDebug === true,
  };
}

/** Parses KEY=VALUE lines: `#` comments, optional `export `, single or double quotes. */
export function parseEnvFile(text: string, name = 'envFile'): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${name}:${i + 1}: expected NAME=value, found "${line}".`);
    let value = m[2];
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      const quote = value[0];
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    out[m[1]] = value;
  });
  return out;
}

/** Splits a flags string the way a POSIX shell splits words (quotes, backslashes; no expansion). */
export function splitFlags(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new ConfigError(`"buildFlags" has an unclosed ${quote} quote: ${s}`);
  if (inWord) words.push(cur);
  return words;
}

/** Merges the launch environment into a base environment (null removes a variable). */
export function mergeEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function stringArray(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new ConfigError(`"${name}" must be an array of strings, not ${describe(v)}.`);
  }
  return v as string[];
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array (${JSON.stringify(v)})`;
  if (typeof v === 'string') return `"${v}"`;
  if (typeof v === 'object') return `an object (${JSON.stringify(v)})`;
  return `${typeof v} ${String(v)}`;
}

/** What the editor knows when a configuration is resolved (all optional). */
export interface EditorContext {
  /** The file in the active editor. */
  activeFile?: string;
  /** go.alternateTools.dlv from the Go extension's settings. */
  alternateDlv?: string;
  /** The redefine command the extension built. */
  redefinePath?: string;
}

/**
 * Fills a configuration's defaults before launch (the DebugConfigurationProvider's job):
 * an empty configuration (F5 without launch.json) becomes "launch the active file's package",
 * in test mode for a _test.go file; dlvPath and redefinePath come from the editor when unset.
 * Returns undefined when there is nothing to launch.
 */
export function fillDefaults<T extends Record<string, unknown>>(config: T, ctx: EditorContext): T | undefined {
  const c: Record<string, unknown> = { ...config };
  if (!c.type && !c.request && !c.name) {
    if (!ctx.activeFile || !ctx.activeFile.endsWith('.go')) return undefined;
    c.type = debugType;
    c.request = 'launch';
    c.name = 'Launch package with redefinitions';
    c.program = path.dirname(ctx.activeFile);
    c.mode = ctx.activeFile.endsWith('_test.go') ? 'test' : 'debug';
  }
  if (!c.mode) c.mode = 'debug';
  if (!c.dlvPath && ctx.alternateDlv) c.dlvPath = ctx.alternateDlv;
  if (!c.redefinePath && ctx.redefinePath) c.redefinePath = ctx.redefinePath;
  return c as T;
}
