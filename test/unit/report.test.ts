import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { bodyPositionAfter, firstValue, stubBodyPosition, stubBodySelection } from '../../extension/commands/stubCursor';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Report, ReportWatcher, decodeReports } from '../../contracts/report';
import { mergeReports, statusOf } from '../../extension/decorations/report';

const report = (strategy: Report['strategy'], ...entries: Partial<Report['redefinitions'][0]>[]): Report => ({
	pid: 1, executable: '/x', goVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64', strategy,
	redefinitions: entries.map((e) => ({ target: 'time.Now', replacement: 'main.fixedNow', pos: '/a.go:1:1', status: 'applied', error: '', ...e })),
});

describe('mergeReports', () => {
	it('applied, with inlined call sites in the detail', () => {
		const m = mergeReports([report('inplace', { inlinedInto: ['main.main (/abs/main.go:12)'] })]);
		assert.equal(m.get('time.Now')!.status, 'applied');
		assert.match(m.get('time.Now')!.detail!, /inlined into main\.main/);
	});
	it('failed in any binary wins; skipped does not count', () => {
		const m = mergeReports([
			report('inplace', { status: 'applied' }, { target: 'os.Getenv', status: 'skipped', error: 'not linked' }),
			report('inplace', { status: 'failed', error: 'function too short' }),
			report('inplace', { status: 'applied' }),
		]);
		assert.deepEqual(m.get('time.Now'), { status: 'failed', detail: 'function too short' });
		assert.equal(m.has('os.Getenv'), false);
	});
	it('says when the duplicate strategy hides breakpoints', () => {
		assert.match(mergeReports([report('duplicate', {})]).get('time.Now')!.detail!, /breakpoints/);
	});
	it('matches main.X directives to the import path a test binary reports', () => {
		const m = mergeReports([report('inplace', { target: 'example.com/clock.greeting', status: 'failed', error: 'x' })]);
		assert.equal(statusOf(m, 'main.greeting')?.status, 'failed');
		assert.equal(statusOf(m, 'main.other'), undefined);
		assert.equal(statusOf(m, 'time.Now'), undefined);
	});
});

describe('decodeReports and ReportWatcher (contracts/report.ts, read by the extension and the adapter)', () => {
	it('decodes JSON Lines, passing partial and foreign lines to onBadLine', () => {
		const bad: string[] = [];
		const text = JSON.stringify(report('inplace', {})) + '\n{"pid":2,"redef\n\n{"pid":3}\n';
		assert.equal(decodeReports(text, (line) => bad.push(line)).length, 1);
		assert.deepEqual(bad, ['{"pid":2,"redef', '{"pid":3}']);
	});
	it('follows a file that grows, a line at a time, across writes that split a line', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-')), 'report.jsonl');
		const got: Report[] = [];
		const w = new ReportWatcher(file, (r) => got.push(r));
		w.poll(); // no file yet
		const line = JSON.stringify(report('duplicate', {})) + '\n';
		fs.writeFileSync(file, line.slice(0, 20));
		w.poll();
		assert.equal(got.length, 0, 'half a line is not a report yet');
		fs.appendFileSync(file, line.slice(20) + line);
		w.stop();
		assert.equal(got.length, 2);
		assert.equal(got[0].strategy, 'duplicate');
	});
});

describe('stubBodyPosition', () => {
	const stub = '//go:build redefine\n\npackage main\n\nimport "time"\n\n//redefine:func time.Now\nfunc fixedNow() time.Time {\n\treturn time.Now()\n}\n';
	it('puts the cursor at the end of the first body line', () => {
		assert.deepEqual(stubBodyPosition(stub, 'time.Now'), { line: 8, character: '\treturn time.Now()'.length });
	});
	it('takes the last directive for the target, and handles empty bodies and long signatures', () => {
		const two = stub + '\n//redefine:func os.Getenv\nfunc fakeGetenv(\n\tkey string,\n) string {\n}\n';
		assert.deepEqual(stubBodyPosition(two, 'os.Getenv'), { line: 15, character: 0 });
		assert.deepEqual(stubBodyPosition(two), { line: 15, character: 0 });
	});
	it('goes into a one-line body, and from a given directive line', () => {
		const text = '//go:build redefine\n\npackage main\n\n//redefine:func time.Now\nfunc fixedNow() time.Time { return time.Unix(0, 0) }\n\n//redefine:func os.Getenv\nfunc env(k string) string {\n\treturn ""\n}\n';
		assert.deepEqual(bodyPositionAfter(text, 4), { line: 5, character: 'func fixedNow() time.Time {'.length });
		assert.deepEqual(bodyPositionAfter(text, 7), { line: 9, character: '\treturn ""'.length });
	});
	it('is undefined without a directive', () => {
		assert.equal(stubBodyPosition('package main\n', 'time.Now'), undefined);
	});
});

describe('stubBodySelection', () => {
	it('selects the returned placeholder so typing replaces it', () => {
		const stub = '//redefine:func time.Now\nfunc redefinedNow() time.Time {\n\treturn time.Time{}\n}\n';
		assert.deepEqual(stubBodySelection(stub, 'time.Now'), { line: 2, start: '\treturn '.length, end: '\treturn time.Time{}'.length });
	});
	it('selects the inside of an empty string, so typing a string keeps its quotes', () => {
		const stub = '//redefine:func os.Getenv\nfunc redefinedGetenv(key string) string {\n\treturn ""\n}\n';
		const sel = stubBodySelection(stub, 'os.Getenv');
		assert.deepEqual(sel, { line: 2, start: '\treturn "'.length, end: '\treturn "'.length });
		// What typing /home/REDEFINED there gives.
		const line = '\treturn ""';
		assert.equal(line.slice(0, sel!.start) + '/home/REDEFINED' + line.slice(sel!.end), '\treturn "/home/REDEFINED"');
	});
	it('selects the first of several results, the one a user replaces', () => {
		const stub = '//redefine:func os.ReadFile\nfunc redefinedReadFile(name string) ([]byte, error) {\n\treturn nil, nil\n}\n';
		assert.deepEqual(stubBodySelection(stub, 'os.ReadFile'), { line: 2, start: '\treturn '.length, end: '\treturn nil'.length });
		const str = '//redefine:func os.LookupEnv\nfunc redefinedLookupEnv(key string) (string, bool) {\n\treturn "", false\n}\n';
		assert.deepEqual(stubBodySelection(str, 'os.LookupEnv'), { line: 2, start: '\treturn "'.length, end: '\treturn "'.length });
	});
	it('finds the first value past commas inside brackets and strings', () => {
		assert.equal(firstValue('map[string]int(nil), nil'), 'map[string]int(nil)');
		assert.equal(firstValue('struct{ a, b int }{}, 0'), 'struct{ a, b int }{}');
		assert.equal(firstValue('"a,b", nil'), '"a,b"');
		assert.equal(firstValue('"a\\",b", nil'), '"a\\",b"');
		assert.equal(firstValue("',', 1"), "','");
		assert.equal(firstValue('time.Time{}'), 'time.Time{}');
	});
	it('is an empty selection for an empty body or a body without return', () => {
		const empty = '//redefine:func os.Exit\nfunc noExit(code int) {\n}\n';
		assert.deepEqual(stubBodySelection(empty, 'os.Exit'), { line: 2, start: 0, end: 0 });
		const call = '//redefine:func a.B\nfunc c() {\n\tpanic("x")\n}\n';
		assert.deepEqual(stubBodySelection(call), { line: 2, start: '\tpanic("x")'.length, end: '\tpanic("x")'.length });
	});
});
