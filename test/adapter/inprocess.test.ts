// The session the way the extension runs it (DebugAdapterInlineImplementation): no streams,
// messages through handleMessage and onDidSendMessage, ended by dispose().

import * as assert from 'assert';
import * as path from 'path';
import { describe, it } from 'node:test';
import { GoRedefineSession } from '../../debug-adapter/session';
import { assertNoProcessesLeft, fixture, root } from './helpers';

describe('in-process session', () => {
  it('runs a program, streams its output and stops it on dispose', async () => {
    const session = new GoRedefineSession();
    const messages: any[] = [];
    session.onDidSendMessage((m) => messages.push(m));
    const marker = `go-redefine-inprocess-${process.pid}`;
    let seq = 1;
    const send = (command: string, args: object) => session.handleMessage({ seq: seq++, type: 'request', command, arguments: args } as any);
    const until = async (pred: () => boolean, what: string) => {
      for (let i = 0; i < 600 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(pred(), `${what}; messages: ${JSON.stringify(messages)}`);
    };
    send('initialize', { adapterID: 'go-redefine', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    send('launch', {
      noDebug: true,
      program: fixture('loop'),
      redefinePath: path.join(root, 'test', 'adapter', 'bin', 'redefine-shim'),
      env: { GO_REDEFINE_TEST_MARKER: marker },
    });
    await until(() => messages.some((m) => m.type === 'response' && m.command === 'launch'), 'no launch response');
    assert.ok(messages.find((m) => m.command === 'launch').success);
    await until(() => messages.some((m) => m.event === 'output' && /tick 1/.test(m.body.output)), 'no program output');
    session.dispose();
    await assertNoProcessesLeft(marker);
    // The seq numbers the client sees increase without gaps or repeats.
    const seqs = messages.map((m) => m.seq);
    assert.deepStrictEqual(seqs, seqs.map((_, i) => seqs[0] + i));
  });
});
