import * as vscode from 'vscode';
import { reportFailure, UserError } from '../output';
import { execFile } from '../toolchain/exec';
import { requireTrust } from '../trust';
import { CommandFactory } from './index';

/** Runs `redefine doctor -json` and shows what it found in the output channel. */
export const doctor: CommandFactory = (_ctx, state) => async () => {
	if (!requireTrust()) {
		return;
	}
	try {
		const go = await state.toolchain.findGo();
		const bin = await state.toolchain.redefinePath();
		const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		const res = await execFile(bin, ['doctor', '-json'], { cwd, env: go.env, timeoutMs: 120_000 });
		state.output.info(`redefine doctor -json (exit ${res.code}):`);
		let summary = `exit status ${res.code}`;
		try {
			const report = JSON.parse(res.stdout) as { problems?: unknown[]; goVersion?: string; strategy?: string };
			state.output.info(JSON.stringify(report, null, 2));
			const problems = (report.problems ?? []).map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
			summary =
				problems.length > 0
					? `${problems.length} problem(s): ${problems.join('; ')}`
					: res.code === 0
						? `everything needed is in place (${report.goVersion ?? 'Go'}, ${report.strategy ?? 'unknown'} strategy)`
						: 'some checks failed';
		} catch {
			state.output.info(res.stdout);
		}
		if (res.stderr) {
			state.output.warn(res.stderr);
		}
		if (res.code !== 0 || summary.includes('problem(s)')) {
			throw new UserError(`redefine doctor: ${summary}. See the output for each check.`);
		}
		state.output.show(true);
		void vscode.window.showInformationMessage(`Go Redefine doctor: ${summary} (details in the output).`);
	} catch (err) {
		reportFailure(state.output, 'check the setup', err);
	}
};
