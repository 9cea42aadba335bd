// Shapes that cross a room's wall (see ARCHITECTURE.md). Pure (no vscode import).

/** One entry of `redefine/list` (the language server's custom request). */
export interface Redefinition {
	target: string;
	replacement: string;
	/** The directive's file. */
	uri: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
	valid: boolean;
	error?: string;
}

export interface RedefinitionList {
	redefinitions: Redefinition[];
}

export const listRequest = 'redefine/list';
export const listChangedNotification = 'redefine/listChanged';

/** One line of REDEFINE_REPORT, and the body of the debug adapter's `redefineReport` event. */
export interface Report {
	pid: number;
	executable: string;
	goVersion: string;
	goos: string;
	goarch: string;
	strategy: 'inplace' | 'duplicate';
	redefinitions: ReportEntry[];
}

export interface ReportEntry {
	target: string;
	replacement: string;
	pos: string;
	status: 'applied' | 'failed' | 'skipped';
	error: string;
	inlinedInto?: string[];
}

export const reportEvent = 'redefineReport';
