// Which of the server's "Redefine …" code actions Redefine Function uses. The server offers,
// per function at the cursor, "Redefine time.Now" (a stub compiled into redefinition builds)
// and "Redefine time.Now in tests" (a _test.go stub); goRedefine.stubLocation picks one
// so the command does not ask. Pure (no vscode import).

export interface ParsedTitle {
	target: string;
	inTests: boolean;
}

export function parseActionTitle(title: string): ParsedTitle | undefined {
	const m = /^Redefine\s+(\S+)(\s+in tests)?\s*$/.exec(title);
	return m ? { target: m[1], inTests: m[2] !== undefined } : undefined;
}

/**
 * The indexes of the actions to offer: for each target, the one matching the stub
 * location (or the only one there is). More than one index means several functions are at
 * the cursor, and the user picks.
 */
export function chooseActions(titles: readonly string[], stubLocation: 'package' | 'test'): number[] {
	const byTarget = new Map<string, { index: number; inTests: boolean }[]>();
	titles.forEach((t, index) => {
		const p = parseActionTitle(t);
		if (!p) {
			return;
		}
		const list = byTarget.get(p.target) ?? [];
		list.push({ index, inTests: p.inTests });
		byTarget.set(p.target, list);
	});
	const out: number[] = [];
	for (const options of byTarget.values()) {
		const want = options.find((o) => o.inTests === (stubLocation === 'test'));
		out.push((want ?? options[0]).index);
	}
	return out;
}
