// Protocol tests of the go-redefine debug adapter: DebugClient drives the built standalone
// entry (out/debug-adapter/main.js) over stdio against real Go builds and a real Delve.
// These tests need no redefinitions; redefine.test.ts covers the seed example end to end.

import * as assert from 'assert';
import * as path from 'path';
import { describe, it } from 'node:test';
import { answerRunInTerminal, assertNoProcessesLeft, dlvPath, fixture, initializeWithTerminal, root, Session, session, stopSession } from './helpers';

// Plain builds through a stand-in for the command (no -redefine flags used here).
const shim = path.join(root, 'test', 'adapter', 'bin', 'redefine-shim');
const base = { type: 'go-redefine', request: 'launch', redefinePath: shim, dlvPath };

describe('run without debugging', () => {
  it('streams stdout and stderr, passes args and env, reports the exit status', async () => {
    const s = await session();
    const exited = s.dc.waitForEvent('exited');
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launch({ ...base, noDebug: true, program: fixture('loop'), args: ['exit7'], env: { LOOP_GREETING: 'hi' } } as any);
    const e = await exited;
    assert.strictEqual(e.body.exitCode, 7);
    await terminated;
    await s.waitForOutput('args=exit7 env=hi', 'stdout');
    await s.waitForOutput('to stderr', 'stderr');
    await s.waitForOutput('exited with status 7', 'console');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('reads envFile, and env wins over it', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const envFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'go-redefine-env-')), '.env');
    fs.writeFileSync(envFile, '# greeting\nexport LOOP_GREETING="from file"\n');
    for (const [env, want] of [[{}, 'env=from file'], [{ LOOP_GREETING: 'from env' }, 'env=from env']] as const) {
      const s = await session();
      const terminated = s.dc.waitForEvent('terminated');
      await s.dc.launch({ ...base, noDebug: true, program: fixture('loop'), args: ['exit7'], envFile, env } as any);
      await terminated;
      await s.waitForOutput(want, 'stdout');
      await stopSession(s);
    }
    fs.rmSync(path.dirname(envFile), { recursive: true });
  });

  it('terminate ends the program and leaves no process', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launch({ ...base, noDebug: true, program: fixture('loop') } as any);
    await s.waitForOutput('tick 2', 'stdout');
    await s.dc.terminateRequest({});
    await terminated;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('disconnect alone ends the program too', async () => {
    const s = await session();
    await s.dc.launch({ ...base, noDebug: true, program: fixture('loop') } as any);
    await s.waitForOutput('tick 1', 'stdout');
    await s.dc.disconnectRequest({});
    await assertNoProcessesLeft(s.marker);
  });

  it('runs in the integrated terminal through runInTerminal', async () => {
    const s = await session();
    const asked = answerRunInTerminal(s);
    await s.dc.initializeRequest(initializeWithTerminal);
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launchRequest({ ...base, noDebug: true, program: fixture('loop'), console: 'integratedTerminal' } as any);
    assert.strictEqual(asked.length, 1, 'runInTerminal was not requested');
    assert.strictEqual(asked[0].kind, 'integrated');
    assert.match(asked[0].args[asked[0].args.length - 1], /\/loop$/);
    assert.ok(asked[0].env?.REDEFINE_REPORT, 'REDEFINE_REPORT is passed to the terminal');
    await new Promise((r) => setTimeout(r, 500));
    await s.dc.terminateRequest({});
    await terminated;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('reports the exit status of a program run in the terminal', async () => {
    const s = await session();
    answerRunInTerminal(s);
    await s.dc.initializeRequest(initializeWithTerminal);
    const exited = s.dc.waitForEvent('exited');
    await s.dc.launchRequest({ ...base, noDebug: true, program: fixture('loop'), args: ['exit7'], console: 'integratedTerminal' } as any);
    assert.strictEqual((await exited).body.exitCode, 7);
    await s.waitForOutput('exited with status 7', 'console');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });
});

describe('debug under Delve', () => {
  it('hits a breakpoint in main and reads a local variable', async () => {
    const s = await session();
    const main = path.join(fixture('kitchen'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('kitchen') } as any, { path: main, line: 13 });
    const stack = await s.dc.stackTraceRequest({ threadId: (await s.dc.threadsRequest()).body.threads[0].id });
    const frame = stack.body.stackFrames[0];
    assert.strictEqual(frame.name, 'main.main');
    const scopes = await s.dc.scopesRequest({ frameId: frame.id });
    const locals = await s.dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    const label = locals.body.variables.find((v) => v.name === 'label');
    assert.ok(label, `no local "label" in ${JSON.stringify(locals.body.variables)}`);
    assert.match(label!.value, /^"\d{1,2}:\d\d[AP]M"$/);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('shows the build command and Delve\'s log with showLog, and passes Delve\'s own attributes through', async () => {
    const s = await session();
    const main = path.join(fixture('kitchen'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('kitchen'), showLog: true, showGlobalVariables: true } as any, { path: main, line: 13 });
    await s.waitForOutput(/redefine-shim build .*-o \S+ \./, 'console');
    await s.waitForOutput(/layer=dap/, 'console');
    const threadId = (await s.dc.threadsRequest()).body.threads[0].id;
    const frameId = (await s.dc.stackTraceRequest({ threadId })).body.stackFrames[0].id;
    const scopes = await s.dc.scopesRequest({ frameId });
    assert.ok(scopes.body.scopes.some((x) => /Globals/.test(x.name)), `no globals scope: ${JSON.stringify(scopes.body.scopes)}`);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('stops on entry when asked', async () => {
    const s = await session();
    const stopped = s.dc.waitForEvent('stopped');
    await Promise.all([s.dc.configurationSequence(), s.dc.launch({ ...base, program: fixture('kitchen'), stopOnEntry: true } as any)]);
    assert.strictEqual((await stopped).body.reason, 'entry');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('steps, evaluates and continues through the proxy', async () => {
    const s = await session();
    const main = path.join(fixture('kitchen'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('kitchen') } as any, { path: main, line: 11 });
    const threadId = (await s.dc.threadsRequest()).body.threads[0].id;
    await Promise.all([s.dc.nextRequest({ threadId }), s.dc.assertStoppedLocation('step', { path: main, line: 12 })]);
    await Promise.all([s.dc.nextRequest({ threadId }), s.dc.assertStoppedLocation('step', { path: main, line: 13 })]);
    const frameId = (await s.dc.stackTraceRequest({ threadId })).body.stackFrames[0].id;
    const evaluated = await s.dc.evaluateRequest({ expression: 'len(label) > 0', frameId, context: 'repl' });
    assert.strictEqual(evaluated.body.result, 'true');
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId });
    await s.waitForOutput(/\d\d?:\d\d[AP]M\n/, 'stdout');
    await terminated;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('streams program output and terminate ends program and Delve', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await Promise.all([s.dc.configurationSequence(), s.dc.launch({ ...base, program: fixture('loop') } as any)]);
    await s.waitForOutput('tick 2', 'stdout');
    await s.dc.terminateRequest({});
    await terminated;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('runs Delve in the integrated terminal, dialling back to the adapter', async () => {
    const s = await session();
    const asked = answerRunInTerminal(s);
    await s.dc.initializeRequest(initializeWithTerminal);
    const main = path.join(fixture('loop'), 'main.go');
    const initialized = s.dc.waitForEvent('initialized');
    await s.dc.launchRequest({ ...base, program: fixture('loop'), console: 'integratedTerminal' } as any);
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0].args.join(' '), /\/dlv dap --client-addr=127\.0\.0\.1:\d+$/);
    await initialized;
    await s.dc.setBreakpointsRequest({ source: { path: main }, breakpoints: [{ line: 20 }] });
    const stopped = s.dc.waitForEvent('stopped');
    await s.dc.configurationDoneRequest();
    await stopped;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('corrects the capabilities it announced when this Delve differs, and forwards errors', async () => {
    const s = await session();
    const caps: any[] = [];
    s.dc.on('capabilities', (e: any) => caps.push(e.body.capabilities));
    const fake = path.join(root, 'test', 'adapter', 'bin', 'fake-dlv');
    const terminated = s.dc.waitForEvent('terminated');
    await Promise.all([s.dc.configurationSequence(), s.dc.launch({ ...base, dlvPath: fake, program: fixture('kitchen') } as any)]);
    await s.waitForOutput('fake program ran', 'stdout');
    await terminated;
    assert.strictEqual(caps.length, 1);
    assert.strictEqual(caps[0].supportsDisassembleRequest, false);
    assert.strictEqual(caps[0].supportsStepBack, true);
    assert.strictEqual(caps[0].supportsLogPoints, false);
    assert.ok(!('supportsTerminateRequest' in caps[0]), 'terminate stays the adapter\'s');
    await assert.rejects(s.dc.threadsRequest(), /fake-dlv: no threads/);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('even SIGKILL of the adapter leaves no dlv or program: Delve ends with its connection', async () => {
    const s = await session();
    const main = path.join(fixture('loop'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('loop') } as any, { path: main, line: 20 });
    (s.dc as any)._adapterProcess.kill('SIGKILL');
    await assertNoProcessesLeft(s.marker);
  });

  it('killing the adapter while stopped leaves no dlv or program', async () => {
    const s = await session();
    const main = path.join(fixture('loop'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('loop') } as any, { path: main, line: 20 });
    (s.dc as any)._adapterProcess.kill('SIGTERM');
    await assertNoProcessesLeft(s.marker);
  });
});

describe('restart', () => {
  it('rebuilds and reruns a program run without debugging, with the new configuration', async () => {
    const s = await session();
    const config = { ...base, noDebug: true, program: fixture('loop'), args: ['first'] };
    await s.dc.launch(config as any);
    await s.waitForOutput('args=first', 'stdout');
    await s.dc.restartRequest({ arguments: { ...config, args: ['second'] } } as any);
    await s.waitForOutput('args=second', 'stdout');
    // A restart without arguments (older clients) reuses the last configuration.
    await s.dc.restartRequest({} as any);
    await s.waitForOutput(/args=second[^]*args=second/, 'stdout');
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.terminateRequest({});
    await terminated;
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('restarts Delve on a new build and asks for the breakpoints again', async () => {
    const s = await session();
    const config = { ...base, program: fixture('loop'), args: ['first'] };
    await Promise.all([s.dc.configurationSequence(), s.dc.launch(config as any)]);
    await s.waitForOutput('args=first', 'stdout');
    const initialized = s.dc.waitForEvent('initialized');
    await s.dc.restartRequest({ arguments: { ...config, args: ['second'] } } as any);
    await initialized;
    const main = path.join(fixture('loop'), 'main.go');
    const bps = await s.dc.setBreakpointsRequest({ source: { path: main }, breakpoints: [{ line: 20 }] });
    assert.strictEqual(bps.body.breakpoints[0].verified, true);
    const stopped = s.dc.waitForEvent('stopped');
    await s.dc.configurationDoneRequest();
    await stopped;
    await s.waitForOutput('args=second', 'stdout');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });
});

describe('the redefinition report', () => {
  const program = fixture('fakereport');
  const pos = path.join(program, 'main.go') + ':7:1';

  it('is sent as a redefineReport event and worded in the Debug Console', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launch({ ...base, noDebug: true, program, env: { FAKE_STRATEGY: 'inplace', FAKE_POS: pos } } as any);
    await terminated;
    await s.waitForOutput('FAILED', 'important');
    assert.strictEqual(s.reports.length, 1);
    const r = s.reports[0];
    assert.strictEqual(r.strategy, 'inplace');
    assert.deepStrictEqual(r.redefinitions.map((x: any) => x.status), ['applied', 'failed']);
    const applied = s.outputs.find((o) => /applied .*time\.Now -> main\.fixedNow/.test(o.output));
    assert.strictEqual(applied?.source?.path, path.join(program, 'main.go'), 'the line links to the directive');
    assert.strictEqual(applied?.line, 7);
    assert.match(s.text('important'), /FAILED .*os\.Getenv -> main\.env: function too short for a jump/);
    assert.doesNotMatch(s.text(), /will NOT be hit/);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('explains exit status 3 after a failed redefinition', async () => {
    const s = await session();
    const exited = s.dc.waitForEvent('exited');
    await s.dc.launch({ ...base, noDebug: true, program, env: { FAKE_STRATEGY: 'inplace', FAKE_POS: pos, FAKE_EXIT: '3' } } as any);
    assert.strictEqual((await exited).body.exitCode, 3);
    await s.waitForOutput(/stopped before main because a redefinition failed.*REDEFINE_ON_ERROR/, 'important');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('under Delve with the duplicate strategy, says plainly that breakpoints will not be hit', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await Promise.all([
      s.dc.configurationSequence(),
      s.dc.launch({ ...base, program, env: { FAKE_STRATEGY: 'duplicate', FAKE_POS: pos } } as any),
    ]);
    await terminated;
    await s.waitForOutput(/breakpoints set in your source .* will NOT be hit/, 'important');
    assert.strictEqual(s.reports[0].strategy, 'duplicate');
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });
});

describe('errors', () => {
  it('a disconnect during the build stops the build and starts nothing', async () => {
    const s = await session();
    const slow = path.join(root, 'test', 'adapter', 'bin', 'slow-redefine');
    const launched = s.dc.launch({ ...base, redefinePath: slow, program: fixture('loop') } as any);
    await s.waitForOutput('Building', 'console');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(s.marker && (await import('./helpers')).processesWith(s.marker).length >= 3, 'adapter, build and sleep are running');
    await s.dc.disconnectRequest({});
    await assert.rejects(launched, /ended while the program was being built/);
    await assertNoProcessesLeft(s.marker);
  });

  it('reports a build error with a clickable file:line:col and ends cleanly', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await assert.rejects(s.dc.launch({ ...base, program: fixture('builderror') } as any), /Build failed/);
    await terminated;
    const file = path.join(fixture('builderror'), 'main.go');
    const located = s.outputs.find((o) => o.source?.path === file && o.line === 6);
    assert.ok(located, `no output event located at ${file}:6 in:\n${s.text()}`);
    assert.ok(located!.output.startsWith(`${file}:6:14: undefined: undefinedName`), located!.output);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  const bad: Array<[string, object, RegExp]> = [
    ['no program', {}, /no "program"/],
    ['a relative program', { program: 'kitchen' }, /absolute path/],
    ['a missing program', { program: '/nonexistent/pkg' }, /does not exist/],
    ['an unknown mode', { program: fixture('kitchen'), mode: 'exec' }, /"mode"/],
    ['a redefine array', { program: fixture('kitchen'), redefine: ['time.Now'] }, /"redefine" must be an object/],
    ['a non-string replacement', { program: fixture('kitchen'), redefine: { 'time.Now': 42 } }, /"redefine.time.Now" must name/],
    ['a missing Delve', { program: fixture('kitchen'), dlvPath: '/nonexistent/dlv' }, /"dlvPath"/],
    ['a missing redefine', { program: fixture('kitchen'), redefinePath: '/nonexistent/redefine' }, /"redefinePath"/],
  ];
  for (const [name, config, want] of bad) {
    it(`refuses ${name} with a clear message and no process`, async () => {
      const s = await session();
      await assert.rejects(s.dc.launch({ ...base, ...config } as any), want);
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });
  }
});
