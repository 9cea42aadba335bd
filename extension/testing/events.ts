// Parsing `go test -json` (test2json) output, as printed by `redefine test -json`.
// Pure (no vscode import).

export type Action =
	| 'start'
	| 'run'
	| 'pause'
	| 'cont'
	| 'pass'
	| 'bench'
	| 'fail'
	| 'output'
	| 'skip'
	| 'build-output'
	| 'build-fail';

export interface TestEvent {
	Time?: string;
	Action: Action;
	Package?: string;
	Test?: string;
	Elapsed?: number;
	Output?: string;
	ImportPath?: string;
	FailedBuild?: string;
}

/**
 * Splits a byte stream into lines. test2json writes one event per line, but a stream arrives
 * in arbitrary chunks.
 */
export class LineSplitter {
	private rest = '';

	push(chunk: string): string[] {
		const text = this.rest + chunk;
		const lines = text.split('\n');
		this.rest = lines.pop() ?? '';
		return lines.map((l) => l.replace(/\r$/, ''));
	}

	flush(): string[] {
		const last = this.rest;
		this.rest = '';
		return last === '' ? [] : [last];
	}
}

/** A parsed line: an event, or plain text that the command printed outside test2json. */
export type Line = { event: TestEvent } | { text: string };

export function parseLine(line: string): Line {
	if (line.startsWith('{')) {
		try {
			const v = JSON.parse(line) as TestEvent;
			if (v && typeof v.Action === 'string') {
				return { event: v };
			}
		} catch {
			// Not JSON after all: plain text.
		}
	}
	return { text: line };
}

export interface SourceLocation {
	file: string;
	line: number;
	column?: number;
	message: string;
}

/**
 * Finds `file.go:LINE: message` (t.Error output, indented) or `file.go:LINE:COL: message`
 * (compiler and directive errors) in one output line. Relative names resolve against dir.
 */
export function parseLocation(output: string, dir: string, join: (a: string, b: string) => string): SourceLocation | undefined {
	const m = /^\s*((?:[A-Za-z]:)?[^\s:]*\.go):(\d+)(?::(\d+))?: ?(.*)$/.exec(output.replace(/\n$/, ''));
	if (!m) {
		return undefined;
	}
	const file = isAbsolute(m[1]) ? m[1] : join(dir, m[1]);
	return { file, line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, message: m[4] };
}

function isAbsolute(p: string): boolean {
	return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface TestResult {
	outcome: Outcome;
	durationMs?: number;
	output: string[];
}

/**
 * Folds a package's events into per-test results, keyed by test name ("" for the package
 * itself). Used by the runner and by tests; the runner also streams output as it comes.
 */
export class ResultCollector {
	readonly results = new Map<string, TestResult>();
	readonly buildOutput: string[] = [];
	buildFailed = false;

	add(e: TestEvent): void {
		if (e.Action === 'build-output') {
			this.buildOutput.push(e.Output ?? '');
			return;
		}
		if (e.Action === 'build-fail') {
			this.buildFailed = true;
			return;
		}
		const key = e.Test ?? '';
		let r = this.results.get(key);
		if (!r) {
			r = { outcome: 'passed', output: [] };
			this.results.set(key, r);
		}
		switch (e.Action) {
			case 'output':
				r.output.push(e.Output ?? '');
				break;
			case 'pass':
			case 'fail':
			case 'skip':
				r.outcome = outcomeOf(e.Action);
				if (e.Elapsed !== undefined) {
					r.durationMs = e.Elapsed * 1000;
				}
				break;
		}
	}
}

export function outcomeOf(a: 'pass' | 'fail' | 'skip'): Outcome {
	return a === 'pass' ? 'passed' : a === 'fail' ? 'failed' : 'skipped';
}

/** Whether an event ends a test (or the package when Test is absent). */
export function isTerminal(e: TestEvent): e is TestEvent & { Action: 'pass' | 'fail' | 'skip' } {
	return e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip';
}

/** The test functions a _test.go file declares, with their 0-based line and column. */
export function findTestFuncs(src: string): { name: string; line: number; character: number }[] {
	const out: { name: string; line: number; character: number }[] = [];
	const re = /^func\s+((?:Test|Benchmark|Fuzz|Example)[\p{L}\p{N}_]*)\s*\(/gmu;
	let m: RegExpExecArray | null;
	// Line numbers from offsets, computed incrementally.
	let line = 0;
	let scanned = 0;
	while ((m = re.exec(src))) {
		for (let k = src.indexOf('\n', scanned); k >= 0 && k < m.index; k = src.indexOf('\n', k + 1)) {
			line++;
			scanned = k + 1;
		}
		const name = m[1];
		const suffix = name.replace(/^(Test|Benchmark|Fuzz|Example)/, '');
		if (suffix !== '' && /^\p{Ll}/u.test(suffix)) {
			continue;
		}
		out.push({ name, line, character: 4 + (m[0].slice(4).length - m[0].slice(4).trimStart().length) });
	}
	return out;
}
