// Debugging programs with redefinitions under a real Delve: breakpoints, stepping into a
// redefined call, stacks through the engine's thunk, with the debugger strategy forced (Delve
// writes the program's code for the engine) and with the in-place one (the engine writes it).
// Skipped when GO_REDEFINE_TEST_REDEFINE does not name the command.

import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { describe, it } from 'node:test';
import { DebugProtocol } from '@vscode/debugprotocol';
import { skipUnlessCI } from '../skips';
import { assertNoProcessesLeft, dlvPath, fixture, redefinePath, root, Session, session, stopSession } from './helpers';

const skip = skipUnlessCI(!redefinePath && 'GO_REDEFINE_TEST_REDEFINE is not set (the redefine command is not built)');
const base = { type: 'go-redefine', request: 'launch', redefinePath, dlvPath };

/** The current stack of the stopped thread, as `name file:line` strings. */
async function stack(s: Session, threadId: number, levels = 4): Promise<string[]> {
  const st = await s.dc.stackTraceRequest({ threadId, levels });
  return st.body.stackFrames.map((f) => `${f.name} ${path.basename(f.source?.path ?? '?')}:${f.line}`);
}

/** Continues thread `threadId` and resolves with the next stop, or null when the program ends. */
async function continueTo(s: Session, threadId: number): Promise<DebugProtocol.StoppedEvent | null> {
  const stopped = s.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const ended = s.dc.waitForEvent('terminated').then(() => null);
  await s.dc.continueRequest({ threadId });
  return Promise.race([stopped, ended]);
}

/**
 * Continues past more stops at instruction breakpoint `id`: a function's entry runs again
 * after the goroutine's stack grew or it was preempted there (morestack returns to the entry),
 * so a breakpoint there may stop twice for one call.
 */
async function continuePast(s: Session, threadId: number, id: number): Promise<DebugProtocol.StoppedEvent | null> {
  let stop = await continueTo(s, threadId);
  for (let i = 0; i < 5 && stop?.body.reason === 'instruction breakpoint' && stop.body.hitBreakpointIds?.includes(id); i++) {
    stop = await continueTo(s, stop.body.threadId!);
  }
  return stop;
}

/** Steps (stepIn or next) and resolves with the stop. */
async function step(s: Session, how: 'stepIn' | 'next', threadId: number): Promise<DebugProtocol.StoppedEvent> {
  const stopped = s.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  if (how === 'stepIn') await s.dc.stepInRequest({ threadId });
  else await s.dc.nextRequest({ threadId });
  return stopped;
}

/**
 * The strategies to debug with: GO_REDEFINE_TEST_STRATEGIES, comma-separated; `default` sets
 * none, so the adapter chooses (the debugger strategy on darwin/arm64). Linux: both forced.
 */
const strategies = (process.env.GO_REDEFINE_TEST_STRATEGIES ?? 'debugger,inplace').split(',').filter(Boolean);
/** The strategy the report must name when the adapter chooses. */
const defaultStrategy = process.platform === 'darwin' && process.arch === 'arm64' ? 'debugger' : 'inplace';
/** Whether the debugger strategy's own tests run (on darwin/arm64 it is the default). */
const debuggerRuns = strategies.includes('debugger') || (strategies.includes('default') && defaultStrategy === 'debugger');

for (const chosen of strategies) {
  const strategy = chosen === 'default' ? defaultStrategy : chosen;
  const env = chosen === 'default' ? {} : { REDEFINE_STRATEGY: strategy };

  describe(`debugging with the ${strategy} strategy${chosen === 'default' ? ' (the default)' : ''}`, { skip }, () => {
    it('steps into a redefined call: the replacement, with the caller below it', async () => {
      const s = await session();
      const main = path.join(fixture('kitchen'), 'main.go');
      const stop = await hitAt(s, { ...base, program: fixture('kitchen'), env }, main, 11); // now := time.Now()
      const into = await step(s, 'stepIn', stop);
      assert.strictEqual(into.body.reason, 'step');
      const frames = await stack(s, into.body.threadId!);
      assert.match(frames[0], /^main\.fixedNow redefine_now\.go:\d+$/, frames.join('\n'));
      assert.strictEqual(frames[1], 'main.main main.go:11', frames.join('\n'));
      // Out of the replacement and on: the program prints the redefined time.
      assert.strictEqual(await continueTo(s, into.body.threadId!), null);
      await s.waitForOutput('5:00PM\n', 'stdout');
      const report = s.reports[0];
      assert.strictEqual(report.strategy, strategy, JSON.stringify(report));
      assert.match(s.text('console'), new RegExp(`strategy ${strategy} `));
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });

    it('steps into time.Now on fmt.Println(time.Now().Format(time.Kitchen)), not into Time.Format', async () => {
      const s = await session();
      const main = path.join(fixture('clock'), 'main.go');
      const stop = await hitAt(s, { ...base, program: fixture('clock'), env, redefine: { 'time.Now': 'main.fixedNow' } }, main, 11);
      const into = await step(s, 'stepIn', stop);
      const frames = await stack(s, into.body.threadId!);
      assert.match(frames[0], /^main\.fixedNow replacements\.go:\d+$/, frames.join('\n'));
      assert.strictEqual(frames[1], 'main.main main.go:11', frames.join('\n'));
      // Stepping on leaves the replacement and goes into Time.Format, as without redefinitions.
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });

    it("hits a breakpoint inside the replacement from another package's call", async () => {
      const s = await session();
      const repl = path.join(fixture('stamp'), 'redefine_now.go');
      const stop = await hitAt(s, { ...base, program: fixture('stamp'), env }, repl, 9); // fivePM := ...
      const frames = await stack(s, stop);
      assert.deepStrictEqual(frames.slice(0, 3), ['main.fixedNow redefine_now.go:9', 'label.Now label.go:8', 'main.main main.go:12']);
      assert.strictEqual(await continueTo(s, stop), null);
      await s.waitForOutput('5:00PM\n', 'stdout');
      assert.strictEqual(s.reports[0].strategy, strategy);
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });

    it('debugs a program that redefines at run time: next over redefine.Func, step into the replacement, the target\'s first line', async () => {
      const s = await session();
      const main = path.join(fixture('atruntime'), 'main.go');
      const first = await hitAt(s, { ...base, program: fixture('atruntime'), env }, main, 24); // if err := redefine.Func(...)
      // Next over the line that redefines: the engine's hand-off (debugger strategy) stays out of sight.
      const over = await step(s, 'next', first);
      assert.strictEqual(over.body.reason, 'step');
      assert.deepStrictEqual((await stack(s, over.body.threadId!, 1))[0], 'main.main main.go:28');
      assert.doesNotMatch(s.text(), /Step interrupted/);
      // fmt.Println(greeting("gopher")): into the replacement.
      const into = await step(s, 'stepIn', over.body.threadId!);
      const frames = await stack(s, into.body.threadId!);
      assert.strictEqual(frames[0], 'main.shout main.go:18', frames.join('\n'));
      assert.strictEqual(frames[1], 'main.main main.go:28', frames.join('\n'));
      // A breakpoint on the target's first line: hit by the original, called from the replacement.
      const bps = await s.dc.setBreakpointsRequest({ source: { path: main }, breakpoints: [{ line: 14 }] });
      assert.ok(bps.body.breakpoints[0].verified, JSON.stringify(bps.body));
      const inOriginal = await continueTo(s, into.body.threadId!);
      assert.ok(inOriginal, 'the program ended before the original ran');
      assert.deepStrictEqual((await stack(s, inOriginal!.body.threadId!, 3)).slice(0, 3), ['main.greeting main.go:14', 'main.shout main.go:19', 'main.main main.go:28']);
      // After Restore, the target itself.
      const restored = await continueTo(s, inOriginal!.body.threadId!);
      assert.deepStrictEqual((await stack(s, restored!.body.threadId!, 2)).slice(0, 2), ['main.greeting main.go:14', 'main.main main.go:33']);
      assert.strictEqual(await continueTo(s, restored!.body.threadId!), null);
      await s.waitForOutput('hello, gopher\nHELLO, GOPHER!\nhello, gopher\n', 'stdout');
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });
  });
}

describe('the debugger strategy', { skip: skip || (debuggerRuns ? false : 'GO_REDEFINE_TEST_STRATEGIES leaves it out') }, () => {
  it("keeps a breakpoint on the first instruction of a function it redefines, and the redefinition", async () => {
    const s = await session();
    const main = path.join(fixture('atruntime'), 'main.go');
    const first = await hitAt(s, { ...base, program: fixture('atruntime'), env: { REDEFINE_STRATEGY: 'debugger' } }, main, 14); // in greeting
    const entry = symbolAddress(s.reports[0].executable, 'main.greeting');
    const ins = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: entry }] });
    const id = ins.body.breakpoints[0].id;
    assert.ok(ins.body.breakpoints[0].verified, JSON.stringify(ins.body));
    // redefine.Func writes a jump over the breakpoint; then greeting is called: the breakpoint
    // stops there, then the jump leads to the replacement, which calls the original.
    const atEntry = await continueTo(s, first);
    assert.strictEqual(atEntry?.body.reason, 'instruction breakpoint', JSON.stringify(atEntry?.body));
    assert.deepStrictEqual(atEntry!.body.hitBreakpointIds, [id]);
    assert.deepStrictEqual((await stack(s, atEntry!.body.threadId!, 2))[1], 'main.main main.go:28');
    const viaShout = await continuePast(s, atEntry!.body.threadId!, id);
    assert.deepStrictEqual((await stack(s, viaShout!.body.threadId!, 2)).slice(0, 2), ['main.greeting main.go:14', 'main.shout main.go:19']);
    // redefine.Restore writes the original bytes back under the breakpoint.
    const again = await continueTo(s, viaShout!.body.threadId!);
    assert.strictEqual(again?.body.reason, 'instruction breakpoint', JSON.stringify(again?.body));
    assert.deepStrictEqual(again!.body.hitBreakpointIds, [id]);
    assert.deepStrictEqual((await stack(s, again!.body.threadId!, 2))[1], 'main.main main.go:33');
    const original = await continuePast(s, again!.body.threadId!, id);
    assert.deepStrictEqual((await stack(s, original!.body.threadId!, 2)).slice(0, 2), ['main.greeting main.go:14', 'main.main main.go:33']);
    assert.strictEqual(await continueTo(s, original!.body.threadId!), null);
    await s.waitForOutput('hello, gopher\nHELLO, GOPHER!\nhello, gopher\n', 'stdout');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('redefines a generic instantiation whose wrapper holds a breakpoint', async () => {
    // redefine.Func(Max[int], …) reads the instantiation's wrapper to find its shape body and
    // dictionary; a breakpoint of Delve's over the dictionary's load must not hide it.
    const s = await session();
    const main = path.join(fixture('generic'), 'main.go');
    const first = await hitAt(s, { ...base, program: fixture('generic'), env: { REDEFINE_STRATEGY: 'debugger' } }, main, 23);
    const wrapper = dictionaryLoad(s.reports[0].executable, 'main.Max[int]');
    const ins = await s.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: wrapper }] });
    assert.ok(ins.body.breakpoints[0].verified, JSON.stringify(ins.body));
    // Nothing calls the wrapper: the program runs to its end.
    assert.strictEqual(await continueTo(s, first), null);
    await s.waitForOutput('3\n-1 3.5\n', 'stdout');
    assert.strictEqual(s.reports[0].strategy, 'debugger');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it("keeps the hand-off's breakpoint when the client replaces its function breakpoints", async () => {
    const s = await session();
    const main = path.join(fixture('atruntime'), 'main.go');
    const stopped = s.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const initialized = s.dc.waitForEvent('initialized');
    const launched = s.dc.launch({ ...base, program: fixture('atruntime'), env: { REDEFINE_STRATEGY: 'debugger' } } as any);
    await initialized;
    const set = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'main.shout' }] });
    assert.strictEqual(set.body.breakpoints.length, 1, JSON.stringify(set.body));
    await s.dc.configurationDoneRequest();
    await launched;
    // The client's set, then replaced by an empty one: the hand-off still works.
    const stop = await stopped;
    assert.strictEqual(stop.body.reason, 'function breakpoint');
    assert.match((await stack(s, stop.body.threadId!, 1))[0], /^main\.shout /);
    const none = await s.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    assert.deepStrictEqual(none.body.breakpoints, []);
    const bps = await s.dc.setBreakpointsRequest({ source: { path: main }, breakpoints: [{ line: 33 }] }); // after Restore
    assert.strictEqual(bps.body.breakpoints.length, 1);
    const after = await continueTo(s, stop.body.threadId!);
    assert.deepStrictEqual((await stack(s, after!.body.threadId!, 1))[0], 'main.main main.go:33');
    assert.strictEqual(await continueTo(s, after!.body.threadId!), null);
    await s.waitForOutput('hello, gopher\nHELLO, GOPHER!\nhello, gopher\n', 'stdout');
    assert.doesNotMatch(s.text('important'), /could not write/);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('runs the engine\'s own tests with Delve writing every patch', async () => {
    // The scenario table, scopes, misuse and concurrent redefinitions of native/redefine, as a
    // test binary (go test -c through the shim), optimised as go test builds it. Tests that run
    // the binary again as a child (stress, start-up, panics) are skipped: no debugger traces
    // their children.
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated', 600_000);
    const shim = path.join(root, 'test', 'adapter', 'bin', 'redefine-shim');
    await Promise.all([
      s.dc.launch({
        ...base,
        redefinePath: shim,
        mode: 'test',
        program: path.join(root, 'native', 'redefine'),
        buildFlags: ['-gcflags='],
        env: { REDEFINE_STRATEGY: 'debugger' },
        args: ['-test.count=1', '-test.short', '-test.v', '-test.skip', 'TestPatchingStress|TestApplyAtStartup|TestPanicTrace|TestDuplicateIdentical|TestDecodeX86WholeBinary'],
      } as any),
      s.dc.configurationSequence(),
    ]);
    await terminated;
    const out = s.text('stdout');
    assert.match(out, /\nPASS\n/, out.slice(-3000));
    assert.match(out, /--- PASS: TestSeedExampleTimeNow/);
    assert.match(out, /--- PASS: TestConcurrentRedefineRestore/);
    assert.match(out, /--- PASS: TestForTestIsolatesParallelTests/);
    assert.doesNotMatch(s.text('important'), /could not write/);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('without a debugger (run without debugging) fails at once, saying so', async () => {
    const s = await session();
    const exited = s.dc.waitForEvent('exited');
    await s.dc.launch({ ...base, noDebug: true, program: fixture('kitchen'), env: { REDEFINE_STRATEGY: 'debugger' } } as any);
    assert.strictEqual((await exited).body.exitCode, 3);
    await s.waitForOutput(/FAILED .*time\.Now -> main\.fixedNow: .*no debugger is attached/, 'important');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });
});

/** Launches with a breakpoint at file:line, waits for it; returns the stopped thread. */
async function hitAt(s: Session, config: object, file: string, line: number): Promise<number> {
  const stopped = s.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await s.dc.hitBreakpoint(config as any, { path: file, line });
  const stop = await stopped;
  return stop.body.threadId!;
}

/** The address of a function in an executable, from `go tool nm`. */
function symbolAddress(executable: string, name: string): string {
  const nm = execFileSync('go', ['tool', 'nm', executable]).toString();
  const m = new RegExp(`^\\s*([0-9a-f]+) T ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(nm);
  assert.ok(m, `${name} is not in ${executable}`);
  return `0x${m![1]}`;
}

/** The address of the instruction of a generic instantiation's wrapper that loads its dictionary. */
function dictionaryLoad(executable: string, wrapper: string): string {
  const sym = `^${wrapper.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const dump = execFileSync('go', ['tool', 'objdump', '-s', sym, executable]).toString();
  // amd64: LEAQ main..dict.Max[int](SB), AX; arm64: the ADRP of ADRP+ADD, which objdump
  // shows without the symbol.
  const lines = dump.split('\n');
  const line = lines.find((l) => l.includes('..dict.')) ?? lines.find((l) => /\bADRP\b/.test(l));
  assert.ok(line, `no dictionary load in ${wrapper}:\n${dump}`);
  return line!.trim().split(/\s+/)[1]; // objdump writes 0x…
}
