import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Message, PackageRunMapper, RunSink, failureMessages } from '../../extension/testing/mapper';

/** A sink that records calls as strings. */
function recorder(): { sink: RunSink; log: string[]; messages: Message[][] } {
	const log: string[] = [];
	const messages: Message[][] = [];
	return {
		log,
		messages,
		sink: {
			started: (t) => log.push(`started ${t}`),
			passed: (t, ms) => log.push(`passed ${t} ${ms}`),
			failed: (t, m, ms) => {
				log.push(`failed ${t} ${ms}`);
				messages.push(m);
			},
			skipped: (t) => log.push(`skipped ${t}`),
			errored: (ts, m) => {
				log.push(`errored ${ts.join(',')}`);
				messages.push(m);
			},
			output: () => undefined,
		},
	};
}

const ev = (o: object) => JSON.stringify({ Package: 'example.com/m', ...o }) + '\n';

describe('PackageRunMapper', () => {
	it('maps a passing, a failing and a subtest, across arbitrary chunk boundaries', () => {
		const r = recorder();
		const m = new PackageRunMapper(r.sink, '/w/m', ['TestA', 'TestB'], path.posix.join);
		const stream =
			ev({ Action: 'run', Test: 'TestA' }) +
			ev({ Action: 'pass', Test: 'TestA', Elapsed: 0.25 }) +
			ev({ Action: 'run', Test: 'TestB' }) +
			ev({ Action: 'run', Test: 'TestB/frozen' }) +
			ev({ Action: 'output', Test: 'TestB/frozen', Output: '    b_test.go:14: got 3:04PM\n' }) +
			ev({ Action: 'output', Test: 'TestB/frozen', Output: '        want 5:00PM\n' }) +
			ev({ Action: 'fail', Test: 'TestB/frozen', Elapsed: 0 }) +
			ev({ Action: 'fail', Test: 'TestB', Elapsed: 0.01 }) +
			ev({ Action: 'fail', Elapsed: 0.3 });
		for (let i = 0; i < stream.length; i += 7) {
			m.pushStdout(stream.slice(i, i + 7));
		}
		m.finish(1);
		assert.deepEqual(r.log, ['started TestA', 'passed TestA 250', 'started TestB', 'started TestB/frozen', 'failed TestB/frozen 0', 'failed TestB 10']);
		assert.deepEqual(r.messages[0], [{ text: 'got 3:04PM\nwant 5:00PM', location: { file: '/w/m/b_test.go', line: 14, column: undefined } }]);
	});
	it('errors the requested tests with located messages when the directives are bad (exit 2)', () => {
		const r = recorder();
		const m = new PackageRunMapper(r.sink, '/w/m', ['TestA'], path.posix.join);
		m.pushStderr('/w/m/redefine_now.go:7:1: redefine time.Nowx: no function time.Nowx\n');
		m.finish(2);
		assert.deepEqual(r.log, ['errored TestA']);
		assert.deepEqual(r.messages[0][0], {
			text: 'redefine time.Nowx: no function time.Nowx',
			location: { file: '/w/m/redefine_now.go', line: 7, column: 1, message: 'redefine time.Nowx: no function time.Nowx' },
		});
		assert.match(r.messages[0][1].text, /refused the directives/);
	});
	it('errors the tests on a build failure, with the compiler locations', () => {
		const r = recorder();
		const m = new PackageRunMapper(r.sink, '/w/m', ['TestA'], path.posix.join);
		m.pushStdout(JSON.stringify({ Action: 'build-output', ImportPath: 'example.com/m', Output: './a.go:3:2: undefined: x\n' }) + '\n');
		m.pushStdout(JSON.stringify({ Action: 'build-fail', ImportPath: 'example.com/m' }) + '\n');
		m.pushStdout(ev({ Action: 'fail', Elapsed: 0, FailedBuild: 'example.com/m' }));
		m.finish(1);
		assert.deepEqual(r.log, ['errored TestA']);
		assert.equal(r.messages[0][0].location?.file, '/w/m/a.go');
		assert.match(r.messages[0][1].text, /did not build/);
	});
	it('skips requested tests that never ran in a passing package', () => {
		const r = recorder();
		const m = new PackageRunMapper(r.sink, '/w/m', ['TestGone'], path.posix.join);
		m.pushStdout(ev({ Action: 'output', Output: 'testing: warning: no tests to run\n' }) + ev({ Action: 'pass', Elapsed: 0 }));
		m.finish(0);
		assert.deepEqual(r.log, ['skipped TestGone']);
	});
	it('says when a redefinition failed at start-up (exit 3)', () => {
		const r = recorder();
		const m = new PackageRunMapper(r.sink, '/w/m', ['TestA'], path.posix.join);
		m.pushStderr('/w/m/redefine_now.go:7:1: redefine time.Now: function too short to patch\n');
		m.finish(3);
		assert.match(r.messages[0][1].text, /redefinition failed when the test binary started/);
	});
});

describe('failureMessages', () => {
	it('finds a panic frame in a test file when there is no t.Error line', () => {
		const out = ['=== RUN   TestP\n', '--- FAIL: TestP (0.00s)\n', 'panic: boom [recovered]\n', 'goroutine 7 [running]:\n', 'example.com/m.TestP(0xc000)\n', '\t/w/m/p_test.go:21 +0x25\n'];
		const [msg] = failureMessages(out, '/w/m', path.posix.join);
		assert.deepEqual(msg.location, { file: '/w/m/p_test.go', line: 21 });
		assert.match(msg.text, /panic: boom/);
	});
});
