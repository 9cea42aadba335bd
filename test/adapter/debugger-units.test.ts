// Table tests of the pure parts of debugging with redefinitions: which strategy a debug
// session runs, breakpoint instructions in memory, the breakpoint book, and the encodings the
// step into reads.

import * as assert from 'assert';
import { describe, it } from 'node:test';
import { BreakpointBook } from '../../debug-adapter/breakpoints';
import { debugStrategy, holdsTraps } from '../../debug-adapter/handoff';
import { callTarget, calleeName, isCall, isPrivateRuntime, jumpTarget } from '../../debug-adapter/stepin';

describe('the strategy of a debug session', () => {
  const cases: Array<[string, Record<string, string | null>, NodeJS.ProcessEnv, string, string, string, Record<string, string>]> = [
    ['darwin/arm64 by default: debugger', {}, {}, 'darwin', 'arm64', 'debugger', { REDEFINE_STRATEGY: 'debugger' }],
    ['darwin/arm64, auto in the launch env: debugger', { REDEFINE_STRATEGY: 'auto' }, {}, 'darwin', 'arm64', 'debugger', { REDEFINE_STRATEGY: 'debugger' }],
    ['darwin/arm64, duplicate asked for', { REDEFINE_STRATEGY: 'duplicate' }, {}, 'darwin', 'arm64', 'duplicate', {}],
    ['linux/amd64 by default: the engine chooses', {}, {}, 'linux', 'x64', 'auto', {}],
    ['linux/amd64, debugger asked for in the launch env', { REDEFINE_STRATEGY: 'debugger' }, {}, 'linux', 'x64', 'debugger', {}],
    ['linux/amd64, debugger inherited', {}, { REDEFINE_STRATEGY: 'debugger' }, 'linux', 'x64', 'debugger', {}],
    ['the launch env unsets an inherited one', { REDEFINE_STRATEGY: null }, { REDEFINE_STRATEGY: 'inplace' }, 'darwin', 'arm64', 'debugger', { REDEFINE_STRATEGY: 'debugger' }],
    ['darwin/amd64: the engine chooses', {}, {}, 'darwin', 'x64', 'auto', {}],
  ];
  for (const [name, launchEnv, baseEnv, platform, arch, strategy, env] of cases) {
    it(name, () => {
      assert.deepStrictEqual(debugStrategy(launchEnv, baseEnv, platform, arch), { strategy, env });
    });
  }
});

describe('breakpoint instructions in memory', () => {
  it('finds INT3 on amd64', () => {
    assert.ok(holdsTraps(Buffer.from([0x49, 0xcc, 0x66]), 0x1000n, 'x64'));
    assert.ok(!holdsTraps(Buffer.from([0x49, 0x3b, 0x66, 0x10, 0x76]), 0x1000n, 'x64'));
  });
  it("finds Delve's and debugserver's BRK on aligned words on arm64", () => {
    assert.ok(holdsTraps(Buffer.from([0x00, 0x00, 0x20, 0xd4]), 0x1000n, 'arm64'));
    assert.ok(holdsTraps(Buffer.from([0x00, 0x00, 0x3e, 0xd4]), 0x1000n, 'arm64'));
    assert.ok(!holdsTraps(Buffer.from([0x1f, 0x20, 0x03, 0xd5]), 0x1000n, 'arm64')); // NOP
    assert.ok(!holdsTraps(Buffer.from([0x00, 0x00, 0x20, 0xd4]), 0x1002n, 'arm64')); // not a word
  });
});

describe('the breakpoint book', () => {
  it("sends the client's breakpoints with the hidden ones, and answers with the client's only", () => {
    const book = new BreakpointBook();
    book.hide('function', 'handoff', { name: 'goredefine.dev/redefine.debuggerHandoff' });
    const req = book.setClient('function', [{ name: 'main.main' }]);
    assert.deepStrictEqual(req.breakpoints, [{ name: 'main.main' }, { name: 'goredefine.dev/redefine.debuggerHandoff' }]);
    const mine = book.answer('function', [
      { id: 4, verified: true },
      { id: 5, verified: true },
    ]);
    assert.deepStrictEqual(mine, [{ id: 4, verified: true }]);
    assert.strictEqual(book.hiddenId('function', 'handoff'), 5);
    assert.deepStrictEqual(book.hiddenKey(5), { kind: 'function', key: 'handoff' });
    assert.ok(book.allHidden([5]) && !book.allHidden([4, 5]) && !book.allHidden([]));
    // The client replaces its set: the hidden one stays.
    assert.deepStrictEqual(book.setClient('function', []).breakpoints, [{ name: 'goredefine.dev/redefine.debuggerHandoff' }]);
    assert.deepStrictEqual(book.answer('function', [{ id: 5, verified: true }]), []);
    assert.strictEqual(book.hiddenId('function', 'handoff'), 5);
  });

  it('keeps the ids the client knows when the adapter sets its breakpoints again', () => {
    const book = new BreakpointBook();
    const args = { source: { path: '/m/main.go' }, breakpoints: [{ line: 3 }, { line: 9 }] };
    book.setSource(args);
    assert.deepStrictEqual(book.answerSource(args, [{ id: 2, verified: true }, { id: 3, verified: true }]).map((b) => b.id), [2, 3]);
    book.setClient('instruction', [{ instructionReference: '0x401000' }]);
    book.answer('instruction', [{ id: 4, verified: true }]);
    // Lifted and set again: Delve numbers them 7, 8 and 9.
    book.answerSourceAgain(args, [{ id: 7, verified: true }, { id: 8, verified: true }]);
    book.answerAgain('instruction', [{ id: 9, verified: true }]);
    assert.deepStrictEqual([7, 8, 9].map((id) => book.clientId(id)), [2, 3, 4]);
    // Delve's later answers and events carry its ids: the client sees its own.
    assert.deepStrictEqual(book.answerSource(args, [{ id: 7, verified: true }, { id: 8, verified: true }]).map((b) => b.id), [2, 3]);
    assert.deepStrictEqual(book.mapOut({ id: 9, verified: true }), { id: 4, verified: true });
    // Set again twice: still the first ids.
    book.answerSourceAgain(args, [{ id: 10, verified: true }, { id: 11, verified: true }]);
    assert.deepStrictEqual([10, 11].map((id) => book.clientId(id)), [2, 3]);
    assert.strictEqual(book.sources.size, 1);
    book.setSource({ source: { path: '/m/main.go' }, breakpoints: [] });
    assert.strictEqual(book.sources.size, 0);
  });
});

describe('what the step into reads from instructions', () => {
  const ins = (address: bigint, hex: string, text = '') => ({ address, bytes: Buffer.from(hex, 'hex'), text });
  it('decodes amd64 CALL rel32 and JMP rel32', () => {
    const call = ins(0x60087an, 'e8e1000000', 'CALL main.fixedNow(SB)');
    assert.ok(isCall(call, 'x64'));
    assert.strictEqual(callTarget(call, 'x64'), 0x60087an + 5n + 0xe1n);
    assert.strictEqual(calleeName(call), 'main.fixedNow');
    const back = ins(0x601000n, 'e8fbefffff');
    assert.strictEqual(callTarget(back, 'x64'), 0x601000n + 5n - 0x1005n);
    assert.strictEqual(jumpTarget(ins(0x4e6780n, 'e900000076'), 'x64'), 0x4e6785n + 0x76000000n);
    assert.strictEqual(jumpTarget(ins(0x4e6780n, 'eb fe'.replace(' ', '')), 'x64'), undefined);
  });
  it('decodes arm64 BL and B', () => {
    const bl = ins(0x10000n, '04000094'); // BL +16
    assert.ok(isCall(bl, 'arm64'));
    assert.strictEqual(callTarget(bl, 'arm64'), 0x10010n);
    assert.strictEqual(callTarget(ins(0x10000n, 'ffffff97'), 'arm64'), 0x10000n - 4n); // BL -4
    assert.strictEqual(jumpTarget(ins(0x10000n, '00000414'), 'arm64'), 0x10000n + 0x40000n * 4n); // B
    assert.strictEqual(jumpTarget(bl, 'arm64'), undefined);
  });
  it('knows the runtime functions a step into skips', () => {
    for (const n of ['runtime.convTstring', 'runtime.morestack_noctxt', 'runtime.(*mheap).alloc']) assert.ok(isPrivateRuntime(n), n);
    for (const n of ['runtime.GC', 'main.fixedNow', 'time.Now', 'fmt.Println']) assert.ok(!isPrivateRuntime(n), n);
  });
});
