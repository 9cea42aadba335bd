import * as vscode from 'vscode';
import { reportFailure } from '../output';
import { requireTrust } from '../trust';
import { CommandFactory } from './index';

/** Forgets the cached redefine binary, builds it again and restarts the server with it. */
export const rebuildTools: CommandFactory = (_ctx, state) => async () => {
	if (!requireTrust()) {
		return;
	}
	try {
		await state.client.stop();
		await state.toolchain.clearCache();
		const bin = await state.toolchain.redefinePath();
		await state.client.start();
		void vscode.window.showInformationMessage(`Go Redefine: using ${bin}`);
	} catch (err) {
		reportFailure(state.output, 'rebuild the redefine command', err);
	}
};
