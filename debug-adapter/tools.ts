// Finding the tools the adapter runs: Delve (`dlv`) and the `redefine` command. No DAP.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as delve from '../contracts/delve.json';

/** The pinned Delve (contracts/delve.json): scripts/install-dlv.sh installs it, the advice names it. */
export const DELVE_VERSION = delve.version;

export class ToolNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolNotFoundError';
  }
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Looks `name` up in PATH (as given by `env`), then in GOBIN and GOPATH/bin. */
export function lookPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (env.GOBIN) dirs.push(env.GOBIN);
  for (const gopath of (env.GOPATH || path.join(os.homedir(), 'go')).split(path.delimiter)) {
    dirs.push(path.join(gopath, 'bin'));
  }
  for (const d of dirs) {
    const p = path.join(d, exe);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'go-redefine');
}

/**
 * Finds Delve: `dlvPath` from the configuration (which the extension fills from
 * go.alternateTools), then PATH, GOBIN, GOPATH/bin, then the project's pinned install.
 */
export function findDelve(dlvPath: string | undefined, env: NodeJS.ProcessEnv): string {
  if (dlvPath) {
    if (isExecutable(dlvPath)) return dlvPath;
    const onPath = !dlvPath.includes(path.sep) ? lookPath(dlvPath, env) : undefined;
    if (onPath) return onPath;
    throw new ToolNotFoundError(
      `"dlvPath" is "${dlvPath}", which is not an executable file. Fix "dlvPath" or remove it to use dlv from PATH.`,
    );
  }
  const found = lookPath('dlv', env) ?? pinned(env);
  if (found) return found;
  throw new ToolNotFoundError(
    'Delve (dlv) was not found in PATH, GOBIN or GOPATH/bin. Install it with\n' +
      `  go install github.com/go-delve/delve/cmd/dlv@${DELVE_VERSION}\n` +
      'or set "dlvPath" in the launch configuration (or go.alternateTools.dlv in settings). ' +
      'Run Without Debugging (Ctrl+F5) works without Delve.',
  );
}

function pinned(env: NodeJS.ProcessEnv): string | undefined {
  const p = path.join(cacheDir(env), 'dlv', DELVE_VERSION, 'dlv');
  return isExecutable(p) ? p : undefined;
}

/** Finds the `redefine` command: `redefinePath` from the configuration, then PATH, GOBIN, GOPATH/bin. */
export function findRedefine(redefinePath: string | undefined, env: NodeJS.ProcessEnv): string {
  if (redefinePath) {
    if (isExecutable(redefinePath)) return redefinePath;
    throw new ToolNotFoundError(
      `"redefinePath" is "${redefinePath}", which is not an executable file. Fix "redefinePath" or remove it to use redefine from PATH.`,
    );
  }
  const found = lookPath('redefine', env);
  if (found) return found;
  throw new ToolNotFoundError(
    'The redefine command was not found in PATH, GOBIN or GOPATH/bin. The Go Redefine extension builds it for you; ' +
      'outside VS Code, build it from the native/ folder of this project (docs/command.md) with\n' +
      '  go build -o "$(go env GOPATH)/bin/redefine" ./cmd/redefine\n' +
      'or set "redefinePath" in the launch configuration.',
  );
}
