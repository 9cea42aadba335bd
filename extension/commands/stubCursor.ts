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
	if (start < 0) {
		return undefined;
	}
	for (let i = start + 1; i < lines.length; i++) {
		if (/^func\b/.test(lines[i])) {
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
 * What to select in a fresh stub: the returned expression of the first body line (so typing
 * replaces the placeholder, e.g. `time.Time{}`), or an empty selection where the cursor goes.
 */
export function stubBodySelection(text: string, target?: string): { line: number; start: number; end: number } | undefined {
	const pos = stubBodyPosition(text, target);
	if (!pos) {
		return undefined;
	}
	const line = text.split('\n')[pos.line] ?? '';
	const m = /^(\s*return\s+)(.*\S)\s*$/.exec(line);
	if (m && pos.character === line.length) {
		return { line: pos.line, start: m[1].length, end: m[1].length + m[2].length };
	}
	return { line: pos.line, start: pos.character, end: pos.character };
}
