// The output channel, and how failures reach the person: a short "Failed to …" notification,
// the details in the channel.

import * as vscode from 'vscode';

/** An error whose message is written for the user, with an optional fix to offer. */
export class UserError extends Error {
	constructor(
		message: string,
		readonly fix?: { label: string; run: () => unknown },
		readonly details?: string,
	) {
		super(message);
	}
}

export function reportFailure(output: vscode.LogOutputChannel, what: string, err: unknown): void {
	const e = err instanceof Error ? err : new Error(String(err));
	if (e instanceof vscode.CancellationError || e.name === 'AbortError') {
		output.info(`Cancelled: ${what}`);
		return;
	}
	output.error(`Failed to ${what}: ${e.message}`);
	if (e instanceof UserError && e.details) {
		output.error(e.details);
	} else if (!(e instanceof UserError) && e.stack) {
		output.debug(e.stack);
	}
	const actions = ['Show Output'];
	const fix = e instanceof UserError ? e.fix : undefined;
	if (fix) {
		actions.unshift(fix.label);
	}
	void vscode.window.showErrorMessage(`Failed to ${what}: ${e.message}`, ...actions).then((choice) => {
		if (choice === 'Show Output') {
			output.show(true);
		} else if (fix && choice === fix.label) {
			void fix.run();
		}
	});
}
