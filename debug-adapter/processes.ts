// Child processes that must never outlive the adapter: started in their own process group,
// stopped with a signal and then, after a timeout, killed with their descendants. No DAP.

import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import { execFileSync } from 'child_process';
import * as fs from 'fs';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process in its own process group (so its own children can be signalled with it). */
export class ManagedProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(command: string, args: string[], options: SpawnOptions) {
    this.child = spawn(command, args, { ...options, detached: process.platform !== 'win32' });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.on('error', () => {
        // spawn failed (ENOENT, EACCES): no process was started
        if (!this.exit) {
          this.exit = { code: null, signal: null };
          resolve(this.exit);
        }
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** Sends `signal` to the process group (falling back to the process alone). */
  signal(signal: NodeJS.Signals): void {
    if (this.hasExited || this.pid === undefined) return;
    signalGroup(this.pid, signal);
  }

  /**
   * Stops the process: `signal` first, SIGKILL to it and to `descendants()` (collected before
   * the first signal) when it has not exited within `timeoutMs`.
   */
  async stop(signal: NodeJS.Signals = 'SIGINT', timeoutMs = 3000): Promise<Exit> {
    if (this.hasExited || this.pid === undefined) return this.exited;
    const family = descendants(this.pid);
    this.signal(signal);
    const done = await Promise.race([this.exited, delay(timeoutMs).then(() => undefined)]);
    if (!done) this.signal('SIGKILL');
    const exit = await this.exited;
    killAll(family);
    return exit;
  }

  /** Kills at once, synchronously: for process exit handlers. */
  killNow(): void {
    if (this.hasExited || this.pid === undefined) return;
    const family = descendants(this.pid);
    signalGroup(this.pid, 'SIGKILL');
    killAll(family);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** SIGKILLs each pid and its process group if still alive. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    signalGroup(pid, 'SIGKILL');
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie answers signal 0; on Linux read its state.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Every descendant of `pid` (children, grandchildren…), read from /proc or `ps`. */
export function descendants(pid: number): number[] {
  const parents = parentTable();
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, parent] of parents) {
      if (parent === p && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function parentTable(): Map<number, number> {
  const table = new Map<number, number>();
  if (fs.existsSync('/proc/self/stat')) {
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        table.set(+name, +fields[1]);
      } catch {
        /* exited meanwhile */
      }
    }
    return table;
  }
  try {
    const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
    for (const line of out.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)/.exec(line);
      if (m) table.set(+m[1], +m[2]);
    }
  } catch {
    /* no ps: only the process group is signalled */
  }
  return table;
}
