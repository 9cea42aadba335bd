// The runtime of a go-redefine session: validates the configuration, builds the program with
// its redefinitions, runs it (without debugging) or starts Delve on it, follows the engine's
// report, and stops every process it started. It knows nothing of the Debug Adapter Protocol
// beyond moving opaque messages to and from Delve; the session translates.

import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { absolutizeOutput, buildProgram, BuildDiagnostic } from './build';
import { LaunchConfig, mergeEnv, ResolvedLaunch, resolveLaunch } from './config';
import { delay, descendants, isAlive, killAll, ManagedProcess } from './processes';
import { Report, ReportWatcher } from '../contracts/report';
import { findDelve, findRedefine } from './tools';
import { Message, MessageStream } from './wire';

/** What the launch failed on; `message` is for the person: what was wrong and what to do. */
export class LaunchError extends Error {
  constructor(
    message: string,
    readonly kind: 'config' | 'tool' | 'build' | 'refused' | 'start',
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** A command running in the terminal: the pid of its wrapper, and its exit status once known. */
interface ExternalProcess {
  kind: 'program' | 'delve';
  pid: number;
  status(): number | null;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A built program, ready to run or debug. */
export interface Prepared {
  launch: ResolvedLaunch;
  binary: string;
  /** The environment additions for the program (the launch env plus REDEFINE_REPORT). */
  programEnv: Record<string, string | null>;
  /** The full environment for a program started by the adapter itself. */
  fullEnv: Record<string, string>;
  dlv?: string;
}

/**
 * Starts a command somewhere the runtime does not control (the integrated terminal) and
 * resolves with its pid when known.
 */
export type ExternalLauncher = (command: string[], cwd: string, env: Record<string, string | null>, title: string) => Promise<number | undefined>;

export type OutputCategory = 'stdout' | 'stderr' | 'console' | 'important';

export interface SourceLocation {
  file: string;
  line: number;
  column?: number;
}

/**
 * Events:
 * - 'output' (text, category, location?): text for the Debug Console
 * - 'report' (Report): one line of the engine's report
 * - 'programExit' (code: number | null, signal: string | null): a program run without debugging ended
 * - 'delveMessage' (Message): a message from Delve
 * - 'delveExit' (): Delve's connection closed or its process ended
 */
export class GoRedefineRuntime extends EventEmitter {
  private tempDir: string | undefined;
  private program: ManagedProcess | undefined;
  /** The program or Delve started in the integrated terminal, when they are. */
  private external: ExternalProcess | undefined;
  private externalPoll: NodeJS.Timeout | undefined;
  private dlv: ManagedProcess | undefined;
  private delveStream: MessageStream | undefined;
  private delveSocket: net.Socket | undefined;
  private reportWatcher: ReportWatcher | undefined;
  private readonly baseEnv: NodeJS.ProcessEnv;
  /** Aborted by dispose(): a build or start in progress stops and the launch fails. */
  private readonly lifetime = new AbortController();

  constructor(baseEnv: NodeJS.ProcessEnv = process.env) {
    super();
    this.baseEnv = baseEnv;
  }

  /** Validates `config`, finds the tools and builds the program. Throws LaunchError. */
  async prepare(config: LaunchConfig): Promise<Prepared> {
    let launch: ResolvedLaunch;
    try {
      launch = resolveLaunch(config);
    } catch (e) {
      throw new LaunchError((e as Error).message, 'config');
    }
    const buildEnv = mergeEnv(this.baseEnv, launch.env);
    let redefine: string;
    let dlv: string | undefined;
    try {
      redefine = findRedefine(launch.redefinePath, buildEnv);
      if (!launch.noDebug) dlv = findDelve(launch.dlvPath, buildEnv);
    } catch (e) {
      throw new LaunchError((e as Error).message, 'tool');
    }

    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-redefine-'));
    const name = path.basename(launch.packageDir) || 'program';
    const binary = path.join(this.tempDir, launch.mode === 'test' ? `${name}.test` : name);
    const what = launch.mode === 'test' ? `the tests of ${launch.packageDir}` : launch.packageDir;
    this.emit('output', `Building ${what} with redefinitions\n`, 'console');
    const result = await buildProgram(redefine, launch, binary, buildEnv, this.lifetime.signal);
    if (this.lifetime.signal.aborted) throw new LaunchError('The session ended while the program was being built.', 'start');
    if (launch.showLog) this.emit('output', `${result.commandLine}\n`, 'console');
    if (!result.ok) {
      this.emitBuildFailure(result.output, launch.packageDir, result.diagnostics);
      if (result.exitCode === 2) {
        // The command refused the redefinitions (ARCHITECTURE.md: exit status 2, file:line:col: message).
        const problems = absolutizeOutput(result.output, launch.packageDir)
          .split('\n')
          .filter((l) => l.trim() !== '' && !l.startsWith('#'))
          .slice(0, 5);
        throw new LaunchError(
          `The redefinitions were refused:\n${problems.join('\n')}\n` +
            'Fix the //redefine: directives or the "redefine" attribute of the launch configuration.',
          'refused',
        );
      }
      const status = result.exitCode === null ? 'could not start' : `exited with status ${result.exitCode}`;
      const hint = result.diagnostics.length
        ? 'Fix the errors listed in the Debug Console (click a file:line:col to go there).'
        : 'See the Debug Console for the build output.';
      throw new LaunchError(`Build failed: ${path.basename(redefine)} ${status}. ${hint}`, 'build');
    }
    if (result.output.trim()) this.emit('output', absolutizeOutput(result.output, launch.packageDir), 'console');

    const report = path.join(this.tempDir, 'report.jsonl');
    const programEnv: Record<string, string | null> = { ...launch.env, REDEFINE_REPORT: report };
    this.reportWatcher = new ReportWatcher(
      report,
      (r) => this.emit('report', r),
      (line, why) => this.emit('output', `Unreadable redefinition report line (${why}): ${line}\n`, 'stderr'),
    );
    this.reportWatcher.start();
    return { launch, binary, programEnv, fullEnv: mergeEnv(this.baseEnv, programEnv), dlv };
  }

  private emitBuildFailure(output: string, dir: string, diagnostics: BuildDiagnostic[]): void {
    // Each line on its own output event: a diagnostic line carries its location, so the
    // Debug Console links it; the text itself starts with the absolute path as well.
    const lines = absolutizeOutput(output, dir).split('\n');
    let i = 0;
    for (const line of lines) {
      if (line === '' && i === lines.length - 1) break;
      const d = diagnostics.find((x) => line.startsWith(`${x.file}:${x.line}:`));
      this.emit('output', `${line}\n`, 'stderr', d ? { file: d.file, line: d.line, column: d.column } : undefined);
      i++;
    }
  }

  /** Runs the built program without debugging, its output streamed as 'output' events. */
  runProgram(p: Prepared): number | undefined {
    this.checkAlive();
    const child = new ManagedProcess(p.binary, p.launch.args, {
      cwd: p.launch.cwd,
      env: p.fullEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.program = child;
    // The engine writes its report before main runs: read it before any output, so the
    // Debug Console shows the redefinitions first.
    child.child.stdout?.on('data', (d: Buffer) => {
      this.pollReport();
      this.emit('output', d.toString(), 'stdout');
    });
    child.child.stderr?.on('data', (d: Buffer) => {
      this.pollReport();
      this.emit('output', d.toString(), 'stderr');
    });
    child.child.on('error', (err) => this.emit('output', `Cannot start ${p.binary}: ${err.message}\n`, 'important'));
    void child.exited.then((exit) => {
      this.reportWatcher?.stop();
      this.emit('programExit', exit.code, exit.signal);
    });
    return child.pid;
  }

  /** Runs the built program through `launcher` (the integrated terminal) and watches it. */
  async runProgramExternally(p: Prepared, launcher: ExternalLauncher): Promise<number | undefined> {
    this.checkAlive();
    const ext = await this.startExternally('program', [p.binary, ...p.launch.args], p.launch.cwd, p.programEnv, path.basename(p.binary), launcher);
    this.external = ext;
    this.externalPoll = setInterval(() => {
      if (isAlive(ext.pid)) return;
      clearInterval(this.externalPoll);
      this.externalPoll = undefined;
      this.external = undefined;
      this.reportWatcher?.stop();
      this.emit('programExit', ext.status(), null);
    }, 200);
    return ext.pid;
  }

  /**
   * Starts `command` through `launcher` inside a small sh wrapper that writes its pid and,
   * at the end, the command's exit status to files: the terminal's own pid says neither.
   */
  private async startExternally(
    kind: ExternalProcess['kind'],
    command: string[],
    cwd: string,
    env: Record<string, string | null>,
    title: string,
    launcher: ExternalLauncher,
  ): Promise<ExternalProcess> {
    const pidFile = path.join(this.tempDir!, `terminal-${Date.now()}.pid`);
    const script = 'echo $$ >"$1"; s="$1.status"; shift; "$@"; echo $? >"$s"';
    const reported = await launcher(['/bin/sh', '-c', script, 'go-redefine', pidFile, ...command], cwd, env, title);
    for (let waited = 0; waited < 15_000; waited += 50) {
      this.checkAlive();
      const text = readIfExists(pidFile);
      if (text && /^\d+\s*$/.test(text)) {
        const pid = Number(text.trim());
        return {
          kind,
          pid,
          status: () => {
            const status = readIfExists(`${pidFile}.status`);
            return status && /^\d+\s*$/.test(status) ? Number(status.trim()) : null;
          },
        };
      }
      await delay(50);
    }
    throw new LaunchError(
      `The terminal did not start ${command[0]} within 15s${reported ? ` (terminal process ${reported})` : ''}. Use "console": "internalConsole" if this persists.`,
      'start',
    );
  }

  /**
   * Starts `dlv dap` and waits until it has dialled back to the adapter (`--client-addr`).
   * With `launcher`, Delve (and so the program) runs in the integrated terminal.
   */
  async startDelve(p: Prepared, launcher?: ExternalLauncher): Promise<void> {
    this.checkAlive();
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as net.AddressInfo).port;
    const args = ['dap', `--client-addr=127.0.0.1:${port}`];
    if (p.launch.showLog) args.push('--log', '--log-output=dap,debugger');
    const connected = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    let stderr = '';
    let exited: Promise<unknown>;
    if (launcher) {
      const ext = await this.startExternally('delve', [p.dlv!, ...args], p.launch.cwd, {}, `dlv: ${path.basename(p.binary)}`, launcher);
      this.external = ext;
      exited = (async () => {
        while (isAlive(ext.pid)) await delay(200);
      })();
    } else {
      this.dlv = new ManagedProcess(p.dlv!, args, { cwd: p.launch.cwd, env: this.baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      this.dlv.child.stdout?.on('data', (d: Buffer) => {
        if (p.launch.showLog) this.emit('output', d.toString(), 'console');
      });
      this.dlv.child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (p.launch.showLog) this.emit('output', d.toString(), 'console');
      });
      exited = this.dlv.exited;
      void this.dlv.exited.then(() => this.emit('delveExit'));
    }
    const timeout = delay(30_000).then(() => 'timeout' as const);
    const first = await Promise.race([connected, exited.then(() => 'exited' as const), timeout]);
    server.close();
    if (first === 'exited' || first === 'timeout') {
      await this.stopDelve();
      const why = first === 'exited' ? `exited before connecting${stderr.trim() ? ': ' + stderr.trim() : ''}` : 'did not connect within 30s';
      throw new LaunchError(
        `Delve (${p.dlv}) ${why}. Check that it runs (\`${p.dlv} version\`) and supports \`dlv dap\` (Delve 1.20 or later).`,
        'start',
      );
    }
    const socket = first as net.Socket;
    this.delveSocket = socket;
    this.delveStream = new MessageStream(socket, socket);
    this.delveStream.on('message', (m: Message) => this.emit('delveMessage', m));
    this.delveStream.on('error', (e: Error) => this.emit('output', `Delve connection: ${e.message}\n`, 'stderr'));
    this.delveStream.on('close', () => this.emit('delveExit'));
  }

  /** Reads report lines written since the last poll, so they come before what follows. */
  pollReport(): void {
    this.reportWatcher?.poll();
  }

  sendToDelve(message: Message): void {
    this.delveStream?.send(message);
  }

  get delveRunning(): boolean {
    return this.delveStream !== undefined;
  }

  /** Stops a program run without debugging: `signal`, then SIGKILL after `timeoutMs`. */
  async stopProgram(signal: NodeJS.Signals = 'SIGINT', timeoutMs = 3000): Promise<void> {
    if (this.program) await this.program.stop(signal, timeoutMs);
    if (this.external?.kind === 'program') await this.stopExternal(signal, timeoutMs);
  }

  /** Stops what runs in the terminal: `signal` to the command (the wrapper then exits), SIGKILL after `timeoutMs`. */
  private async stopExternal(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const ext = this.external;
    this.external = undefined;
    if (!ext || !isAlive(ext.pid)) return;
    const family = descendants(ext.pid);
    for (const pid of family) {
      try {
        process.kill(pid, signal);
      } catch {
        /* gone */
      }
    }
    for (let waited = 0; waited < timeoutMs && isAlive(ext.pid); waited += 100) await delay(100);
    killAll([...family, ext.pid]);
  }

  /** Stops Delve: SIGINT, then SIGKILL (with whatever it started) after `timeoutMs`. */
  async stopDelve(timeoutMs = 3000): Promise<void> {
    const dlv = this.dlv;
    this.dlv = undefined;
    if (dlv) {
      // Give Delve a moment to finish on its own after a disconnect.
      await Promise.race([dlv.exited, delay(500)]);
      await dlv.stop('SIGINT', timeoutMs);
    }
    if (this.external?.kind === 'delve') {
      // Delve in the terminal: it ends by itself once disconnected; else stop it.
      const ext = this.external;
      for (let waited = 0; waited < 500 && isAlive(ext.pid); waited += 50) await delay(50);
      await this.stopExternal('SIGINT', timeoutMs);
    }
    this.delveSocket?.destroy();
    this.delveSocket = undefined;
    this.delveStream = undefined;
  }

  /** Stops everything this runtime started and removes its temporary files. */
  async dispose(): Promise<void> {
    this.lifetime.abort();
    if (this.externalPoll) clearInterval(this.externalPoll);
    await Promise.all([this.stopProgram('SIGINT', 2000), this.stopDelve(2000)]);
    this.reportWatcher?.stop();
    this.reportWatcher = undefined;
    this.removeTemp();
  }

  /** Kills everything at once, synchronously (the adapter process is exiting). */
  killNow(): void {
    this.lifetime.abort();
    this.program?.killNow();
    this.dlv?.killNow();
    if (this.external) killAll([...descendants(this.external.pid), this.external.pid]);
    this.removeTemp();
  }

  private checkAlive(): void {
    if (this.lifetime.signal.aborted) throw new LaunchError('The session ended before the program started.', 'start');
  }

  private removeTemp(): void {
    if (!this.tempDir) return;
    try {
      fs.rmSync(this.tempDir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
    this.tempDir = undefined;
  }
}

export type { Report };
