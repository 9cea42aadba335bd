import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LineSplitter, ResultCollector, findTestFuncs, parseLine, parseLocation } from '../../extension/testing/events';
import { decodeId, encodeId, runPattern, testKind, TestId } from '../../extension/testing/ids';

describe('test ids', () => {
	const cases: [TestId, string][] = [
		[{ kind: 'package', path: '/w/m/store' }, 'file:///w/m/store?package'],
		[{ kind: 'file', path: '/w/m/a_test.go' }, 'file:///w/m/a_test.go?file'],
		[{ kind: 'test', path: '/w/m/a_test.go', name: 'TestA' }, 'file:///w/m/a_test.go?test#TestA'],
		[{ kind: 'test', path: '/w/m/a_test.go', name: 'TestA/case_1' }, 'file:///w/m/a_test.go?test#TestA/case_1'],
		[{ kind: 'test', path: '/w/m y/a_test.go', name: 'TestA/50%#2' }, 'file:///w/m%20y/a_test.go?test#TestA/50%25%232'],
		[{ kind: 'benchmark', path: '/w/a_test.go', name: 'BenchmarkX' }, 'file:///w/a_test.go?benchmark#BenchmarkX'],
	];
	for (const [id, want] of cases) {
		it(want, () => {
			assert.equal(encodeId(id), want);
			assert.deepEqual(decodeId(want), id);
		});
	}
	it('rejects ids that are not ours', () => {
		assert.equal(decodeId('nonsense'), undefined);
		assert.equal(decodeId('https://x/y?test#A'), undefined);
		assert.equal(decodeId('file:///x?weird'), undefined);
	});
	it('testKind', () => {
		assert.equal(testKind('TestA'), 'test');
		assert.equal(testKind('Test'), 'test');
		assert.equal(testKind('Test_a'), 'test');
		assert.equal(testKind('Testing'), undefined);
		assert.equal(testKind('BenchmarkX'), 'benchmark');
		assert.equal(testKind('FuzzX'), 'fuzz');
		assert.equal(testKind('ExampleFoo'), 'example');
		assert.equal(testKind('helper'), undefined);
	});
	it('runPattern', () => {
		assert.equal(runPattern(['TestA']), '^(TestA)$');
		assert.equal(runPattern(['TestA', 'TestB', 'TestA/x']), '^(TestA|TestB)$');
		assert.equal(runPattern(['TestA/case.1']), '^TestA$/^case\\.1$');
	});
});

describe('go test -json parsing', () => {
	it('splits chunks into lines', () => {
		const s = new LineSplitter();
		assert.deepEqual(s.push('{"a"'), []);
		assert.deepEqual(s.push(':1}\n{"b":2}\r\npart'), ['{"a":1}', '{"b":2}']);
		assert.deepEqual(s.flush(), ['part']);
		assert.deepEqual(s.flush(), []);
	});
	it('tells events from plain text', () => {
		assert.deepEqual(parseLine('{"Action":"pass","Test":"TestA","Elapsed":0.5}'), {
			event: { Action: 'pass', Test: 'TestA', Elapsed: 0.5 },
		});
		assert.deepEqual(parseLine('main.go:3:1: redefine time.Nowx: no such function'), {
			text: 'main.go:3:1: redefine time.Nowx: no such function',
		});
		assert.deepEqual(parseLine('{not json'), { text: '{not json' });
		assert.deepEqual(parseLine('{"x":1}'), { text: '{"x":1}' });
	});
	it('collects results from a real event sequence', () => {
		const lines = [
			'{"Action":"start","Package":"example.com/m"}',
			'{"Action":"run","Package":"example.com/m","Test":"TestA"}',
			'{"Action":"output","Package":"example.com/m","Test":"TestA","Output":"=== RUN   TestA\\n"}',
			'{"Action":"output","Package":"example.com/m","Test":"TestA","Output":"    a_test.go:9: got 3PM, want 5PM\\n"}',
			'{"Action":"fail","Package":"example.com/m","Test":"TestA","Elapsed":0.01}',
			'{"Action":"run","Package":"example.com/m","Test":"TestB"}',
			'{"Action":"skip","Package":"example.com/m","Test":"TestB","Elapsed":0}',
			'{"Action":"fail","Package":"example.com/m","Elapsed":0.2}',
		];
		const c = new ResultCollector();
		for (const l of lines) {
			const p = parseLine(l);
			assert.ok('event' in p);
			c.add(p.event);
		}
		assert.equal(c.results.get('TestA')!.outcome, 'failed');
		assert.equal(c.results.get('TestA')!.durationMs, 10);
		assert.equal(c.results.get('TestA')!.output.length, 2);
		assert.equal(c.results.get('TestB')!.outcome, 'skipped');
		assert.equal(c.results.get('')!.outcome, 'failed');
	});
	it('notes build failures', () => {
		const c = new ResultCollector();
		c.add({ Action: 'build-output', ImportPath: 'example.com/m', Output: './a.go:3:2: undefined: x\n' });
		c.add({ Action: 'build-fail', ImportPath: 'example.com/m' });
		assert.equal(c.buildFailed, true);
		assert.deepEqual(c.buildOutput, ['./a.go:3:2: undefined: x\n']);
	});
});

describe('parseLocation', () => {
	const cases: [string, ReturnType<typeof parseLocation>][] = [
		['    a_test.go:9: got 3PM, want 5PM\n', { file: '/w/m/a_test.go', line: 9, column: undefined, message: 'got 3PM, want 5PM' }],
		['./a.go:3:2: undefined: x', { file: '/w/m/a.go', line: 3, column: 2, message: 'undefined: x' }],
		['/abs/redefine_now.go:7:1: redefine time.Nowx: no such function', {
			file: '/abs/redefine_now.go', line: 7, column: 1, message: 'redefine time.Nowx: no such function',
		}],
		['=== RUN   TestA', undefined],
		['ok  	example.com/m	0.01s', undefined],
	];
	for (const [input, want] of cases) {
		it(JSON.stringify(input), () => assert.deepEqual(parseLocation(input, '/w/m', path.posix.join), want));
	}
});

describe('findTestFuncs', () => {
	it('finds top-level test functions with their positions', () => {
		const src = 'package m\n\nfunc TestA(t *testing.T) {}\nfunc Testing() {}\nfunc  BenchmarkB(b *testing.B) {}\nfunc helper() {}\nfunc ExampleC() {}\n';
		assert.deepEqual(findTestFuncs(src), [
			{ name: 'TestA', line: 2, character: 5 },
			{ name: 'BenchmarkB', line: 4, character: 6 },
			{ name: 'ExampleC', line: 6, character: 5 },
		]);
	});
});
