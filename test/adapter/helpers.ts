// Helpers for the debug adapter's protocol tests: a DebugClient on the built standalone
// entry, an output recorder, and a check for processes the adapter left behind.

import { debugType, reportEvent } from '../../contracts/names';
import { Report } from '../../contracts/report';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after } from 'node:test';

export const root = path.resolve(__dirname, '..', '..', '..');
export const adapterEntry = path.join(root, 'out', 'debug-adapter', 'main.js');
export const fixture = (name: string) => path.join(root, 'test', 'fixtures', name);

/** The redefine command and Delve the tests use (scripts/test.d/40-debug-adapter.sh sets them). */
export const redefinePath = process.env.GO_REDEFINE_TEST_REDEFINE ?? '';
export const dlvPath = process.env.GO_REDEFINE_TEST_DLV ?? '';

let counter = 0;

export interface Session {
  dc: DebugClient;
  /** Every output event so far, in order. */
  outputs: DebugProtocol.OutputEvent['body'][];
  /** Every custom redefineReport event body so far. */
  reports: Report[];
  /** An environment marker inherited by every process the adapter starts. */
  marker: string;
  /** Resolves when the output of `category` (all categories if omitted) contains `text`. */
  waitForOutput(text: string | RegExp, category?: string, timeoutMs?: number): Promise<void>;
  text(category?: string): string;
}

const open: Session[] = [];
after(async () => {
  // Sessions a test left open (it failed midway): stop their adapters.
  for (const s of open) if ((s.dc as any)._adapterProcess) await s.dc.stop().catch(() => {});
});

/** Starts a session that is stopped after the test file's tests if a test left it open. */
export async function session(): Promise<Session> {
  const s = await startSession();
  open.push(s);
  return s;
}

async function startSession(): Promise<Session> {
  const marker = `go-redefine-test-${process.pid}-${++counter}`;
  const dc = new DebugClient('node', adapterEntry, debugType, {
    env: { ...process.env, GO_REDEFINE_TEST_MARKER: marker },
  });
  dc.defaultTimeout = 60_000;
  const outputs: Session['outputs'] = [];
  const reports: Report[] = [];
  const waiters: Array<() => void> = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    outputs.push(e.body);
    waiters.forEach((w) => w());
  });
  dc.on(reportEvent, (e: DebugProtocol.Event) => reports.push(e.body as Report));
  await dc.start();
  const text = (category?: string) =>
    outputs
      .filter((o) => !category || o.category === category)
      .map((o) => o.output)
      .join('');
  return {
    dc,
    outputs,
    reports,
    marker,
    text,
    waitForOutput(want, category, timeoutMs = 60_000) {
      const has = () => (typeof want === 'string' ? text(category).includes(want) : want.test(text(category)));
      if (has()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no output ${want} (${category ?? 'any category'}) within ${timeoutMs}ms; output so far:\n${text()}`));
        }, timeoutMs);
        waiters.push(() => {
          if (has()) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    },
  };
}

/** Pids of live (non-zombie) processes whose environment holds `marker`. */
export function processesWith(marker: string): number[] {
  if (!fs.existsSync('/proc')) return processesWithPs(marker);
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (fs.readFileSync(`/proc/${name}/environ`).includes(`GO_REDEFINE_TEST_MARKER=${marker}\0`)) out.push(+name);
    } catch {
      /* gone or not ours */
    }
  }
  return out;
}

/** Where there is no /proc (macOS): `ps` shows each process's environment after its command. */
function processesWithPs(marker: string): number[] {
  const out = execFileSync('ps', ['-axeww', '-o', 'pid=,stat=,command='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && !m[2].startsWith('Z') && m[3].includes(`GO_REDEFINE_TEST_MARKER=${marker}`) && +m[1] !== process.pid)
    .map((m) => +m[1]);
}

/** Waits until no process carries `marker` (the adapter included), or fails listing them. */
export async function assertNoProcessesLeft(marker: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = processesWith(marker);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesWith(marker);
  }
  if (left.length) {
    const desc = left.map((pid) => {
      try {
        return `${pid}: ${fs.existsSync('/proc') ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim()}`;
      } catch {
        return String(pid);
      }
    });
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    throw new Error(`processes left behind:\n${desc.join('\n')}`);
  }
}

/** Stops the adapter the way a client does: disconnect, then the adapter process ends. */
export async function stopSession(s: Session): Promise<void> {
  await s.dc.stop();
}

/**
 * Makes the DebugClient answer runInTerminal the way VS Code does (it ignores reverse requests
 * otherwise): the command is started here, detached from any terminal, and its pid returned.
 * Returns the arguments of every runInTerminal request received.
 */
export function answerRunInTerminal(s: Session): DebugProtocol.RunInTerminalRequestArguments[] {
  const asked: DebugProtocol.RunInTerminalRequestArguments[] = [];
  const dc = s.dc as any;
  const dispatch = dc.dispatch.bind(dc);
  dc.dispatch = (body: string) => {
    const req = JSON.parse(body);
    if (req.type !== 'request') return dispatch(body);
    const args = req.arguments as DebugProtocol.RunInTerminalRequestArguments;
    asked.push(args);
    // The terminal's processes carry the session's marker too, so the orphan check covers them.
    const env: Record<string, string> = { ...(process.env as Record<string, string>), GO_REDEFINE_TEST_MARKER: s.marker };
    for (const [k, v] of Object.entries(args.env ?? {})) {
      if (v === null) delete env[k];
      else env[k] = v as string;
    }
    const child = spawn(args.args[0], args.args.slice(1), { cwd: args.cwd, env, stdio: 'ignore' });
    const json = JSON.stringify({ type: 'response', seq: 1000 + asked.length, request_seq: req.seq, command: req.command, success: true, body: { processId: child.pid } });
    dc.outputStream.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
  };
  return asked;
}

export const initializeWithTerminal: DebugProtocol.InitializeRequestArguments = {
  adapterID: debugType,
  pathFormat: 'path',
  linesStartAt1: true,
  columnsStartAt1: true,
  supportsRunInTerminalRequest: true,
};
