import * as vscode from 'vscode';
import { reportFailure, UserError } from '../output';
import { execFile } from '../toolchain/exec';
import { requireTrust } from '../trust';
import { doctorSummary, parseDoctor, renderDoctor } from './doctorReport';
import { CommandFactory } from './index';

/**
 * Check Setup: runs `redefine doctor -json` and shows its checks, rendered for people
 * (doctorReport.ts), in the output channel, with a one-line verdict as a notification.
 */
export const doctor: CommandFactory = (_ctx, state) => async () => {
	if (!requireTrust()) {
		return;
	}
	try {
		const go = await state.toolchain.findGo();
		const bin = await state.toolchain.redefinePath();
		const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
		const res = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: 'Go Redefine: checking the setup (building and running a small program)…' },
			() => execFile(bin, ['doctor', '-json'], { cwd, env: go.env, timeoutMs: 120_000 }),
		);
		const report = parseDoctor(res.stdout);
		if (!report) {
			throw new UserError(`redefine doctor did not print a report (exit status ${res.code}). See the output.`, undefined, `${res.stdout}\n${res.stderr}`.trim());
		}
		const lines = renderDoctor(report, { go: go.path, redefine: bin, exitCode: res.code });
		state.output.info(['Check Setup (redefine doctor):', ...lines.map((l) => `    ${l}`)].join('\n'));
		if (res.stderr.trim()) {
			state.output.warn(res.stderr.trim());
		}
		state.output.show(true);
		const summary = doctorSummary(report, res.code);
		if (!summary.ok) {
			throw new UserError(`${summary.text}. Each check is in the output.`);
		}
		void vscode.window.showInformationMessage(`Go Redefine: ${summary.text}.`);
	} catch (err) {
		reportFailure(state.output, 'check the setup', err);
	}
};
