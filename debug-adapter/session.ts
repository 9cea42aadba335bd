// The go-redefine debug session: translates between the Debug Adapter Protocol and the
// runtime. Without debugging it answers every request itself; when debugging, once Delve is
// up, it forwards requests to Delve and Delve's messages back, renumbering sequence numbers.

import { DebugSession, Event, ExitedEvent, OutputEvent, Source, TerminatedEvent, Thread } from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as path from 'path';
import { BreakpointBook, Kind } from './breakpoints';
import { LaunchConfig } from './config';
import { debugStrategy, errorText, HANDOFF_KEY, handoffBreakpoint, serveHandoff } from './handoff';
import { ExternalLauncher, GoRedefineRuntime, LaunchError, OutputCategory, Prepared, SourceLocation } from './runtime';
import { describeReport } from './report';
import { StepInto } from './stepin';
import { Report } from '../contracts/report';
import { debugType, reportEvent } from '../contracts/names';
import { Message } from './wire';

/** The launch request's arguments: the package.json schema (see LaunchConfig) plus DAP's own. */
export interface GoRedefineLaunchArguments extends DebugProtocol.LaunchRequestArguments, LaunchConfig {}

/** Delve launch attributes passed through unchanged when a configuration sets them (not in the schema). */
const DELVE_PASS_THROUGH = [
  'backend',
  'stackTraceDepth',
  'maxStringLen',
  'maxArrayValues',
  'showGlobalVariables',
  'showRegisters',
  'hideSystemGoroutines',
  'goroutineFilters',
  'showPprofLabels',
  'substitutePath',
  'showRawStrings',
];

/** Requests the session answers itself even while Delve is running. */
const OWN_REQUESTS = new Set(['initialize', 'launch', 'attach', 'disconnect', 'terminate', 'restart']);

/** What Delve answers to `initialize` (service/dap/server.go), with terminate and restart done here. */
function capabilities(): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsDelayedStackTraceLoading: true,
    supportsFunctionBreakpoints: true,
    supportsInstructionBreakpoints: true,
    supportsExceptionInfoRequest: true,
    supportsSetVariable: true,
    supportsEvaluateForHovers: true,
    supportsClipboardContext: true,
    supportsSteppingGranularity: true,
    supportsLogPoints: true,
    supportsDisassembleRequest: true,
    supportsReadMemoryRequest: true,
    supportsWriteMemoryRequest: true,
    supportsTerminateRequest: true,
    supportsRestartRequest: true,
    supportTerminateDebuggee: true,
    // Delve offers watchpoints on these platforms only.
    supportsDataBreakpoints: ['linux', 'darwin'].includes(process.platform) && ['x64', 'arm64'].includes(process.arch),
    exceptionBreakpointFilters: [
      { filter: 'unrecovered-panic', label: 'Unrecovered Panics', default: true },
      { filter: 'runtime-fatal-throw', label: 'Fatal Throws', default: true },
    ],
  };
}

/** Capabilities the session provides itself, whatever Delve says. */
const OURS = new Set(['supportsTerminateRequest', 'supportsRestartRequest', 'supportTerminateDebuggee']);

type Pending =
  | { kind: 'client'; clientSeq: number; answer?: (body: any) => any }
  | { kind: 'internal'; resolve: (r: DebugProtocol.Response) => void };

export class GoRedefineSession extends DebugSession {
  private runtime: GoRedefineRuntime;
  private clientArgs: DebugProtocol.InitializeRequestArguments = { adapterID: debugType };
  private prepared: Prepared | undefined;
  /** The last launch arguments, for a restart request that carries none. */
  private lastLaunch: GoRedefineLaunchArguments | undefined;
  private debugging = false;
  private delveSeq = 1;
  private readonly pending = new Map<number, Pending>();
  private ending = false;
  /** A report line said that a redefinition failed. */
  private sawFailure = false;
  private terminatedSent = false;
  /** The engine strategy the program runs with (debugStrategy). */
  private strategy = 'auto';
  /** The client's breakpoints and the adapter's hidden ones (breakpoints.ts). */
  private book = new BreakpointBook();
  private stepper: StepInto | undefined;
  /** Delve's events, handled one after another (some wait for Delve's answers). */
  private events: Promise<void> = Promise.resolve();
  /** Who waits for the next stop the adapter handles itself (stepping). */
  private stopWaiter: ((e: DebugProtocol.StoppedEvent | null) => void) | undefined;
  /** The last stop was the adapter's own: Delve's note that a step was interrupted is not for the client. */
  private lastStopHidden = false;
  /** Delve sends an `invalidated` event after each writeMemory: those of hand-offs are not for the client. */
  private invalidationsToDrop = 0;
  /**
   * The client's step in progress (debugger strategy): Delve ends a step when its goroutine
   * stops at a breakpoint, the hand-off's included, so the adapter finishes it. `origin` is the
   * function the step began in.
   */
  private pendingStep: { command: string; args: DebugProtocol.NextArguments; origin: Promise<string | undefined> } | undefined;
  /** The adapter steps or runs the program itself: Delve's `continued` events are not for the client. */
  private stepping = 0;

  constructor(private readonly newRuntime: () => GoRedefineRuntime = () => new GoRedefineRuntime()) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.runtime = this.wire(newRuntime());
  }

  private wire(rt: GoRedefineRuntime): GoRedefineRuntime {
    rt.on('output', (text: string, category: OutputCategory, loc?: SourceLocation) => this.output(text, category, loc));
    rt.on('report', (r: Report) => this.onReport(r));
    rt.on('programExit', (code: number | null, signal: string | null) => this.onProgramExit(code, signal));
    rt.on('delveMessage', (m: Message) => this.fromDelve(m));
    rt.on('delveExit', () => this.onDelveExit());
    return rt;
  }

  // ---- messages from the client -------------------------------------------------------

  override handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    if (msg.type === 'request' && this.runtime.delveRunning && !OWN_REQUESTS.has((msg as DebugProtocol.Request).command)) {
      const req = msg as DebugProtocol.Request;
      const granularity = (req.arguments as DebugProtocol.StepInArguments | undefined)?.granularity;
      if (req.command === 'stepIn' && this.stepper && granularity !== 'instruction') {
        void this.stepIn(req as DebugProtocol.StepInRequest);
        return;
      }
      if ((req.command === 'next' || req.command === 'stepOut') && granularity !== 'instruction') this.noteStep(req.command, req.arguments);
      this.forward(req);
      return;
    }
    super.handleMessage(msg);
  }

  /**
   * Sends a client request to Delve. Breakpoint requests carry the adapter's hidden
   * breakpoints too, and their answers only the client's, with the ids the client knows.
   */
  private forward(req: DebugProtocol.Request): void {
    let args = req.arguments;
    let answer: ((body: any) => any) | undefined;
    const kind: Kind | undefined = req.command === 'setFunctionBreakpoints' ? 'function' : req.command === 'setInstructionBreakpoints' ? 'instruction' : undefined;
    if (kind) {
      args = this.book.setClient(kind, (args as { breakpoints?: [] })?.breakpoints ?? []);
      answer = (body: { breakpoints?: DebugProtocol.Breakpoint[] }) => ({ ...body, breakpoints: this.book.answer(kind, body?.breakpoints ?? []) });
    } else if (req.command === 'setBreakpoints') {
      const a = args as DebugProtocol.SetBreakpointsArguments;
      this.book.setSource(a);
      answer = (body: { breakpoints?: DebugProtocol.Breakpoint[] }) => ({ ...body, breakpoints: this.book.answerSource(a, body?.breakpoints ?? []) });
    }
    const seq = this.delveSeq++;
    this.pending.set(seq, { kind: 'client', clientSeq: req.seq, answer });
    this.runtime.sendToDelve({ ...req, arguments: args, seq } as Message);
  }

  /** A step into: the adapter's own where the line calls a redefined function (stepin.ts). */
  private async stepIn(req: DebugProtocol.StepInRequest): Promise<void> {
    const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: req.seq, command: req.command, success: true };
    this.sendResponse(response);
    await this.runStepIn(req.arguments);
  }

  private async runStepIn(args: DebugProtocol.StepInArguments): Promise<void> {
    let outcome;
    this.stepping++;
    try {
      outcome = await this.stepper!.stepIn(args.threadId);
    } catch (e) {
      this.output(`Step into: ${(e as Error).message}\n`, 'stderr');
      outcome = { kind: 'delve' as const };
    } finally {
      this.stepping--;
    }
    if (outcome.kind === 'delve') {
      this.noteStep('stepIn', args);
      const r = await this.toDelve('stepIn', args);
      if (!r.success) this.output(`Step into: ${errorText(r)}\n`, 'stderr');
    } else if (outcome.kind === 'stopped') {
      this.pendingStep = undefined;
      this.sendStopped(outcome.event);
    }
  }

  /** Remembers a step Delve is about to make, and the function it starts in (debugger strategy). */
  private noteStep(command: string, args: DebugProtocol.NextArguments): void {
    if (this.strategy !== 'debugger') return;
    const origin = this.toDelve('stackTrace', { threadId: args.threadId, startFrame: 0, levels: 1 }).then((r) =>
      r.success ? (r.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0]?.name : undefined,
    );
    this.pendingStep = { command, args, origin };
  }

  /**
   * The hand-off stopped the goroutine of the client's step, so Delve ended the step: run the
   * goroutine back to the function the step began in, and step again from there.
   */
  private async finishStep(step: NonNullable<GoRedefineSession['pendingStep']>): Promise<void> {
    this.stepping++;
    let back;
    try {
      const name = await step.origin;
      back = name ? await this.stepper!.returnTo(step.args.threadId, name) : 'lost';
    } finally {
      this.stepping--;
    }
    if (back === 'reached') {
      if (step.command === 'stepIn') await this.runStepIn(step.args);
      else {
        this.noteStep(step.command, step.args);
        await this.toDelve(step.command, step.args);
      }
    } else if (back === 'lost') {
      this.pendingStep = undefined;
      await this.toDelve('continue', { threadId: step.args.threadId });
    } else if (back.kind === 'stopped') {
      this.pendingStep = undefined;
      this.sendStopped(back.event);
    }
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.clientArgs = args;
    response.body = capabilities();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: GoRedefineLaunchArguments): Promise<void> {
    try {
      await this.launch(args);
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, e as Error);
    }
  }

  private async launch(args: GoRedefineLaunchArguments): Promise<void> {
    this.lastLaunch = args;
    this.ending = false;
    this.terminatedSent = false;
    const p = await this.runtime.prepare(args);
    this.prepared = p;
    this.debugging = !p.launch.noDebug;
    const launcher = p.launch.console === 'integratedTerminal' ? this.terminalLauncher() : undefined;
    if (!this.debugging) {
      const pid = launcher ? await this.runtime.runProgramExternally(p, launcher) : this.runtime.runProgram(p);
      this.sendEvent(new Event('process', { name: p.binary, systemProcessId: pid, isLocalProcess: true, startMethod: 'launch' }));
      return;
    }
    const chosen = debugStrategy(p.launch.env, process.env);
    this.strategy = chosen.strategy;
    this.book = new BreakpointBook();
    this.events = Promise.resolve();
    this.stepper = new StepInto(
      (command, a) => this.toDelve(command, a),
      () => new Promise((resolve) => (this.stopWaiter = resolve)),
      this.book,
    );
    await this.runtime.startDelve(p, launcher);
    const init = await this.toDelve('initialize', {
      ...this.clientArgs,
      adapterID: 'go',
      pathFormat: 'path',
      linesStartAt1: true,
      columnsStartAt1: true,
    });
    if (!init.success) {
      throw new LaunchError(`Delve refused to initialize: ${errorText(init)}. Check that "dlvPath" names Delve 1.20 or later.`, 'start');
    }
    this.reconcileCapabilities((init.body ?? {}) as DebugProtocol.Capabilities);
    if (this.strategy === 'debugger' && !(init.body as DebugProtocol.Capabilities | undefined)?.supportsWriteMemoryRequest) {
      throw new LaunchError(
        `REDEFINE_STRATEGY=debugger needs a Delve that writes memory for the adapter (writeMemory, Delve 1.27.0 or later); ${p.dlv} does not. ` +
          'Install it with `go install github.com/go-delve/delve/cmd/dlv@latest`, or set another REDEFINE_STRATEGY in the launch configuration\'s "env".',
        'start',
      );
    }
    const extra: Record<string, unknown> = {};
    for (const key of DELVE_PASS_THROUGH) if ((args as Record<string, unknown>)[key] !== undefined) extra[key] = (args as Record<string, unknown>)[key];
    const launched = await this.toDelve('launch', {
      ...extra,
      mode: 'exec',
      program: p.binary,
      args: p.launch.args,
      cwd: p.launch.cwd,
      env: { ...p.programEnv, ...chosen.env },
      stopOnEntry: p.launch.stopOnEntry,
      outputMode: launcher ? 'local' : 'remote',
      showLog: p.launch.showLog,
    });
    if (!launched.success) {
      throw new LaunchError(
        `Delve could not start ${p.binary}: ${errorText(launched)}. Set "showLog": true to see Delve's log in the Debug Console.`,
        'start',
      );
    }
  }

  /**
   * The client was told Delve's usual capabilities before Delve ran; where this Delve differs
   * (another version), correct them with a capabilities event. Terminate and restart stay ours.
   */
  private reconcileCapabilities(actual: DebugProtocol.Capabilities): void {
    const told = capabilities() as Record<string, unknown>;
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(actual)) {
      if (typeof value !== 'boolean' || OURS.has(key)) continue;
      if ((told[key] ?? false) !== value) changed[key] = value;
    }
    for (const [key, value] of Object.entries(told)) {
      if (value === true && !OURS.has(key) && actual[key as keyof DebugProtocol.Capabilities] === undefined) changed[key] = false;
    }
    if (Object.keys(changed).length) this.sendEvent(new Event('capabilities', { capabilities: changed }));
  }

  /** Runs a command in the client's integrated terminal (the runInTerminal reverse request). */
  private terminalLauncher(): ExternalLauncher {
    return (command, cwd, env, title) =>
      new Promise((resolve, reject) => {
        if (!this.clientArgs.supportsRunInTerminalRequest) {
          reject(new LaunchError('"console": "integratedTerminal" needs a client that supports runInTerminal; use "internalConsole".', 'config'));
          return;
        }
        const args: DebugProtocol.RunInTerminalRequestArguments = { kind: 'integrated', title, cwd, args: command, env };
        this.runInTerminalRequest(args, 15_000, (r) => {
          const res = r as DebugProtocol.RunInTerminalResponse;
          if (!res.success) reject(new LaunchError(`The terminal could not start ${command[0]}: ${res.message}`, 'start'));
          else resolve(res.body?.processId ?? res.body?.shellProcessId);
        });
      });
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    this.ending = true;
    await this.stopDelveSession(true);
    await this.runtime.dispose();
    this.runtime.removeAllListeners();
    this.runtime = this.wire(this.newRuntime());
    this.pending.clear();
    try {
      const config = (args?.arguments as GoRedefineLaunchArguments | undefined) ?? this.lastLaunch;
      if (!config) throw new LaunchError('Restart needs the launch configuration; start the session again.', 'config');
      await this.launch(config);
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, e as Error);
    }
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    if (this.runtime.delveRunning) {
      await this.stopDelveSession(true);
      await this.runtime.stopDelve();
      this.sendTerminated();
    } else {
      await this.runtime.stopProgram('SIGINT', 3000);
    }
    this.sendResponse(response);
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
    this.ending = true;
    await this.stopDelveSession(args?.terminateDebuggee !== false);
    await this.runtime.dispose();
    this.sendResponse(response);
    if (!args?.restart) this.shutdown();
  }

  /** Without debugging: one thread, so that a client that asks gets an answer. */
  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(1, 'program')] };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    // Only reached without debugging (or before Delve is up): breakpoints cannot be set.
    response.body = { breakpoints: (args.breakpoints ?? []).map((b) => ({ verified: false, line: b.line, message: 'not debugging' })) };
    this.sendResponse(response);
  }

  override shutdown(): void {
    // Called on disconnect and when the client's stream closes: stop children first.
    void this.runtime.dispose().then(() => super.shutdown());
  }

  /** VS Code disposes an in-process adapter when the session ends: stop every child. */
  override dispose(): void {
    void this.runtime.dispose();
  }

  /** The adapter process is exiting (SIGTERM): kill every child now. */
  killNow(): void {
    this.runtime.killNow();
  }

  // ---- Delve ----------------------------------------------------------------------------

  private toDelve(command: string, args: object): Promise<DebugProtocol.Response> {
    return new Promise((resolve) => {
      const seq = this.delveSeq++;
      this.pending.set(seq, { kind: 'internal', resolve });
      this.runtime.sendToDelve({ seq, type: 'request', command, arguments: args });
    });
  }

  /** Ends the Delve side: disconnect (terminating the program unless told not to). */
  private async stopDelveSession(terminateDebuggee: boolean): Promise<void> {
    if (!this.runtime.delveRunning) return;
    const answered = this.toDelve('disconnect', { terminateDebuggee });
    await Promise.race([answered, new Promise((r) => setTimeout(r, 3000))]);
  }

  private fromDelve(m: Message): void {
    if (m.type === 'response') {
      const r = m as unknown as DebugProtocol.Response;
      const p = this.pending.get(r.request_seq);
      this.pending.delete(r.request_seq);
      if (!p) return;
      if (p.kind === 'internal') {
        p.resolve(r);
        return;
      }
      const body = p.answer && r.success ? p.answer(r.body) : r.body;
      this.sendResponse({ ...r, body, seq: 0, request_seq: p.clientSeq } as DebugProtocol.Response);
    } else if (m.type === 'event') {
      const e = m as unknown as DebugProtocol.Event;
      this.events = this.events.then(() => this.onDelveEvent(e)).catch((err: Error) => this.output(`${err.message}\n`, 'stderr'));
    } else if (m.type === 'request') {
      // A reverse request from Delve (e.g. runInTerminal): ask the client, answer Delve.
      const req = m as unknown as DebugProtocol.Request;
      this.sendRequest(req.command, req.arguments, 30_000, (r) => {
        this.runtime.sendToDelve({ ...r, seq: this.delveSeq++, request_seq: req.seq } as unknown as Message);
      });
    }
  }

  /** One of Delve's events, in order. Stops at the adapter's hidden breakpoints stay here. */
  private async onDelveEvent(e: DebugProtocol.Event): Promise<void> {
    // The program may have written its report an instant ago: show it first.
    if (['output', 'stopped', 'exited', 'terminated'].includes(e.event)) this.runtime.pollReport();
    switch (e.event) {
      case 'initialized':
        if (this.strategy === 'debugger') await this.installHandoff();
        break;
      case 'stopped': {
        const stop = e as DebugProtocol.StoppedEvent;
        const hand = this.book.hiddenId('function', HANDOFF_KEY);
        if (hand !== undefined && stop.body.hitBreakpointIds?.includes(hand)) {
          this.lastStopHidden = true;
          const done = await serveHandoff((command, a) => this.toDelve(command, a), this.book);
          if (done.error) this.output(`The debugger strategy could not write the program's code: ${done.error}\n`, 'important');
          if (this.clientArgs.supportsInvalidatedEvent) this.invalidationsToDrop += done.writes;
          const step = this.pendingStep;
          if (step && step.args.threadId === stop.body.threadId && !this.stopWaiter) {
            // Not awaited: it waits for stops, which come through this queue.
            void this.finishStep(step);
          } else {
            const r = await this.toDelve('continue', { threadId: stop.body.threadId });
            if (!r.success) this.output(`The debugger strategy could not resume the program: ${errorText(r)}\n`, 'important');
          }
          return;
        }
        const waiter = this.stopWaiter;
        if (waiter) {
          this.stopWaiter = undefined;
          this.lastStopHidden = true;
          waiter(stop);
          return;
        }
        this.pendingStep = undefined;
        this.sendStopped(stop);
        return;
      }
      case 'continued':
        if (this.stepping > 0 || this.lastStopHidden) return;
        break;
      case 'output':
        if (this.lastStopHidden && /^Step interrupted by a breakpoint/.test((e.body as { output?: string })?.output ?? '')) return;
        break;
      case 'invalidated':
        if (this.invalidationsToDrop > 0) {
          this.invalidationsToDrop--;
          return;
        }
        break;
      case 'breakpoint': {
        const bp = (e.body as DebugProtocol.BreakpointEvent['body'])?.breakpoint;
        if (bp?.id !== undefined && this.book.hiddenKey(bp.id)) return;
        if (bp) e = { ...e, body: { ...e.body, breakpoint: this.book.mapOut(bp) } };
        break;
      }
      case 'exited':
        this.explainExit((e.body as { exitCode?: number } | undefined)?.exitCode ?? null);
        break;
      case 'terminated':
        this.endWaits();
        this.sendTerminated();
        return;
    }
    this.sendEvent({ ...e, seq: 0 } as DebugProtocol.Event);
  }

  /** Sets the hidden breakpoint the engine's hand-offs stop at (handoff.ts). */
  private async installHandoff(): Promise<void> {
    this.book.hide('function', HANDOFF_KEY, handoffBreakpoint());
    const r = await this.toDelve('setFunctionBreakpoints', this.book.request('function'));
    if (r.success) this.book.answer('function', (r.body as DebugProtocol.SetFunctionBreakpointsResponse['body']).breakpoints);
    if (this.book.hiddenId('function', HANDOFF_KEY) === undefined) {
      const why = r.success ? ((r.body as DebugProtocol.SetFunctionBreakpointsResponse['body']).breakpoints.at(-1)?.message ?? 'not verified') : errorText(r);
      this.output(
        `The debugger strategy needs a breakpoint on the engine's hand-off function, which Delve refused (${why}); ` +
          'redefinitions will fail. Is the program built with the redefine command (and with DWARF)?\n',
        'important',
      );
    }
  }

  /** Sends a stop to the client, with the breakpoint ids it knows. */
  private sendStopped(stop: DebugProtocol.StoppedEvent): void {
    this.lastStopHidden = false;
    const ids = stop.body.hitBreakpointIds?.map((id) => this.book.clientId(id));
    this.sendEvent({ ...stop, seq: 0, body: { ...stop.body, ...(ids ? { hitBreakpointIds: ids } : {}) } } as DebugProtocol.Event);
  }

  private endWaits(): void {
    this.pendingStep = undefined;
    const waiter = this.stopWaiter;
    this.stopWaiter = undefined;
    waiter?.(null);
  }

  private onDelveExit(): void {
    this.endWaits();
    if (this.ending) return;
    // Delve went away without a disconnect from the client: the session is over.
    void this.runtime.stopDelve().then(() => this.sendTerminated());
  }

  // ---- runtime events ---------------------------------------------------------------------

  private onProgramExit(code: number | null, signal: string | null): void {
    if (this.ending) return;
    const how = code !== null ? `exited with status ${code}` : signal ? `was stopped by ${signal}` : 'ended';
    this.output(`Process ${how}\n`, 'console');
    this.explainExit(code);
    this.sendEvent(new ExitedEvent(code ?? (signal ? 128 : 0)));
    this.sendTerminated();
  }

  private onReport(r: Report): void {
    if ((r.redefinitions ?? []).some((e) => e.status === 'failed')) this.sawFailure = true;
    this.sendEvent(new Event(reportEvent, r));
    for (const line of describeReport(r, this.debugging)) {
      const category: OutputCategory = line.severity === 'important' ? 'important' : line.severity === 'warning' ? 'stderr' : 'console';
      this.output(`${line.text}\n`, category, line.pos ? parsePos(line.pos) : undefined);
    }
  }

  /** Exit status 3 after a failed redefinition is the engine's refusal to run (ARCHITECTURE.md). */
  private explainExit(code: number | null): void {
    if (code !== 3 || !this.sawFailure) return;
    this.output(
      'The program stopped before main because a redefinition failed (see the lines above). ' +
        'Fix or remove it, or set "env": {"REDEFINE_ON_ERROR": "continue"} to run without it.\n',
      'important',
    );
  }

  private sendTerminated(): void {
    if (this.terminatedSent) return;
    this.terminatedSent = true;
    this.sendEvent(new TerminatedEvent());
  }

  private output(text: string, category: OutputCategory, loc?: SourceLocation): void {
    const e = new OutputEvent(text, category) as DebugProtocol.OutputEvent;
    if (loc) {
      e.body.source = new Source(path.basename(loc.file), loc.file);
      e.body.line = loc.line;
      if (loc.column) e.body.column = loc.column;
    }
    this.sendEvent(e);
  }

  private fail(response: DebugProtocol.Response, err: Error): void {
    const kind = err instanceof LaunchError ? err.kind : 'start';
    this.output(`${err.message}\n`, kind === 'build' ? 'stderr' : 'important');
    void this.runtime.dispose().then(() => {
      // The message goes through a variable: it may contain braces (JSON) that `format` would expand.
      this.sendErrorResponse(response, { id: 3000, format: '{_reason}', variables: { _reason: err.message }, showUser: kind !== 'build' });
      this.sendTerminated();
    });
  }
}

/** `/abs/file.go:7:1` → a location. */
export function parsePos(pos: string): SourceLocation | undefined {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(pos);
  if (!m) return undefined;
  return { file: m[1], line: +m[2], column: m[3] ? +m[3] : undefined };
}

