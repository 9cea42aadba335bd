// Debug with Redefinitions records results from the messages the debug adapter sends: the test
// binary's -test.v output on `stdout` (converted by the real `go tool test2json`), build errors on
// `stderr`, the exit status, the reports. The messages below are the ones the adapter sent for
// test/fixtures/kitchen under Delve (recorded with a DebugClient).

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readDebugMessage } from '../../extension/testing/debugOutput';
import { PackageRunMapper, RunSink } from '../../extension/testing/mapper';
import { Test2Json } from '../../extension/testing/test2json';

const out = (category: string, output: string) => ({ seq: 0, type: 'event', event: 'output', body: { category, output } });
const report = {
	pid: 1, executable: '/tmp/kitchen.test', goVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64', strategy: 'inplace',
	redefinitions: [{ target: 'time.Now', replacement: 'example.com/kitchen.fixedNow', pos: '/w/redefine_now.go:7:1', status: 'applied', error: '' }],
};
const session = (stdout: string[], exitCode: number) => [
	out('console', 'Building the tests of /w with redefinitions\n'),
	out('console', "Type 'dlv help' for list of commands.\n"),
	{ seq: 0, type: 'event', event: 'redefineReport', body: report },
	...stdout.map((s) => out('stdout', s)),
	{ seq: 0, type: 'event', event: 'exited', body: { exitCode } },
	{ seq: 0, type: 'event', event: 'terminated' },
];

function recorder(): { sink: RunSink; log: string[] } {
	const log: string[] = [];
	return {
		log,
		sink: {
			started: (t) => log.push(`started ${t}`),
			passed: (t) => log.push(`passed ${t}`),
			failed: (t, m) => log.push(`failed ${t}: ${m.map((x) => `${x.location ? path.basename(x.location.file) + ':' + x.location.line + ': ' : ''}${x.text}`).join(' | ')}`),
			skipped: (t) => log.push(`skipped ${t}`),
			errored: (ts, m) => log.push(`errored ${ts.join(',')}: ${m.map((x) => x.text).join(' | ')}`),
			output: () => undefined,
		},
	};
}

/** What run.ts does with a session's messages. */
async function record(messages: unknown[], requested: string[]): Promise<{ log: string[]; reports: number }> {
	const r = recorder();
	const mapper = new PackageRunMapper(r.sink, '/w', requested, path.posix.join);
	const t2j = new Test2Json('go', process.env, (d) => mapper.pushStdout(d));
	let code: number | null = null;
	let reports = 0;
	for (const m of messages) {
		const o = readDebugMessage(m);
		if (o?.kind === 'stdout') t2j.write(o.text);
		else if (o?.kind === 'stderr') mapper.pushStderr(o.text);
		else if (o?.kind === 'exited') code = o.code;
		else if (o?.kind === 'report') reports++;
	}
	assert.equal(await t2j.close(), '');
	mapper.finish(code);
	return { log: r.log, reports };
}

let haveGo = true;
try {
	execFileSync('go', ['version']);
} catch {
	haveGo = false;
}

describe('Debug with Redefinitions results', { skip: !haveGo && 'go is not on PATH (test2json comes with it)' }, () => {
	it('reads only what the results need', () => {
		assert.deepEqual(readDebugMessage(out('stdout', 'PASS\n')), { kind: 'stdout', text: 'PASS\n' });
		assert.deepEqual(readDebugMessage(out('important', 'The redefinitions were refused\n')), { kind: 'stderr', text: 'The redefinitions were refused\n' });
		assert.equal(readDebugMessage(out('console', "Type 'dlv help'\n")), undefined);
		assert.deepEqual(readDebugMessage({ type: 'event', event: 'exited', body: { exitCode: 3 } }), { kind: 'exited', code: 3 });
		assert.equal(readDebugMessage({ type: 'response', command: 'threads' }), undefined);
		assert.equal(readDebugMessage({ type: 'event', event: 'redefineReport', body: {} }), undefined);
	});
	it('a passing test passes, as Run Test records it', async () => {
		const got = await record(
			session(['=== RUN   TestKitchenClock\n', '    main_test.go:11: the kitchen clock shows 5:00PM\n', '--- PASS: TestKitchenClock (0.00s)\n', 'PASS\n'], 0),
			['TestKitchenClock'],
		);
		assert.deepEqual(got.log, ['started TestKitchenClock', 'passed TestKitchenClock']);
		assert.equal(got.reports, 1);
	});
	it('a failing test fails at its t.Error line; subtests are recorded too', async () => {
		const got = await record(
			session(
				[
					'=== RUN   TestA\n', '=== RUN   TestA/frozen\n', '    main_test.go:20: time.Now is not frozen\n',
					'--- FAIL: TestA (0.01s)\n', '    --- FAIL: TestA/frozen (0.00s)\n', '=== RUN   TestB\n', '--- PASS: TestB (0.00s)\n', 'FAIL\n',
				],
				1,
			),
			['TestA', 'TestB'],
		);
		assert.deepEqual(got.log, [
			'started TestA',
			'started TestA/frozen',
			'failed TestA/frozen: main_test.go:20: time.Now is not frozen',
			'failed TestA: failed',
			'started TestB',
			'passed TestB',
		]);
	});
	it('a session that never ran the binary errors its tests with the reason', async () => {
		const got = await record(
			[out('console', 'Building the tests of /w with redefinitions\n'), out('stderr', '/w/main_test.go:5:2: undefined: kitchn\n'), out('important', 'Build failed: redefine exited with status 1.\n'), { type: 'event', event: 'terminated' }],
			['TestKitchenClock'],
		);
		assert.equal(got.log.length, 1);
		assert.match(got.log[0], /^errored TestKitchenClock: undefined: kitchn \| the test binary did not start:/);
	});
});
