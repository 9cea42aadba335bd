// Which of the server's "Redefine …" code actions Redefine Function uses. The server offers,
// per function at the cursor, one whose stub is compiled into redefinition builds and one
// whose stub is a _test.go file; each says which in its `data` (contracts/lsp.ts), and
// goRedefine.stubLocation picks one so the command does not ask. Pure (no vscode import).

import { RedefineActionData, redefineActionData } from '../../contracts/lsp';

/** The `data` of a code action as RedefineActionData, undefined for any other action. */
export function actionData(action: object): RedefineActionData | undefined {
	return redefineActionData((action as { data?: unknown }).data);
}

/**
 * The indexes of the actions to offer: for each target, the one matching the stub
 * location (or the only one there is). More than one index means several functions are at
 * the cursor, and the user picks. Entries that are not "Redefine …" actions are undefined.
 */
export function chooseActions(actions: readonly (RedefineActionData | undefined)[], stubLocation: 'package' | 'test'): number[] {
	const byTarget = new Map<string, { index: number; test: boolean }[]>();
	actions.forEach((d, index) => {
		if (!d) {
			return;
		}
		const list = byTarget.get(d.target) ?? [];
		list.push({ index, test: d.test });
		byTarget.set(d.target, list);
	});
	const out: number[] = [];
	for (const options of byTarget.values()) {
		const want = options.find((o) => o.test === (stubLocation === 'test'));
		out.push((want ?? options[0]).index);
	}
	return out;
}
