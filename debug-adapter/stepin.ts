// Stepping into a redefined function lands in what the calling goroutine runs: the replacement
// (or, where no redefinition applies to that goroutine, the original).
//
// Why Delve alone does not: for a step into, Delve puts a temporary breakpoint after the
// prologue of every function called directly from the current line (pkg/proc/target_exec.go,
// setStepIntoBreakpoint). A redefined function's first instruction jumps to the engine's
// thunk, generated code Delve has no tables for, and from there to the replacement: the
// breakpoint after the target's prologue is never reached, and the step ends in the next
// function the line calls (fmt.Println(time.Now().Format(...)) stops in Time.Format).
//
// So when the current line calls a redefined function (its first instruction jumps far away:
// that is the engine's branch), the adapter steps the goroutine itself: one instruction at a
// time up to the call (calls before it into runtime internals are run to their return with a
// temporary breakpoint), through the call and the thunk, until the goroutine is in a function
// Delve knows. At a function's entry (the replacement) it runs to that function's breakpoint
// after the prologue, as Delve's own step into would; inside a function (the thunk sent the
// goroutine to the original, through the trampoline) it finishes with Delve's step. Calls of
// functions that are not redefined before the redefined one, and lines that call none, are
// Delve's own step into.

import { DebugProtocol } from '@vscode/debugprotocol';
import { BreakpointBook, Kind } from './breakpoints';
import { Ask, errorText } from './handoff';

/** Waits for the next stop of the program that is not the adapter's hand-off; null if it ended. */
export type NextStop = () => Promise<DebugProtocol.StoppedEvent | null>;

/** What the session sends the client for a stepIn the adapter stepped itself. */
export type StepOutcome =
  /** Not a line that calls a redefined function: send the client's stepIn to Delve. */
  | { kind: 'delve' }
  /** Stopped: send this event to the client. */
  | { kind: 'stopped'; event: DebugProtocol.StoppedEvent }
  /** The program ended meanwhile. */
  | { kind: 'ended' };

interface Frame {
  pc: bigint;
  name: string;
  path?: string;
  line: number;
}

interface Instruction {
  address: bigint;
  bytes: Buffer;
  text: string;
  path?: string;
  line?: number;
}

/** The most instructions stepped one by one before the adapter gives up and stops where it is. */
const STEP_LIMIT = 4000;

export class StepInto {
  private tempKeys = 0;

  constructor(
    private readonly ask: Ask,
    private readonly nextStop: NextStop,
    private readonly book: BreakpointBook,
    private readonly arch: string = process.arch,
  ) {}

  /**
   * Runs goroutine `threadId` back to the innermost frame of function `name` (where a step
   * began that the hand-off cut short: Delve ends a step when its goroutine stops at a
   * breakpoint). 'reached': the goroutine is there, right after the call it made.
   */
  async returnTo(threadId: number, name: string): Promise<'reached' | 'lost' | StepOutcome> {
    const r = await this.ask('stackTrace', { threadId, startFrame: 1, levels: 64 });
    if (!r.success) return 'lost';
    const f = (r.body as DebugProtocol.StackTraceResponse['body']).stackFrames.find((x) => x.name === name);
    if (!f?.instructionPointerReference) return 'lost';
    return this.runTo(threadId, BigInt(f.instructionPointerReference));
  }

  /** Steps goroutine `threadId` into the next call of its current line. */
  async stepIn(threadId: number): Promise<StepOutcome> {
    const top = await this.frame(threadId);
    if (!top?.path) return { kind: 'delve' };
    const line = (await this.lineInstructions(top)).filter((i) => isCall(i, this.arch));
    let any = false;
    for (const call of line) if (await this.callsRedefined(call)) any = true;
    if (!any) return { kind: 'delve' };
    return this.walk(threadId, top);
  }

  private async walk(threadId: number, top: Frame): Promise<StepOutcome> {
    let cur = top;
    for (let steps = 0; steps < STEP_LIMIT; steps++) {
      if (cur.path !== top.path || cur.line !== top.line || cur.name !== top.name) return this.stopped(threadId);
      const ins = await this.instructionAt(cur.pc);
      if (ins && isCall(ins, this.arch)) {
        const dest = callTarget(ins, this.arch);
        const callee = calleeName(ins);
        if (dest !== undefined && (await this.jumpsAway(dest))) return this.through(threadId, dest, callee);
        if (!callee || !isPrivateRuntime(callee)) return { kind: 'delve' }; // Delve steps into it
        const stop = await this.runTo(threadId, ins.address + BigInt(ins.bytes.length));
        if (stop !== 'reached') return stop;
      } else {
        const stop = await this.instructionStep(threadId);
        if (stop !== 'stepped') return stop;
      }
      const next = await this.frame(threadId);
      if (!next) return this.stopped(threadId);
      cur = next;
    }
    return this.stopped(threadId);
  }

  /**
   * From a call of the redefined function `callee` at `target`: through the thunk into code
   * Delve knows. A function other than the target is what the thunk chose (a replacement, at
   * its entry): run to its breakpoint after the prologue, as a step into does. The target
   * itself is its original (the trampoline jumped back into it): finish with Delve's step.
   */
  private async through(threadId: number, target: bigint, callee: string | undefined): Promise<StepOutcome> {
    for (let steps = 0; steps < STEP_LIMIT; steps++) {
      const stop = await this.instructionStep(threadId);
      if (stop !== 'stepped') return stop;
      const f = await this.frame(threadId);
      if (!f) continue;
      if (f.pc === target) continue;
      if (!f.path) {
        // Calls in generated code (the race detector's gate) run to their return.
        const ins = await this.instructionAt(f.pc);
        if (ins && isCall(ins, this.arch)) {
          const r = await this.runTo(threadId, ins.address + BigInt(ins.bytes.length));
          if (r !== 'reached') return r;
        }
        continue;
      }
      if (f.name !== callee) return this.runToFunction(threadId, f.name);
      return this.delveStep(threadId);
    }
    return this.stopped(threadId);
  }

  private async frame(threadId: number): Promise<Frame | undefined> {
    const r = await this.ask('stackTrace', { threadId, startFrame: 0, levels: 1 });
    if (!r.success) return undefined;
    const f = (r.body as DebugProtocol.StackTraceResponse['body']).stackFrames[0];
    if (!f?.instructionPointerReference) return undefined;
    const known = !!f.source?.path && f.line > 0;
    return { pc: BigInt(f.instructionPointerReference), name: f.name, path: known ? f.source!.path : undefined, line: f.line };
  }

  /** The instructions of the frame's line, from its PC on (Delve marks only a line's first). */
  private async lineInstructions(top: Frame): Promise<Instruction[]> {
    const all = await this.disassemble(top.pc, 96);
    const out: Instruction[] = [];
    let path: string | undefined = top.path;
    let line: number | undefined = top.line;
    for (const ins of all) {
      if (ins.line !== undefined) {
        path = ins.path;
        line = ins.line;
      }
      if (path === top.path && line === top.line) out.push(ins);
      if (/^RET\b/.test(ins.text)) break;
    }
    return out;
  }

  private async instructionAt(pc: bigint): Promise<Instruction | undefined> {
    return (await this.disassemble(pc, 1))[0];
  }

  private async disassemble(pc: bigint, count: number): Promise<Instruction[]> {
    const r = await this.ask('disassemble', { memoryReference: hex(pc), instructionOffset: 0, instructionCount: count, resolveSymbols: false });
    if (!r.success) return [];
    const out: Instruction[] = [];
    for (const i of (r.body as DebugProtocol.DisassembleResponse['body'])?.instructions ?? []) {
      if (i.instruction === 'invalid instruction' || !i.instructionBytes) break;
      out.push({ address: BigInt(i.address), bytes: Buffer.from(i.instructionBytes, 'hex'), text: i.instruction, path: i.location?.path, line: i.line });
    }
    return out;
  }

  /** Whether `call` calls a redefined function. */
  private async callsRedefined(call: Instruction): Promise<boolean> {
    const dest = callTarget(call, this.arch);
    return dest !== undefined && this.jumpsAway(dest);
  }

  /**
   * Whether the function at `entry` begins with a jump far away into code Delve has no tables
   * for: the engine's branch to a thunk. (Assembly stubs that jump to another function, such as
   * some of package math's, jump to known code.)
   */
  private async jumpsAway(entry: bigint): Promise<boolean> {
    const first = await this.instructionAt(entry);
    if (!first) return false;
    const to = jumpTarget(first, this.arch);
    if (to === undefined) return false;
    const d = to > entry ? to - entry : entry - to;
    if (d < 4096n) return false;
    const there = await this.instructionAt(to);
    return !there?.path;
  }

  /** One instruction; 'stepped' or what to tell the client. */
  private async instructionStep(threadId: number): Promise<'stepped' | StepOutcome> {
    const r = await this.ask('stepIn', { threadId, granularity: 'instruction' });
    if (!r.success) return this.stopped(threadId);
    const stop = await this.nextStop();
    if (!stop) return { kind: 'ended' };
    if (stop.body.reason === 'step' && stop.body.threadId === threadId) return 'stepped';
    return { kind: 'stopped', event: stop };
  }

  /** Runs goroutine `threadId` to `pc` with a temporary hidden breakpoint. */
  private async runTo(threadId: number, pc: bigint): Promise<'reached' | StepOutcome> {
    const key = `step-${++this.tempKeys}`;
    return this.withHidden('instruction', key, { instructionReference: hex(pc), condition: sameGoroutine(threadId) }, threadId);
  }

  /** Runs goroutine `threadId` to the breakpoint after function `name`'s prologue. */
  private async runToFunction(threadId: number, name: string): Promise<StepOutcome> {
    const key = `step-${++this.tempKeys}`;
    const r = await this.withHidden('function', key, { name, condition: sameGoroutine(threadId) }, threadId);
    return r === 'reached' ? this.stopped(threadId) : r;
  }

  private async withHidden(
    kind: Kind,
    key: string,
    bp: DebugProtocol.FunctionBreakpoint | DebugProtocol.InstructionBreakpoint,
    threadId: number,
  ): Promise<'reached' | StepOutcome> {
    this.book.hide(kind, key, bp);
    try {
      await this.apply(kind);
      if (this.book.hiddenId(kind, key) === undefined) return this.stopped(threadId);
      const c = await this.ask('continue', { threadId });
      if (!c.success) return this.stopped(threadId);
      const stop = await this.nextStop();
      if (!stop) return { kind: 'ended' };
      const id = this.book.hiddenId(kind, key);
      if (id !== undefined && stop.body.hitBreakpointIds?.includes(id) && stop.body.threadId === threadId) return 'reached';
      return { kind: 'stopped', event: stop };
    } finally {
      this.book.unhide(kind, key);
      await this.apply(kind);
    }
  }

  private async apply(kind: Kind): Promise<void> {
    const command = kind === 'function' ? 'setFunctionBreakpoints' : 'setInstructionBreakpoints';
    const r = await this.ask(command, this.book.request(kind));
    if (!r.success) throw new Error(`${command}: ${errorText(r)}`);
    this.book.answer(kind, (r.body as { breakpoints: DebugProtocol.Breakpoint[] }).breakpoints);
  }

  /** Finishes with Delve's own step from where the goroutine is (known code, clean state). */
  private async delveStep(threadId: number): Promise<StepOutcome> {
    const r = await this.ask('stepIn', { threadId });
    if (!r.success) return this.stopped(threadId);
    const stop = await this.nextStop();
    return stop ? { kind: 'stopped', event: stop } : { kind: 'ended' };
  }

  private stopped(threadId: number): StepOutcome {
    return { kind: 'stopped', event: { seq: 0, type: 'event', event: 'stopped', body: { reason: 'step', threadId, allThreadsStopped: true } } };
  }
}

function hex(n: bigint): string {
  return `0x${n.toString(16)}`;
}

function sameGoroutine(threadId: number): string {
  return `runtime.curg.goid == ${threadId}`;
}

/** Whether `ins` is a call (Go syntax: CALL on both instruction sets). */
export function isCall(ins: Instruction, arch: string): boolean {
  if (/^CALL\b/.test(ins.text)) return true;
  return arch === 'arm64' ? ins.bytes.length === 4 && (ins.bytes.readUInt32LE(0) & 0xfc000000) >>> 0 === 0x94000000 : ins.bytes[0] === 0xe8;
}

/** The destination of a direct call, from its encoding (amd64 CALL rel32, arm64 BL). */
export function callTarget(ins: Instruction, arch: string): bigint | undefined {
  if (arch === 'arm64') {
    if (ins.bytes.length !== 4) return undefined;
    const w = ins.bytes.readUInt32LE(0);
    if ((w & 0xfc000000) >>> 0 !== 0x94000000) return undefined;
    return ins.address + BigInt(((w << 6) >> 6) * 4);
  }
  if (ins.bytes.length !== 5 || ins.bytes[0] !== 0xe8) return undefined;
  return ins.address + 5n + BigInt(ins.bytes.readInt32LE(1));
}

/** The destination of an unconditional direct jump (amd64 JMP rel32, arm64 B). */
export function jumpTarget(ins: Instruction, arch: string): bigint | undefined {
  if (arch === 'arm64') {
    if (ins.bytes.length !== 4) return undefined;
    const w = ins.bytes.readUInt32LE(0);
    if ((w & 0xfc000000) >>> 0 !== 0x14000000) return undefined;
    return ins.address + BigInt(((w << 6) >> 6) * 4);
  }
  if (ins.bytes.length !== 5 || ins.bytes[0] !== 0xe9) return undefined;
  return ins.address + 5n + BigInt(ins.bytes.readInt32LE(1));
}

/** The callee's name in Delve's Go syntax: `CALL time.Now(SB)`. */
export function calleeName(ins: Instruction): string | undefined {
  return /^CALL\s+([^\s(]+)\(SB\)/.exec(ins.text)?.[1];
}

/** Unexported runtime functions, which Delve's step into skips. */
export function isPrivateRuntime(name: string): boolean {
  return /^runtime\.[a-z_]/.test(name) || name.startsWith('runtime.(*') || /^runtime\.\w+\.[a-z]/.test(name);
}
