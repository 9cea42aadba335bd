// The build step: one function that turns a resolved launch configuration into a binary
// with the redefinitions injected, through the `redefine` command. No DAP.

import * as path from 'path';
import { ResolvedLaunch } from './config';
import { ManagedProcess } from './processes';

/** A `file:line:col: message` problem reported by the build, with an absolute path. */
export interface BuildDiagnostic {
  file: string;
  line: number;
  column?: number;
  message: string;
}

export interface BuildResult {
  ok: boolean;
  /** The command line that ran, for the Debug Console. */
  commandLine: string;
  exitCode: number | null;
  /** Everything the build printed (stdout and stderr, interleaved as received). */
  output: string;
  diagnostics: BuildDiagnostic[];
}

/** The arguments of `redefine build|test` for a launch, writing the binary to `output`. */
export function buildArgs(launch: ResolvedLaunch, output: string): string[] {
  const args = launch.mode === 'test' ? ['test', '-c'] : ['build'];
  for (const r of launch.redefine) args.push('-redefine', `${r.target}=${r.replacement}`);
  // Optimisations off so that Delve can show every variable; the command merges these
  // gcflags with its own (-l) and the user's.
  if (!launch.noDebug && !launch.buildFlags.some((f) => f.startsWith('-gcflags'))) {
    args.push('-gcflags=all=-N -l');
  }
  args.push(...launch.buildFlags, '-o', output, launch.packageArg);
  return args;
}

/**
 * Builds the program (or test binary) of `launch` into `output` with `redefinePath`,
 * in the package directory. Never throws for a failed build: the result says what failed.
 * Aborting `signal` kills the build with every process it started.
 */
export function buildProgram(
  redefinePath: string,
  launch: ResolvedLaunch,
  output: string,
  env: Record<string, string>,
  signal?: AbortSignal,
): Promise<BuildResult> {
  const args = buildArgs(launch, output);
  const commandLine = [redefinePath, ...args].map(quoteArg).join(' ');
  return new Promise((resolve) => {
    let text = '';
    const build = new ManagedProcess(redefinePath, args, { cwd: launch.packageDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const child = build.child;
    signal?.addEventListener('abort', () => build.killNow(), { once: true });
    child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', (err) => {
      resolve({ ok: false, commandLine, exitCode: null, output: `${err.message}\n`, diagnostics: [] });
    });
    child.on('close', (code) => {
      resolve({ ok: code === 0, commandLine, exitCode: code, output: text, diagnostics: parseDiagnostics(text, launch.packageDir) });
    });
  });
}

const withColumn = /^(\S[^:]*?\.(?:go|s|mod|work)):(\d+):(\d+): (.*)$/;
const withoutColumn = /^(\S[^:]*?\.(?:go|s|mod|work)):(\d+): (.*)$/;

/** Finds `file:line[:col]: message` lines in build output; relative files are resolved against `dir`. */
export function parseDiagnostics(output: string, dir: string): BuildDiagnostic[] {
  const out: BuildDiagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    let m = withColumn.exec(line);
    if (m) {
      out.push({ file: path.resolve(dir, m[1]), line: +m[2], column: +m[3], message: m[4] });
      continue;
    }
    m = withoutColumn.exec(line);
    if (m) out.push({ file: path.resolve(dir, m[1]), line: +m[2], message: m[3] });
  }
  return out;
}

/** Rewrites build output so that every relative `file:line:col` is absolute (clickable). */
export function absolutizeOutput(output: string, dir: string): string {
  return output
    .split('\n')
    .map((line) => {
      const m = withColumn.exec(line) ?? withoutColumn.exec(line);
      if (!m || path.isAbsolute(m[1])) return line;
      return path.resolve(dir, m[1]) + line.slice(m[1].length);
    })
    .join('\n');
}

export function quoteArg(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
