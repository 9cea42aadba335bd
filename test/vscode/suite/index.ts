// The in-VS Code test suite: a minimal runner (no mocha) over the cases in cases.ts.
// VS Code calls run() in the extension host; a rejected promise fails the run.

import { cases } from './cases';

export async function run(): Promise<void> {
	let failed = 0;
	for (const [name, fn] of cases) {
		const t0 = Date.now();
		try {
			await fn();
			console.log(`ok - ${name} (${Date.now() - t0} ms)`);
		} catch (err) {
			failed++;
			console.error(`not ok - ${name}\n  ${(err as Error).stack ?? err}`);
		}
	}
	console.log(`${cases.length - failed} passed, ${failed} failed`);
	if (failed) {
		throw new Error(`${failed} VS Code test(s) failed`);
	}
}
