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

/**
 * `redefine/methodOccurrences` { textDocument: { uri } } → { occurrences }: where a document
 * uses a redefined method through a value or a method expression (`b.WriteString(…)`). Which
 * method a selector names needs the types, so the server finds these; function references
 * (`time.Now`) the extension finds in the text itself.
 */
export const methodOccurrencesRequest = 'redefine/methodOccurrences';

export interface MethodOccurrence {
	/** As the redefinition list names it. */
	target: string;
	/** The method's name in the document. */
	range: Location['range'];
}

export interface MethodOccurrencesResult {
	occurrences: MethodOccurrence[];
}
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
	/**
	 * Where the target's replacement already is (its directive). The action then writes no
	 * stub: its command (`redefine.goToReplacement`) shows that one, since a second
	 * replacement of a target would be refused.
	 */
	existing?: Location;
}

export interface Location {
	uri: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** The server's command that shows a target's existing replacement (a Location argument). */
export const goToReplacementCommand = 'redefine.goToReplacement';

/**
 * Where the server cannot offer a stub at the cursor (a generic function, a built-in, a stub
 * file that does not parse, a package that does not load), it answers one "Redefine …" action
 * of the same kind, disabled, whose `disabled.reason` says why and what to do (LSP 3.16).
 */
export interface DisabledAction {
	title: string;
	disabled: { reason: string };
}

/** Reads a code action's `data` as RedefineActionData, or undefined when it is not one. */
export function redefineActionData(data: unknown): RedefineActionData | undefined {
	if (typeof data !== 'object' || data === null) {
		return undefined;
	}
	const d = data as Partial<RedefineActionData>;
	if (typeof d.target !== 'string' || d.target === '' || typeof d.test !== 'boolean') {
		return undefined;
	}
	const out: RedefineActionData = { target: d.target, test: d.test };
	if (isLocation(d.existing)) {
		out.existing = d.existing;
	}
	return out;
}

function isLocation(v: unknown): v is Location {
	const l = v as Location | undefined;
	return typeof l?.uri === 'string' && typeof l.range?.start?.line === 'number' && typeof l.range.start.character === 'number';
}
