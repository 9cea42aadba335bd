// Maps one `redefine test -json` process (one package) onto a test run, through a small sink
// interface that the VS Code side implements. Pure (no vscode import), table-tested.

import { LineSplitter, SourceLocation, TestEvent, isTerminal, parseLine, parseLocation } from './events';

export interface Message {
	text: string;
	location?: { file: string; line: number; column?: number };
}

export interface RunSink {
	started(test: string): void;
	passed(test: string, durationMs?: number): void;
	failed(test: string, messages: Message[], durationMs?: number): void;
	skipped(test: string): void;
	/** The run could not judge these tests (build or directive error, crash before they ran). */
	errored(tests: readonly string[], messages: Message[]): void;
	output(text: string, test?: string): void;
}

export class PackageRunMapper {
	private readonly stdout = new LineSplitter();
	private readonly stderr = new LineSplitter();
	private readonly outputs = new Map<string, string[]>();
	private readonly done = new Set<string>();
	private readonly plain: string[] = [];
	private readonly build: string[] = [];
	private packageOutput: string[] = [];
	private anyTestFailed = false;
	private buildFailed = false;

	/**
	 * @param dir the package directory, for relative file names in output
	 * @param requested the top-level tests asked for (empty: the whole package)
	 */
	constructor(
		private readonly sink: RunSink,
		private readonly dir: string,
		private readonly requested: readonly string[],
		private readonly join: (a: string, b: string) => string,
	) {}

	pushStdout(chunk: string): void {
		for (const line of this.stdout.push(chunk)) {
			this.line(line);
		}
	}

	pushStderr(chunk: string): void {
		for (const line of this.stderr.push(chunk)) {
			this.text(line);
		}
	}

	private line(line: string): void {
		const p = parseLine(line);
		if ('event' in p) {
			this.event(p.event);
		} else {
			this.text(p.text);
		}
	}

	private text(line: string): void {
		this.plain.push(line);
		this.sink.output(line + '\n');
	}

	event(e: TestEvent): void {
		const test = e.Test;
		switch (e.Action) {
			case 'build-output':
				this.build.push(e.Output ?? '');
				this.sink.output(e.Output ?? '');
				return;
			case 'build-fail':
				this.buildFailed = true;
				return;
			case 'run':
				if (test) {
					this.sink.started(test);
				}
				return;
			case 'output': {
				const out = e.Output ?? '';
				if (test) {
					const list = this.outputs.get(test) ?? [];
					list.push(out);
					this.outputs.set(test, list);
				} else {
					this.packageOutput.push(out);
				}
				this.sink.output(out, test);
				return;
			}
		}
		if (!isTerminal(e)) {
			return;
		}
		const ms = e.Elapsed !== undefined ? e.Elapsed * 1000 : undefined;
		if (!test) {
			// The package result: judged in finish().
			this.buildFailed ||= e.FailedBuild !== undefined;
			return;
		}
		this.done.add(test);
		if (e.Action === 'pass') {
			this.sink.passed(test, ms);
		} else if (e.Action === 'skip') {
			this.sink.skipped(test);
		} else {
			this.anyTestFailed = true;
			this.sink.failed(test, failureMessages(this.outputs.get(test) ?? [], this.dir, this.join), ms);
		}
	}

	/** Call when the process exited. */
	finish(exitCode: number | null): void {
		for (const line of this.stdout.flush()) {
			this.line(line);
		}
		for (const line of this.stderr.flush()) {
			this.text(line);
		}
		const unfinished = this.requested.filter((t) => !this.done.has(t));
		if (unfinished.length === 0) {
			return;
		}
		const broken = (exitCode !== 0 || this.buildFailed) && !this.anyTestFailed;
		if (!broken) {
			// They did not run: the pattern matched nothing, or the package has no such test.
			for (const t of unfinished) {
				this.sink.skipped(t);
			}
			return;
		}
		const lines = [...this.build, ...this.plain, ...this.packageOutput];
		const messages = lines.map((l) => l.replace(/\n$/, '')).flatMap((l): Message[] => {
			const loc = parseLocation(l, this.dir, this.join);
			return loc ? [{ text: loc.message, location: loc }] : [];
		});
		const all = lines.join('').trim() || lines.join('\n').trim();
		const why = this.buildFailed
			? 'the package did not build with its redefinitions'
			: exitCode === 2
				? 'redefine refused the directives (exit status 2)'
				: exitCode === 3
					? 'a redefinition failed when the test binary started (exit status 3)'
					: exitCode === null
						? 'the test binary did not start'
						: `the test binary did not run these tests (exit status ${exitCode})`;
		messages.push({ text: `${why}${all ? ':\n' + all : ''}` });
		this.sink.errored(unfinished, messages);
	}
}

/** The messages of a failed test: t.Error lines with their locations, or a panic's frame. */
export function failureMessages(output: readonly string[], dir: string, join: (a: string, b: string) => string): Message[] {
	const messages: Message[] = [];
	let open: { msg: Message; indent: number } | undefined;
	for (const raw of output.join('').split('\n')) {
		if (/^\s*(=== |--- (FAIL|PASS|SKIP))/.test(raw)) {
			open = undefined;
			continue;
		}
		const loc: SourceLocation | undefined = /^\s+\S/.test(raw) ? parseLocation(raw, dir, join) : undefined;
		if (loc) {
			const msg = { text: loc.message, location: { file: loc.file, line: loc.line, column: loc.column } };
			messages.push(msg);
			open = { msg, indent: raw.length - raw.trimStart().length };
			continue;
		}
		if (open && raw.trim() !== '' && raw.length - raw.trimStart().length > open.indent) {
			open.msg.text += '\n' + raw.trim();
		} else {
			open = undefined;
		}
	}
	if (messages.length === 0) {
		const text = output.filter((l) => !/^\s*(=== |--- )/.test(l)).join('').trim();
		const frame = /^\t(\/.*_test\.go|[A-Za-z]:\\.*_test\.go):(\d+)/m.exec(text);
		messages.push({
			text: text || 'failed',
			location: frame ? { file: frame[1], line: Number(frame[2]) } : undefined,
		});
	}
	return messages;
}
