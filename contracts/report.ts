// The engine's redefinition report (ARCHITECTURE.md, "The redefinition report"): with
// REDEFINE_REPORT=/path, every program built with redefinitions appends one JSON object on one
// line. The debug adapter follows the file while the program runs and sends each line as its
// `redefineReport` event; the extension reads the file after a test run and receives the
// events. Both read it here. Pure: no vscode import.

import * as fs from 'fs';

/** One line of REDEFINE_REPORT, and the body of the debug adapter's `redefineReport` event. */
export interface Report {
	pid: number;
	executable: string;
	goVersion: string;
	goos: string;
	goarch: string;
	strategy: 'inplace' | 'duplicate' | 'debugger';
	redefinitions: ReportEntry[];
}

export interface ReportEntry {
	target: string;
	replacement: string;
	/** The directive's position, `/abs/file.go:line:col`. */
	pos: string;
	status: 'applied' | 'failed' | 'skipped';
	/** Why, for `failed` and `skipped`. */
	error: string;
	/** Call sites that will not see the redefinition: the target was inlined there. */
	inlinedInto?: string[];
}

/**
 * Decodes JSON Lines text into reports. A line that is not a report (a partial line of a
 * binary killed mid-write, anything else) is passed to `onBadLine` and left out.
 */
export function decodeReports(text: string, onBadLine: (line: string, why: string) => void = () => {}): Report[] {
	const out: Report[] = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (t === '') {
			continue;
		}
		let v: unknown;
		try {
			v = JSON.parse(t);
		} catch (e) {
			onBadLine(t, (e as Error).message);
			continue;
		}
		if (isReport(v)) {
			out.push(v);
		} else {
			onBadLine(t, 'not a report object (no "redefinitions" list)');
		}
	}
	return out;
}

function isReport(v: unknown): v is Report {
	return typeof v === 'object' && v !== null && Array.isArray((v as Report).redefinitions);
}

/** Follows a report file from its start, calling `onReport` for each complete line. */
export class ReportWatcher {
	private offset = 0;
	private partial = '';
	private timer: NodeJS.Timeout | undefined;

	constructor(
		readonly file: string,
		private readonly onReport: (r: Report) => void,
		private readonly onBadLine: (line: string, why: string) => void = () => {},
	) {}

	start(intervalMs = 100): void {
		this.timer = setInterval(() => this.poll(), intervalMs);
		this.timer.unref();
	}

	/** Reads whatever was appended since the last call. */
	poll(): void {
		let fd: number;
		try {
			fd = fs.openSync(this.file, 'r');
		} catch {
			return; // not written yet
		}
		try {
			const size = fs.fstatSync(fd).size;
			if (size <= this.offset) {
				return;
			}
			const buf = Buffer.alloc(size - this.offset);
			fs.readSync(fd, buf, 0, buf.length, this.offset);
			this.offset = size;
			this.partial += buf.toString('utf8');
		} finally {
			fs.closeSync(fd);
		}
		// Only complete lines: the rest waits for its newline.
		const end = this.partial.lastIndexOf('\n');
		if (end < 0) {
			return;
		}
		const complete = this.partial.slice(0, end);
		this.partial = this.partial.slice(end + 1);
		for (const r of decodeReports(complete, this.onBadLine)) {
			this.onReport(r);
		}
	}

	/** Reads the last lines and stops following. */
	stop(): void {
		if (this.timer) {
			clearInterval(this.timer);
		}
		this.timer = undefined;
		this.poll();
	}
}
