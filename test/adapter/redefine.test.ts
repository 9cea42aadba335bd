// End-to-end tests with the real `redefine` command and engine: the seed example (time.Now
// frozen at 5 PM) without debugging and under Delve, the redefinition report, and the
// command's refusals. GO_REDEFINE_TEST_REDEFINE names the command (scripts/test.d/40-debug-adapter.sh
// builds it); without it they skip loudly, and fail on CI.

import * as assert from 'assert';
import * as path from 'path';
import { describe, it } from 'node:test';
import { skipUnlessCI } from '../skips';
import { assertNoProcessesLeft, dlvPath, fixture, redefinePath, Session, session, stopSession } from './helpers';

const skip = skipUnlessCI(!redefinePath && 'GO_REDEFINE_TEST_REDEFINE is not set (the redefine command is not built)');
const base = { type: 'go-redefine', request: 'launch', redefinePath, dlvPath };

function assertApplied(s: Session): void {
  const reports = s.reports;
  assert.ok(reports.length > 0, `no redefineReport event; output:\n${s.text()}`);
  const now = reports[0].redefinitions.find((r) => r.target === 'time.Now');
  assert.ok(now, `time.Now not in the report: ${JSON.stringify(reports[0])}`);
  assert.strictEqual(now!.status, 'applied', JSON.stringify(now));
}

describe('the seed example (time.Now frozen at 5 PM)', { skip }, () => {
  it('prints 5:00PM without debugging and reports the redefinition', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launch({ ...base, noDebug: true, program: fixture('kitchen') } as any);
    await s.waitForOutput('5:00PM\n', 'stdout');
    await terminated;
    assertApplied(s);
    // The report's lines in the Debug Console, located at the directive.
    const line = s.outputs.find((o) => /applied .*time\.Now -> /.test(o.output));
    assert.ok(line, `no "applied" line in the Debug Console:\n${s.text()}`);
    assert.strictEqual(line!.source?.path, path.join(fixture('kitchen'), 'redefine_now.go'));
    // The report comes before the program's output.
    assert.ok(s.outputs.indexOf(line!) < s.outputs.findIndex((o) => o.output.includes('5:00PM')), s.text());
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  it('prints 5:00PM under Delve, and a breakpoint in main reads the redefined time', async () => {
    const s = await session();
    const main = path.join(fixture('kitchen'), 'main.go');
    await s.dc.hitBreakpoint({ ...base, program: fixture('kitchen') } as any, { path: main, line: 13 });
    const threads = await s.dc.threadsRequest();
    const stack = await s.dc.stackTraceRequest({ threadId: threads.body.threads[0].id });
    const scopes = await s.dc.scopesRequest({ frameId: stack.body.stackFrames[0].id });
    const locals = await s.dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    const label = locals.body.variables.find((v) => v.name === 'label');
    assert.strictEqual(label?.value, '"5:00PM"');
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.continueRequest({ threadId: threads.body.threads[0].id });
    await s.waitForOutput('5:00PM\n', 'stdout');
    await terminated;
    assertApplied(s);
    assert.ok(s.text().indexOf('applied') < s.text().indexOf('5:00PM'), `report first:\n${s.text()}`);
    if (s.reports[0].strategy === 'duplicate') {
      assert.match(s.text('important'), /will NOT be hit/);
    }
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });

  for (const noDebug of [true, false]) {
    it(`runs the package's tests in test mode (${noDebug ? 'run' : 'debug'})`, async () => {
      const s = await session();
      const terminated = s.dc.waitForEvent('terminated');
      const launched = s.dc.launch({ ...base, noDebug, mode: 'test', program: fixture('kitchen'), args: ['-test.v', '-test.run', 'TestKitchenClock'] } as any);
      await (noDebug ? launched : Promise.all([launched, s.dc.configurationSequence()]));
      await s.waitForOutput('--- PASS: TestKitchenClock', 'stdout');
      await terminated;
      assert.match(s.text('stdout'), /the kitchen clock shows 5:00PM/);
      assertApplied(s);
      await stopSession(s);
      await assertNoProcessesLeft(s.marker);
    });
  }

  it('takes redefinitions from the launch configuration', async () => {
    const s = await session();
    const terminated = s.dc.waitForEvent('terminated');
    await s.dc.launch({ ...base, noDebug: true, program: fixture('clock'), redefine: { 'time.Now': 'main.fixedNow' } } as any);
    await s.waitForOutput('5:00PM\n', 'stdout');
    await terminated;
    assertApplied(s);
    await stopSession(s);
    await assertNoProcessesLeft(s.marker);
  });
});

describe('redefinitions the command refuses', { skip }, () => {
  const refused: Array<[string, object, RegExp]> = [
    ['an unknown target', { 'time.Nowz': 'main.fixedNow' }, /unknown target time\.Nowz/],
    ['a replacement of the wrong type', { 'time.Now': 'main.wrongNow' }, /signature mismatch.*func\(\) string/],
  ];
  for (const [name, redefine, want] of refused) {
    for (const noDebug of [true, false]) {
      it(`refuses ${name} (${noDebug ? 'run' : 'debug'}) with a clear error and no process`, async () => {
        const s = await session();
        const terminated = s.dc.waitForEvent('terminated');
        await assert.rejects(s.dc.launch({ ...base, noDebug, program: fixture('clock'), redefine } as any), (err: Error) => {
          assert.match(err.message, /The redefinitions were refused/);
          assert.match(err.message, want);
          return true;
        });
        await terminated;
        assert.match(s.text(), want);
        await stopSession(s);
        await assertNoProcessesLeft(s.marker);
      });
    }
  }
});
