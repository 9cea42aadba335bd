// What `redefine lsp` (native/internal/lsp) adds to the Language Server Protocol, as the
// extension reads it (ARCHITECTURE.md, "Command ↔ editor"). Pure: no vscode import.

/** One entry of `redefine/list`. */
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

/** The kind of the server's "Redefine …" code actions. */
export const redefineActionKind = 'refactor.rewrite';

/**
 * The `data` of a "Redefine …" code action (Go: lsp.RedefineActionData): what it redefines
 * and where the stub goes. The title is for people only.
 */
export interface RedefineActionData {
	/** The target as runtime.FuncForPC names it: "time.Now". */
	target: string;
	/** The stub is a _test.go file, compiled into tests only. */
	test: boolean;
}

/** Reads a code action's `data` as RedefineActionData, or undefined when it is not one. */
export function redefineActionData(data: unknown): RedefineActionData | undefined {
	if (typeof data !== 'object' || data === null) {
		return undefined;
	}
	const d = data as Partial<RedefineActionData>;
	return typeof d.target === 'string' && d.target !== '' && typeof d.test === 'boolean' ? { target: d.target, test: d.test } : undefined;
}
