// Where redefined functions appear in one Go file: their declarations and the references to
// them. Pure (no vscode import), so it is unit-tested and benchmarked without VS Code.
//
// It works from tokens, not types: a reference is `pkg.Name` where `pkg` is the file's name
// for the target's package, or a bare `Name(` inside the target's own package. Method call
// sites (`c.Do(...)`) need types: the language server finds them (redefine/methodOccurrences,
// decorations/view.ts). Method declarations are marked here.

import { Kind, Token, lex } from './golex';
import { GoSymbol, defaultImportName, parseSymbol } from './symbol';

export interface Target {
	/** Full target name, as in directives ("time.Now"). */
	target: string;
	/** Full replacement name ("example.com/m.fixedNow"). */
	replacement: string;
}

export interface Occurrence {
	kind: 'declaration' | 'reference';
	target: string;
	replacement: string;
	line: number;
	/** UTF-16 columns of the identifier(s) (for `time.Now` the whole qualified name). */
	start: number;
	end: number;
}

export interface FileFacts {
	packageName?: string;
	/** import path → local names that refer to it in this file (usually one). */
	imports: Map<string, string[]>;
	tokens: Token[];
}

export function fileFacts(src: string): FileFacts {
	const tokens = lex(src);
	const imports = new Map<string, string[]>();
	let packageName: string | undefined;
	const add = (path: string, name: string) => {
		const names = imports.get(path);
		if (names) {
			names.push(name);
		} else {
			imports.set(path, [name]);
		}
	};
	let i = 0;
	const next = () => {
		while (i < tokens.length && tokens[i].kind === Kind.Newline) {
			i++;
		}
		return tokens[i];
	};
	// Imports come right after the package clause; stop at the first other declaration.
	for (;;) {
		const t = next();
		if (!t) {
			break;
		}
		if (t.kind === Kind.Ident && t.text === 'package' && packageName === undefined) {
			i++;
			const name = next();
			if (name?.kind === Kind.Ident) {
				packageName = name.text;
				i++;
			}
			continue;
		}
		if (t.kind === Kind.Punct && t.text === ';') {
			i++;
			continue;
		}
		if (t.kind !== Kind.Ident || t.text !== 'import') {
			break;
		}
		i++;
		const spec = () => {
			const a = next();
			if (!a) {
				return;
			}
			if (a.kind === Kind.String) {
				add(a.text, defaultImportName(a.text));
				i++;
				return;
			}
			if ((a.kind === Kind.Ident || (a.kind === Kind.Punct && a.text === '.')) && tokens[i + 1]?.kind === Kind.String) {
				const path = tokens[i + 1].text;
				if (a.text !== '_') {
					add(path, a.text);
				}
				i += 2;
				return;
			}
			i++;
		};
		const open = next();
		if (open?.kind === Kind.Punct && open.text === '(') {
			i++;
			for (;;) {
				const t2 = next();
				if (!t2 || (t2.kind === Kind.Punct && t2.text === ')')) {
					i++;
					break;
				}
				spec();
			}
		} else {
			spec();
		}
	}
	return { packageName, imports, tokens };
}

interface Wanted {
	t: Target;
	sym: GoSymbol;
}

/**
 * Finds the declarations of, and references to, the targets in one file.
 * `filePkgPath` is the file's import path when known ("example.com/m/store"); a file of
 * package main always matches targets in "main".
 */
export function findOccurrences(src: string | FileFacts, targets: readonly Target[], filePkgPath?: string): Occurrence[] {
	const facts = typeof src === 'string' ? fileFacts(src) : src;
	const { tokens } = facts;
	const out: Occurrence[] = [];
	if (targets.length === 0) {
		return out;
	}
	const isOwnPackage = (pkgPath: string) =>
		(facts.packageName === 'main' && pkgPath === 'main') || (filePkgPath !== undefined && filePkgPath === pkgPath);

	// Qualified references: local package name → (name → targets).
	const qualified = new Map<string, Map<string, Wanted[]>>();
	// Own-package functions and methods: name → targets.
	const own = new Map<string, Wanted[]>();
	const push = <K>(m: Map<K, Wanted[]>, k: K, w: Wanted) => {
		const l = m.get(k);
		if (l) {
			l.push(w);
		} else {
			m.set(k, [w]);
		}
	};
	for (const t of targets) {
		const sym = parseSymbol(t.target);
		if (!sym) {
			continue;
		}
		const w = { t, sym };
		if (isOwnPackage(sym.pkgPath)) {
			push(own, sym.name, w);
		}
		if (!sym.recvType) {
			for (const local of facts.imports.get(sym.pkgPath) ?? []) {
				let byName = qualified.get(local);
				if (!byName) {
					byName = new Map();
					qualified.set(local, byName);
				}
				push(byName, sym.name, w);
			}
		}
	}
	if (qualified.size === 0 && own.size === 0) {
		return out;
	}
	// Dot imports make a package's names bare; treat them like own-package references.
	const dotted = qualified.get('.');

	const emit = (kind: Occurrence['kind'], ws: Wanted[], line: number, start: number, end: number) => {
		for (const w of ws) {
			out.push({ kind, target: w.t.target, replacement: w.t.replacement, line, start, end });
		}
	};

	const n = tokens.length;
	for (let i = 0; i < n; i++) {
		const tok = tokens[i];
		if (tok.kind !== Kind.Ident) {
			continue;
		}
		const prev = tokens[i - 1];
		const afterDot = prev !== undefined && prev.kind === Kind.Punct && prev.text === '.';
		if (tok.text === 'func' && own.size > 0) {
			const decl = declaredName(tokens, i);
			if (decl) {
				const ws = (own.get(decl.name.text) ?? []).filter(
					(w) => (w.sym.recvType ?? '') === (decl.recvType ?? ''),
				);
				if (ws.length) {
					emit('declaration', ws, decl.name.line, decl.name.character, decl.name.character + decl.name.text.length);
				}
				i = decl.index;
			}
			continue;
		}
		if (afterDot) {
			continue;
		}
		const byName = qualified.get(tok.text);
		if (byName) {
			const dot = tokens[i + 1];
			const name = tokens[i + 2];
			if (dot?.kind === Kind.Punct && dot.text === '.' && name?.kind === Kind.Ident && name.line === tok.line) {
				const ws = byName.get(name.text);
				if (ws) {
					emit('reference', ws, tok.line, tok.character, name.character + name.text.length);
				}
				i += 2;
				continue;
			}
		}
		const call = tokens[i + 1];
		const isCall = call !== undefined && call.kind === Kind.Punct && call.text === '(';
		if (isCall) {
			const ws = [...(own.get(tok.text) ?? []), ...(dotted?.get(tok.text) ?? [])].filter((w) => !w.sym.recvType);
			if (ws.length) {
				emit('reference', ws, tok.line, tok.character, tok.character + tok.text.length);
			}
		}
	}
	return out;
}

/** For `func` at index i: the declared name token and receiver type, if it is a declaration. */
function declaredName(tokens: Token[], i: number): { name: Token; recvType?: string; index: number } | undefined {
	let j = i + 1;
	let recvType: string | undefined;
	if (tokens[j]?.kind === Kind.Punct && tokens[j].text === '(') {
		// Receiver: (x *T), (T), (x T[K]) — the type name is the last identifier before ')' or '['
		// at depth one.
		let depth = 0;
		for (; j < tokens.length; j++) {
			const t = tokens[j];
			if (t.kind === Kind.Punct && (t.text === '(' || t.text === '[')) {
				depth++;
			} else if (t.kind === Kind.Punct && (t.text === ')' || t.text === ']')) {
				depth--;
				if (depth === 0) {
					break;
				}
			} else if (t.kind === Kind.Ident && depth === 1) {
				recvType = t.text;
			}
		}
		j++;
	}
	const name = tokens[j];
	if (name?.kind !== Kind.Ident) {
		return undefined; // a function literal
	}
	return { name, recvType, index: j };
}

/** Groups occurrences by line, keeping the line's first occurrence of each target. */
export function byLine(occs: readonly Occurrence[]): Map<number, Occurrence[]> {
	const lines = new Map<number, Occurrence[]>();
	for (const o of occs) {
		const l = lines.get(o.line);
		if (!l) {
			lines.set(o.line, [o]);
		} else if (!l.some((x) => x.target === o.target)) {
			l.push(o);
		}
	}
	return lines;
}
