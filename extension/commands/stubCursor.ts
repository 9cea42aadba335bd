// Where to put the cursor in a freshly written stub: on the first line of the body of the
// function under the `//redefine:func TARGET` directive. Pure (no vscode import).

export function stubBodyPosition(text: string, target?: string): { line: number; character: number } | undefined {
	const lines = text.split('\n');
	let start = -1;
	for (let i = 0; i < lines.length; i++) {
		const m = /^\s*\/\/redefine:func\s+(\S+)/.exec(lines[i]);
		if (m && (target === undefined || m[1] === target)) {
			start = i; // the last matching directive: a stub appended to an existing file comes last
		}
	}
	return start < 0 ? undefined : bodyPositionAfter(text, start);
}

/** The first line of the body of the function declared after the directive on line `start`. */
export function bodyPositionAfter(text: string, start: number): { line: number; character: number } | undefined {
	const lines = text.split('\n');
	for (let i = start + 1; i < lines.length; i++) {
		if (/^func\b/.test(lines[i])) {
			if (/\{.*\}\s*$/.test(lines[i])) {
				// A body on the declaration's line: just inside its brace.
				return { line: i, character: lines[i].indexOf('{', lines[i].indexOf(')')) + 1 };
			}
			// The signature may span lines; the body starts after the first line ending in '{'.
			for (let j = i; j < lines.length; j++) {
				if (/\{\s*$/.test(lines[j])) {
					const body = lines[j + 1];
					if (body === undefined) {
						return { line: j, character: lines[j].length };
					}
					if (/^\s*\}/.test(body)) {
						// An empty body: put the cursor on the closing line, before the brace.
						return { line: j + 1, character: body.indexOf('}') };
					}
					return { line: j + 1, character: body.length };
				}
			}
			return { line: i, character: lines[i].length };
		}
	}
	return undefined;
}

/**
 * What to select in a fresh stub: what a user will replace. That is the first value the body
 * returns (typing replaces the placeholder `time.Time{}`, `0`, `nil`), and for an empty string
 * literal the place between its quotes (typing `/home/x` over `""` gives `"/home/x"`, not
 * `/home/x` without quotes nor `"/home/x""`). Without a return, an empty selection where the
 * cursor goes.
 */
export function stubBodySelection(text: string, target?: string): { line: number; start: number; end: number } | undefined {
	const pos = stubBodyPosition(text, target);
	if (!pos) {
		return undefined;
	}
	const line = text.split('\n')[pos.line] ?? '';
	const m = /^(\s*return\s+)(.*\S)\s*$/.exec(line);
	if (m && pos.character === line.length) {
		const first = firstValue(m[2]);
		const start = m[1].length;
		if (first === '""' || first === '``') {
			return { line: pos.line, start: start + 1, end: start + 1 };
		}
		return { line: pos.line, start, end: start + first.length };
	}
	return { line: pos.line, start: pos.character, end: pos.character };
}

/**
 * The first of the comma-separated expressions in `list` ("time.Time{}" of
 * "time.Time{}, nil"), skipping commas inside brackets and string literals
 * (`map[string]int(nil), struct{ a, b int }{}`).
 */
export function firstValue(list: string): string {
	let depth = 0;
	let quote = '';
	for (let i = 0; i < list.length; i++) {
		const c = list[i];
		if (quote) {
			if (c === '\\' && quote !== '`') {
				i++;
			} else if (c === quote) {
				quote = '';
			}
		} else if (c === '"' || c === '`' || c === "'") {
			quote = c;
		} else if (c === '(' || c === '[' || c === '{') {
			depth++;
		} else if (c === ')' || c === ']' || c === '}') {
			depth--;
		} else if (c === ',' && depth === 0) {
			return list.slice(0, i).trimEnd();
		}
	}
	return list;
}
