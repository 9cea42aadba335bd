// A small Go lexer: just enough to find package clauses, imports, function declarations
// and qualified references without being fooled by comments, strings or runes.
// Pure (no vscode import); positions are 0-based lines and UTF-16 columns, as VS Code counts.

export const enum Kind {
	Ident,
	String, // value holds the unquoted text
	Punct, // one character: ( ) [ ] { } . * , ; and the rest
	Newline, // only emitted for real line ends outside comments (Go's automatic semicolons)
}

export interface Token {
	kind: Kind;
	text: string;
	line: number;
	character: number;
}

function isIdentStart(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
	return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** Tokenizes Go source. Unterminated strings or comments end at the end of the text. */
export function lex(src: string): Token[] {
	const out: Token[] = [];
	const n = src.length;
	let i = 0;
	let line = 0;
	let lineStart = 0;
	while (i < n) {
		const c = src.charCodeAt(i);
		if (c === 10) {
			out.push({ kind: Kind.Newline, text: '\n', line, character: i - lineStart });
			i++;
			line++;
			lineStart = i;
			continue;
		}
		if (c === 32 || c === 9 || c === 13) {
			i++;
			continue;
		}
		if (c === 47 /* / */ && i + 1 < n) {
			const d = src.charCodeAt(i + 1);
			if (d === 47) {
				// Line comment: up to (not including) the newline.
				const end = src.indexOf('\n', i);
				i = end < 0 ? n : end;
				continue;
			}
			if (d === 42) {
				const end = src.indexOf('*/', i + 2);
				const stop = end < 0 ? n : end + 2;
				let hadNewline = false;
				for (let j = i; j < stop; j++) {
					if (src.charCodeAt(j) === 10) {
						line++;
						lineStart = j + 1;
						hadNewline = true;
					}
				}
				if (hadNewline) {
					out.push({ kind: Kind.Newline, text: '\n', line: line - 1, character: 0 });
				}
				i = stop;
				continue;
			}
		}
		if (c === 34 /* " */ || c === 39 /* ' */) {
			const startCol = i - lineStart;
			let j = i + 1;
			let value = '';
			while (j < n) {
				const d = src.charCodeAt(j);
				if (d === 92 /* \ */) {
					value += src[j + 1] ?? '';
					j += 2;
					continue;
				}
				if (d === c || d === 10) {
					break;
				}
				value += src[j];
				j++;
			}
			if (c === 34) {
				out.push({ kind: Kind.String, text: value, line, character: startCol });
			} else {
				out.push({ kind: Kind.Punct, text: "'", line, character: startCol });
			}
			i = j < n && src.charCodeAt(j) === c ? j + 1 : j;
			continue;
		}
		if (c === 96 /* ` */) {
			const startLine = line;
			const startCol = i - lineStart;
			const end = src.indexOf('`', i + 1);
			const stop = end < 0 ? n : end;
			const value = src.slice(i + 1, stop);
			for (let j = i + 1; j < stop; j++) {
				if (src.charCodeAt(j) === 10) {
					line++;
					lineStart = j + 1;
				}
			}
			out.push({ kind: Kind.String, text: value, line: startLine, character: startCol });
			i = end < 0 ? n : end + 1;
			continue;
		}
		if (isIdentStart(c)) {
			let j = i + 1;
			while (j < n && isIdentPart(src.charCodeAt(j))) {
				j++;
			}
			out.push({ kind: Kind.Ident, text: src.slice(i, j), line, character: i - lineStart });
			i = j;
			continue;
		}
		if (c >= 48 && c <= 57) {
			// Numbers (including 0x1p-2, 1_000, 1e9, .5 is handled as '.' then number): skip.
			let j = i + 1;
			while (j < n && (isIdentPart(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) {
				j++;
			}
			i = j;
			continue;
		}
		out.push({ kind: Kind.Punct, text: src[i], line, character: i - lineStart });
		i++;
	}
	return out;
}
