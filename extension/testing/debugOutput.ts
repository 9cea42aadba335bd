// What a Debug with Redefinitions session says about its tests, read from the messages the
// go-redefine debug adapter sends VS Code (a DebugAdapterTracker sees them): the test binary's
// output (Delve forwards it as `stdout`/`stderr` output events), the adapter's own messages
// about the build (`stderr`, `important`), its exit status and its redefinition reports.
// run.ts turns the output into `go test -json` events with `go tool test2json`, as `go test`
// does, and records them as Run with Redefinitions does. Pure (no vscode import).

import { reportEvent } from '../../contracts/names';
import { Report } from '../../contracts/report';

export type DebugOutput =
	/** The test binary's standard output: `-test.v` lines, for test2json. */
	| { kind: 'stdout'; text: string }
	/** Its standard error, and the adapter's build errors and refusals. */
	| { kind: 'stderr'; text: string }
	| { kind: 'exited'; code: number }
	| { kind: 'report'; report: Report };

/** Reads one message the adapter sent; undefined for anything the results do not need. */
export function readDebugMessage(m: unknown): DebugOutput | undefined {
	if (typeof m !== 'object' || m === null || (m as { type?: unknown }).type !== 'event') {
		return undefined;
	}
	const { event, body } = m as { event?: string; body?: Record<string, unknown> };
	if (event === 'output' && typeof body?.output === 'string') {
		switch (body.category) {
			case 'stdout':
				return { kind: 'stdout', text: body.output };
			case 'stderr':
			case 'important':
				return { kind: 'stderr', text: body.output };
		}
		return undefined; // 'console': the adapter's and Delve's own chatter
	}
	if (event === 'exited' && typeof body?.exitCode === 'number') {
		return { kind: 'exited', code: body.exitCode };
	}
	if (event === reportEvent && body && Array.isArray(body.redefinitions)) {
		return { kind: 'report', report: body as unknown as Report };
	}
	return undefined;
}
