// Running tests with redefinitions: one `redefine test -json` per package directory, its
// events mapped onto the test run (results, output, failure locations), its redefinition
// report written to the run's output and handed to the decorations. Debugging runs the
// package's test binary under the go-redefine debug adapter and records its results the same
// way, from the output the adapter forwards.

import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { debugType } from '../../contracts/names';
import { Report, decodeReports } from '../../contracts/report';
import { describeReport } from '../../debug-adapter/report';
import { debugAndWait } from '../debug/register';
import { reportFailure } from '../output';
import { State } from '../state';
import { requireTrust } from '../trust';
import { parseCoverProfile, profilePackage, fileInDir } from './coverprofile';
import { Discovery } from './discover';
import { findTestFuncs } from './events';
import { decodeId, packageDirOf, runPattern } from './ids';
import { Message, PackageRunMapper, RunSink } from './mapper';
import { defaultParallelism, runPool } from './pool';

/** Numbers report files: packages of one run start in the same millisecond. */
let reportSeq = 0;
import { readDebugMessage } from './debugOutput';
import { Test2Json } from './test2json';

interface Group {
	dir: string;
	/** Top-level test names (or one subtest path); empty for the whole package. */
	names: string[];
	items: vscode.TestItem[];
}

/** Groups the requested items by package directory. */
export function groupRequest(ctrl: vscode.TestController, request: vscode.TestRunRequest): Group[] {
	const include: vscode.TestItem[] = [];
	if (request.include) {
		include.push(...request.include);
	} else {
		ctrl.items.forEach((i) => include.push(i));
	}
	const excluded = new Set((request.exclude ?? []).map((i) => i.id));
	const groups = new Map<string, Group>();
	for (const item of include) {
		if (excluded.has(item.id)) {
			continue;
		}
		const id = decodeId(item.id);
		if (!id) {
			continue;
		}
		const dir = packageDirOf(id);
		let g = groups.get(dir);
		if (!g) {
			g = { dir, names: [], items: [] };
			groups.set(dir, g);
		}
		g.items.push(item);
		if (id.kind === 'package') {
			item.children.forEach((c) => {
				const cid = decodeId(c.id);
				if (cid?.name && !excluded.has(c.id)) {
					g!.names.push(cid.name);
				}
			});
		} else if (id.name) {
			g.names.push(id.name);
		}
	}
	return [...groups.values()];
}

/** Test function name → file and line, for every _test.go file in a directory. */
async function testsIn(dir: string): Promise<Map<string, { file: string; line: number; character: number }>> {
	const out = new Map<string, { file: string; line: number; character: number }>();
	let names: string[] = [];
	try {
		names = await fs.promises.readdir(dir);
	} catch {
		return out;
	}
	for (const n of names.filter((n) => n.endsWith('_test.go'))) {
		const file = path.join(dir, n);
		const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
		const text = open ? open.getText() : await fs.promises.readFile(file, 'utf8').catch(() => '');
		for (const f of findTestFuncs(text)) {
			out.set(f.name, { file, line: f.line, character: f.character });
		}
	}
	return out;
}

/** Whether this VS Code has the test coverage API (1.88 and later). */
export function coverageSupported(): boolean {
	return vscode.TestRunProfileKind.Coverage !== undefined && typeof vscode.FileCoverage?.fromDetails === 'function';
}

export class Runner {
	/** Statement details of the files of coverage runs, for loadDetailedCoverage. */
	private readonly details = new WeakMap<vscode.FileCoverage, vscode.StatementCoverage[]>();

	constructor(
		private readonly state: State,
		private readonly ctrl: vscode.TestController,
		private readonly discovery: Discovery,
	) {}

	/** The statements of a file a coverage run reported (the profile's loadDetailedCoverage). */
	detailedCoverage(file: vscode.FileCoverage): vscode.StatementCoverage[] {
		return this.details.get(file) ?? [];
	}

	async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, coverage = false): Promise<void> {
		if (!requireTrust()) {
			return;
		}
		if (!request.include && this.ctrl.items.size === 0 && this.ctrl.resolveHandler) {
			// "Run All Tests" before the tree was ever shown: discover first.
			await this.ctrl.resolveHandler(undefined);
		}
		const run = this.ctrl.createTestRun(request, coverage ? 'Run with Redefinitions and Coverage' : 'Run with Redefinitions');
		// Cancelled from the profile's token or from the run itself (runs started by CodeLens).
		const cts = new vscode.CancellationTokenSource();
		const subs = [token.onCancellationRequested(() => cts.cancel()), run.token.onCancellationRequested(() => cts.cancel())];
		token = cts.token;
		const reports: string[] = [];
		try {
			const go = await this.state.toolchain.findGo();
			const redefine = await this.state.toolchain.redefinePath();
			// Packages run side by side, as go test runs them; tests inside a package keep
			// t.Parallel (ForTest redefinitions are per test, so nothing forces them apart).
			const groups = groupRequest(this.ctrl, request);
			const done = await runPool(groups, defaultParallelism(), (group) =>
				this.runPackage(run, group, redefine, go.env, token, coverage),
				() => token.isCancellationRequested);
			reports.push(...done.filter((r): r is string => r !== undefined));
		} catch (err) {
			const msg = new vscode.TestMessage(`Go Redefine could not run the tests: ${(err as Error).message}`);
			for (const item of request.include ?? []) {
				run.errored(item, msg);
			}
			reportFailure(this.state.output, 'run tests with redefinitions', err);
		} finally {
			run.end();
			subs.forEach((d) => d.dispose());
			cts.dispose();
		}
		this.state.decorations.setReports('tests', reports.flatMap((r) => decodeReports(r)));
	}

	/** Runs one package; returns the text of its REDEFINE_REPORT file. */
	private async runPackage(
		run: vscode.TestRun,
		group: Group,
		redefine: string,
		env: Record<string, string>,
		token: vscode.CancellationToken,
		coverage: boolean,
	): Promise<string> {
		const tests = await testsIn(group.dir);
		const itemFor = this.itemFinder(group, tests);
		for (const item of group.items) {
			run.enqueued(item);
		}
		const args = ['test', '-json', ...readSettings().buildFlags];
		if (group.names.length) {
			args.push('-run', runPattern(group.names));
		}
		const reportFile = path.join(os.tmpdir(), `go-redefine-report-${process.pid}-${Date.now()}-${++reportSeq}.jsonl`);
		const profile = coverage ? reportFile.replace(/\.jsonl$/, '.cover.out') : undefined;
		if (profile) {
			args.push(`-coverprofile=${profile}`);
		}
		args.push('.');
		run.appendOutput(`\x1b[2m$ cd ${group.dir} && redefine ${args.join(' ')}\x1b[0m\r\n`);
		this.state.output.info(`cd ${group.dir} && ${redefine} ${args.join(' ')}`);

		const counts = { passed: 0, failed: 0, errored: 0 };
		const sink = this.sink(run, group, itemFor, counts);
		const requested = group.names.length ? group.names : [...tests.keys()].filter((n) => !n.startsWith('Benchmark'));
		const mapper = new PackageRunMapper(sink, group.dir, requested, path.join);
		const code = await new Promise<number | null>((resolve) => {
			const child = spawn(redefine, args, { cwd: group.dir, env: { ...env, REDEFINE_REPORT: reportFile }, windowsHide: true });
			child.stdout.setEncoding('utf8').on('data', (d: string) => mapper.pushStdout(d));
			child.stderr.setEncoding('utf8').on('data', (d: string) => mapper.pushStderr(d));
			const cancel = token.onCancellationRequested(() => {
				child.kill('SIGINT');
				setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref();
			});
			child.on('error', (err) => {
				mapper.pushStderr(`Failed to start ${redefine}: ${err.message}\n`);
				cancel.dispose();
				resolve(-1);
			});
			child.on('close', (c) => {
				cancel.dispose();
				resolve(c);
			});
		});
		mapper.finish(token.isCancellationRequested ? 0 : code);
		this.judgePackages(run, group, counts);
		if (profile) {
			await this.addCoverage(run, profile, group.dir);
		}
		const report = await fs.promises.readFile(reportFile, 'utf8').catch(() => '');
		await fs.promises.rm(reportFile, { force: true });
		for (const r of decodeReports(report)) {
			appendReport(run, r, false);
		}
		return report;
	}

	/** The item a test name of this group reports on (created when the run adds it). */
	private itemFinder(group: Group, tests: Map<string, { file: string; line: number; character: number }>): (name: string) => vscode.TestItem {
		return (name: string): vscode.TestItem => {
			const top = name.split('/')[0];
			const at = tests.get(top);
			const file = at?.file ?? group.items[0]?.uri?.fsPath ?? path.join(group.dir, 'unknown_test.go');
			const range = at ? new vscode.Range(at.line, at.character, at.line, at.character + top.length) : undefined;
			return this.discovery.testItem(file, name, range);
		};
	}

	/** Where the mapper's results go: the run's items, their messages and output. */
	private sink(run: vscode.TestRun, group: Group, itemFor: (name: string) => vscode.TestItem, counts: { passed: number; failed: number; errored: number }): RunSink {
		const toLocation = (m: Message) =>
			m.location
				? new vscode.Location(vscode.Uri.file(m.location.file), new vscode.Position(Math.max(0, m.location.line - 1), Math.max(0, (m.location.column ?? 1) - 1)))
				: undefined;
		const toMessages = (ms: Message[]) =>
			ms.map((m) => {
				const tm = new vscode.TestMessage(m.text);
				tm.location = toLocation(m);
				return tm;
			});
		return {
			started: (t) => run.started(itemFor(t)),
			passed: (t, ms) => {
				counts.passed++;
				run.passed(itemFor(t), ms);
			},
			failed: (t, msgs, ms) => {
				counts.failed++;
				run.failed(itemFor(t), toMessages(msgs), ms);
			},
			skipped: (t) => run.skipped(itemFor(t)),
			errored: (ts, msgs) => {
				counts.errored++;
				for (const t of ts) {
					run.errored(itemFor(t), toMessages(msgs));
				}
				// Package items (and, when no test was named, every requested item) error too.
				group.items
					.filter((i) => ts.length === 0 || decodeId(i.id)?.kind === 'package')
					.forEach((i) => run.errored(i, toMessages(msgs)));
			},
			output: (text, t) => run.appendOutput(text.replace(/\r?\n/g, '\r\n'), undefined, t ? itemFor(t) : undefined),
		};
	}

	/** Package items take the outcome of their tests (VS Code does not derive it). */
	private judgePackages(run: vscode.TestRun, group: Group, counts: { passed: number; failed: number; errored: number }): void {
		for (const item of group.items) {
			if (decodeId(item.id)?.kind !== 'package' || counts.errored) {
				continue;
			}
			if (counts.failed) {
				run.failed(item, []);
			} else if (counts.passed) {
				run.passed(item);
			} else {
				run.skipped(item);
			}
		}
	}

	/** Hands a package's coverage profile to the run, file by file. */
	private async addCoverage(run: vscode.TestRun, profile: string, dir: string): Promise<void> {
		const text = await fs.promises.readFile(profile, 'utf8').catch(() => '');
		await fs.promises.rm(profile, { force: true });
		const blocks = parseCoverProfile(text);
		const pkg = profilePackage(blocks.keys());
		for (const [name, bs] of blocks) {
			const file = pkg ? fileInDir(name, pkg, dir, path.join) : undefined;
			if (!file) {
				continue;
			}
			const statements = bs.map(
				(b) => new vscode.StatementCoverage(b.count, new vscode.Range(b.startLine - 1, b.startCol - 1, b.endLine - 1, b.endCol - 1)),
			);
			const fc = vscode.FileCoverage.fromDetails(vscode.Uri.file(file), statements);
			this.details.set(fc, statements);
			run.addCoverage(fc);
		}
	}

	/**
	 * Debug with Redefinitions: a go-redefine test session for one package. Its output, as the
	 * adapter forwards it, goes through `go tool test2json` to the mapper that records Run with
	 * Redefinitions, so the items pass or fail with their output and messages in Test Results.
	 */
	async debug(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
		if (!requireTrust()) {
			return;
		}
		const groups = groupRequest(this.ctrl, request);
		if (groups.length !== 1) {
			void vscode.window.showInformationMessage('Debug with Redefinitions debugs one package at a time: pick tests from a single package.');
			return;
		}
		const [group] = groups;
		const run = this.ctrl.createTestRun(request, 'Debug with Redefinitions', false);
		const tests = await testsIn(group.dir);
		const counts = { passed: 0, failed: 0, errored: 0 };
		const requested = group.names.length ? group.names : [...tests.keys()].filter((n) => !n.startsWith('Benchmark'));
		const mapper = new PackageRunMapper(this.sink(run, group, this.itemFinder(group, tests), counts), group.dir, requested, path.join);
		group.items.forEach((i) => run.started(i));
		run.appendOutput(`\x1b[2mDebugging the tests of ${group.dir} with redefinitions under Delve (the Debug Console shows the session)\x1b[0m\r\n`);
		const args = group.names.length ? ['-test.run', runPattern(group.names), '-test.v'] : ['-test.v'];
		const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(group.dir));
		const config: vscode.DebugConfiguration = {
			type: debugType,
			request: 'launch',
			name: `Debug ${group.names.join(', ') || path.basename(group.dir)} with redefinitions`,
			mode: 'test',
			program: group.dir,
			args,
		};
		let converter: Test2Json | undefined;
		let exitCode: number | null = null;
		const reports: Report[] = [];
		try {
			const go = await this.state.toolchain.findGo();
			const t2j = new Test2Json(go.path, go.env, (d) => mapper.pushStdout(d));
			converter = t2j;
			const tracker: vscode.DebugAdapterTracker = {
				onDidSendMessage: (m: unknown) => {
					const o = readDebugMessage(m);
					if (o?.kind === 'stdout') {
						t2j.write(o.text);
					} else if (o?.kind === 'stderr') {
						mapper.pushStderr(o.text);
					} else if (o?.kind === 'exited') {
						exitCode = o.code;
					} else if (o?.kind === 'report') {
						reports.push(o.report);
					}
				},
			};
			const started = await debugAndWait(folder, config, token, tracker);
			this.state.output.info(`Debug session for ${config.name} ${started ? 'ended' : 'did not start'}${exitCode !== null ? ` (exit status ${exitCode})` : ''}.`);
			const complaints = await t2j.close();
			if (complaints) {
				this.state.output.warn(`go tool test2json: ${complaints}`);
			}
			converter = undefined;
			if (token.isCancellationRequested) {
				group.items.forEach((i) => run.skipped(i));
			} else {
				// A session that never ran the binary (a build failure, refused directives) has no
				// exit status; its reasons came on stderr and become the items' messages.
				mapper.finish(started ? exitCode : null);
				this.judgePackages(run, group, counts);
			}
			for (const r of reports) {
				appendReport(run, r, true);
			}
		} catch (err) {
			group.items.forEach((i) => run.errored(i, new vscode.TestMessage(`Go Redefine could not debug the tests: ${(err as Error).message}`)));
			reportFailure(this.state.output, 'debug tests with redefinitions', err);
		} finally {
			await converter?.close();
			run.end();
		}
	}
}

/** Writes a report to the run's output the way the Debug Console words it: what applied, what did not and why. */
function appendReport(run: vscode.TestRun, r: Report, debugging: boolean): void {
	const lines = describeReport(r, debugging).map((l) => (l.severity === 'important' ? `\x1b[31m${l.text}\x1b[0m` : l.text));
	run.appendOutput(`\r\n${lines.join('\r\n')}\r\n`);
}
