// Target names in the form runtime.FuncForPC prints them, split into their parts.
// Pure (no vscode import).

export interface GoSymbol {
	/** Import path of the declaring package ("time", "net/http", "main"). */
	pkgPath: string;
	/** Receiver type name for methods ("Client" for "(*Client).Do"). */
	recvType?: string;
	/** Whether the receiver is a pointer. */
	recvPointer?: boolean;
	/** The function or method name ("Now", "Do"). */
	name: string;
}

/**
 * Parses "time.Now", "net/http.(*Client).Do", "example.com/m.T.Method",
 * "gopkg.in/yaml%2ev3.Unmarshal", "example.com/m.Map[...]". Returns undefined for
 * names that are not of that form.
 */
export function parseSymbol(full: string): GoSymbol | undefined {
	const s = full.replace(/\[\.\.\.\]/g, '').trim();
	const slash = s.lastIndexOf('/');
	const dot = s.indexOf('.', slash + 1);
	if (dot <= 0 || dot === s.length - 1) {
		return undefined;
	}
	const pkgPath = s.slice(0, dot).replace(/%2e/gi, '.');
	const rest = s.slice(dot + 1);
	const method = /^\((\*?)([\p{L}_][\p{L}\p{N}_]*)\)\.([\p{L}_][\p{L}\p{N}_]*)$/u.exec(rest);
	if (method) {
		return { pkgPath, recvType: method[2], recvPointer: method[1] === '*', name: method[3] };
	}
	const valueMethod = /^([\p{L}_][\p{L}\p{N}_]*)\.([\p{L}_][\p{L}\p{N}_]*)$/u.exec(rest);
	if (valueMethod) {
		return { pkgPath, recvType: valueMethod[1], recvPointer: false, name: valueMethod[2] };
	}
	if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(rest)) {
		return { pkgPath, name: rest };
	}
	return undefined;
}

/**
 * The name a file uses for an import without an explicit alias, guessed from the path the
 * way Go users name packages: the last element, without a major-version suffix ("/v2"), a
 * ".vN" suffix ("yaml.v3") or a "go-" prefix.
 */
export function defaultImportName(importPath: string): string {
	const parts = importPath.split('/');
	let last = parts[parts.length - 1];
	if (/^v[0-9]+$/.test(last) && parts.length > 1) {
		last = parts[parts.length - 2];
	}
	last = last.replace(/\.v[0-9]+$/, '').replace(/^go-/, '').replace(/-go$/, '');
	return last.replace(/[^\p{L}\p{N}_]/gu, '_');
}

/** The short name shown in decorations: "fixedNow" for "example.com/m.fixedNow". */
export function shortName(full: string): string {
	const sym = parseSymbol(full);
	if (!sym) {
		return full;
	}
	return sym.recvType ? `${sym.recvType}.${sym.name}` : sym.name;
}
