// The engine's debugger strategy, served through Delve (native/redefine/strategy_debugger.go
// and debugger_handoff.go hold the other half of this contract). The engine never writes the
// program's code: it fills a request (handoff: code, the memory to write; data, the bytes;
// done, one byte) and calls debuggerHandoff, a function that does nothing. The adapter keeps a
// breakpoint there that the client never sees; when Delve stops on it, the adapter reads the
// request, writes the bytes with DAP writeMemory (Delve 1.27 or later), sets done and
// continues (or, when the stop cut short the client's step of that goroutine, finishes the
// step: session.ts). Delve writes code the way it writes its breakpoints (ptrace on Linux, debugserver
// on macOS), while every thread is stopped.
//
// A user's breakpoint inside the bytes written: on Linux, Delve keeps its breakpoint
// instruction in memory and puts back the bytes it saved when the breakpoint is cleared, which
// would undo the write, and the write would drop the breakpoint. So when the memory to write
// holds breakpoint instructions, the adapter clears the client's breakpoints, writes, and sets
// them again: Delve then saves the new bytes and keeps stopping there.

import { DebugProtocol } from '@vscode/debugprotocol';
import { BreakpointBook } from './breakpoints';

/** The symbol of the function the engine calls to hand a write to the debugger. */
export const HANDOFF_FUNCTION = 'goredefine.dev/redefine.debuggerHandoff';
/** The request, a package variable of the engine, in Delve's expression syntax. */
export const HANDOFF_VARIABLE = '"goredefine.dev/redefine".handoff';
/** The key of the hidden breakpoint on HANDOFF_FUNCTION. */
export const HANDOFF_KEY = 'handoff';

/** Sends a request to Delve and resolves with its response. */
export type Ask = (command: string, args: object) => Promise<DebugProtocol.Response>;

/**
 * The strategy a debug session's program runs with: what the launch environment sets (null
 * unsets), else what the adapter inherited, else the debugger strategy on darwin/arm64 (where
 * the engine's default, duplicate, runs the program from a copy Delve knows nothing of).
 * `env` is what to add to the program's environment.
 */
export function debugStrategy(
  launchEnv: Record<string, string | null>,
  baseEnv: NodeJS.ProcessEnv,
  platform: string = process.platform,
  arch: string = process.arch,
): { strategy: string; env: Record<string, string> } {
  const set = 'REDEFINE_STRATEGY' in launchEnv ? launchEnv.REDEFINE_STRATEGY : baseEnv.REDEFINE_STRATEGY;
  if (set && set !== 'auto') return { strategy: set, env: {} };
  if (platform === 'darwin' && arch === 'arm64') return { strategy: 'debugger', env: { REDEFINE_STRATEGY: 'debugger' } };
  return { strategy: set ?? 'auto', env: {} };
}

/** The hidden breakpoint on the hand-off function. */
export function handoffBreakpoint(): DebugProtocol.FunctionBreakpoint {
  return { name: HANDOFF_FUNCTION };
}

/** What one hand-off did, for the Debug Console when it failed and for benchmarks. */
export interface HandoffResult {
  address?: string;
  bytes?: number;
  /** The client's breakpoints were lifted around the write. */
  lifted: boolean;
  /** How many writeMemory requests succeeded (Delve follows each with an `invalidated` event). */
  writes: number;
  error?: string;
}

/** Whether `raw`, read at `address`, holds a breakpoint instruction of this machine's kind. */
export function holdsTraps(raw: Buffer, address: bigint, arch: string = process.arch): boolean {
  if (arch === 'arm64') {
    for (let i = 0; i < raw.length; i++) {
      if ((address + BigInt(i)) % 4n !== 0n || i + 4 > raw.length) continue;
      // BRK #imm (Arm ARM C6.2.38): Delve writes BRK #0, debugserver BRK #0xf000.
      if ((raw.readUInt32LE(i) & 0xffe0001f) >>> 0 === 0xd4200000) return true;
    }
    return false;
  }
  return raw.includes(0xcc); // INT3
}

/** Serves the hand-off the engine is stopped in: writes what it asks for. The caller continues. */
export async function serveHandoff(ask: Ask, book: BreakpointBook): Promise<HandoffResult> {
  const result: HandoffResult = { lifted: false, writes: 0 };
  const write = async (ref: string, data: Buffer) => {
    await writeMemory(ask, ref, data);
    result.writes++;
  };
  try {
    const req = await readRequest(ask);
    result.address = req.code.memoryReference;
    result.bytes = req.data.length;
    const raw = await readMemory(ask, req.code.memoryReference!, req.data.length);
    if (holdsTraps(raw, BigInt(req.code.memoryReference!))) {
      result.lifted = true;
      await liftClientBreakpoints(ask, book, () => write(req.code.memoryReference!, req.data));
    } else {
      await write(req.code.memoryReference!, req.data);
    }
    await write(req.done.memoryReference!, Buffer.from([1]));
  } catch (e) {
    result.error = (e as Error).message;
  }
  return result;
}

interface Request {
  code: DebugProtocol.Variable;
  data: Buffer;
  done: DebugProtocol.Variable;
}

/** Reads the engine's request: two slices' memory references and the bytes to write. */
async function readRequest(ask: Ask): Promise<Request> {
  const ev = await ask('evaluate', { expression: HANDOFF_VARIABLE, context: 'watch' });
  if (!ev.success) throw new Error(`reading ${HANDOFF_VARIABLE}: ${errorText(ev)}`);
  const ref = (ev.body as DebugProtocol.EvaluateResponse['body']).variablesReference;
  const vars = await ask('variables', { variablesReference: ref });
  if (!vars.success) throw new Error(`reading ${HANDOFF_VARIABLE}'s fields: ${errorText(vars)}`);
  const fields = new Map((vars.body as DebugProtocol.VariablesResponse['body']).variables.map((v) => [v.name, v]));
  const code = fields.get('code');
  const data = fields.get('data');
  const done = fields.get('done');
  if (!code?.memoryReference || !data?.memoryReference || !done?.memoryReference) {
    throw new Error(`${HANDOFF_VARIABLE} lacks code, data or done (is the engine of another version than the adapter?)`);
  }
  const n = data.indexedVariables ?? 0;
  if (n <= 0 || n > 4096 || (code.indexedVariables ?? 0) !== n) throw new Error(`${HANDOFF_VARIABLE} asks for ${n} bytes over ${code.indexedVariables ?? 0}`);
  return { code, data: await readMemory(ask, data.memoryReference, n), done };
}

async function readMemory(ask: Ask, memoryReference: string, count: number): Promise<Buffer> {
  const r = await ask('readMemory', { memoryReference, offset: 0, count });
  if (!r.success) throw new Error(`reading ${count} bytes at ${memoryReference}: ${errorText(r)}`);
  const body = r.body as DebugProtocol.ReadMemoryResponse['body'];
  const b = Buffer.from(body?.data ?? '', 'base64');
  if (b.length !== count) throw new Error(`reading ${count} bytes at ${memoryReference}: got ${b.length}`);
  return b;
}

async function writeMemory(ask: Ask, memoryReference: string, data: Buffer): Promise<void> {
  const r = await ask('writeMemory', { memoryReference, offset: 0, data: data.toString('base64') });
  if (!r.success) throw new Error(`writing ${data.length} bytes at ${memoryReference}: ${errorText(r)}`);
  const written = (r.body as DebugProtocol.WriteMemoryResponse['body'])?.bytesWritten;
  if (written !== undefined && written !== data.length) throw new Error(`writing ${data.length} bytes at ${memoryReference}: wrote ${written}`);
}

/**
 * Clears the client's breakpoints in Delve (which puts back the bytes it saved), runs `write`,
 * and sets them again (Delve saves the new bytes): both the write and the breakpoints hold.
 */
async function liftClientBreakpoints(ask: Ask, book: BreakpointBook, write: () => Promise<void>): Promise<void> {
  const sources = [...book.sources.values()];
  for (const args of sources) await ask('setBreakpoints', { ...args, breakpoints: [] });
  const fn = await ask('setFunctionBreakpoints', book.hiddenOnly('function'));
  if (fn.success) book.answerHiddenOnly('function', (fn.body as DebugProtocol.SetFunctionBreakpointsResponse['body']).breakpoints);
  const ins = await ask('setInstructionBreakpoints', book.hiddenOnly('instruction'));
  if (ins.success) book.answerHiddenOnly('instruction', (ins.body as DebugProtocol.SetInstructionBreakpointsResponse['body']).breakpoints);
  try {
    await write();
  } finally {
    for (const args of sources) {
      const r = await ask('setBreakpoints', args);
      if (r.success) book.answerSourceAgain(args, (r.body as DebugProtocol.SetBreakpointsResponse['body']).breakpoints);
    }
    const fnAgain = await ask('setFunctionBreakpoints', book.request('function'));
    if (fnAgain.success) book.answerAgain('function', (fnAgain.body as DebugProtocol.SetFunctionBreakpointsResponse['body']).breakpoints);
    const insAgain = await ask('setInstructionBreakpoints', book.request('instruction'));
    if (insAgain.success) book.answerAgain('instruction', (insAgain.body as DebugProtocol.SetInstructionBreakpointsResponse['body']).breakpoints);
  }
}

export function errorText(r: DebugProtocol.Response): string {
  const body = r.body as { error?: DebugProtocol.Message } | undefined;
  const e = body?.error;
  if (e?.format) return e.format.replace(/\{(\w+)\}/g, (_, k: string) => e.variables?.[k] ?? `{${k}}`);
  return r.message ?? 'unknown error';
}
