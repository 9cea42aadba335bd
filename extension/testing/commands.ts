// The CodeLens commands: run or debug one test (or a file's package) with redefinitions,
// through the same runner as the Test Explorer profiles.

import * as path from 'path';
import * as vscode from 'vscode';
import { CommandFactory } from '../commands/index';
import { findTestFuncs } from './events';

function request(uri: vscode.Uri | undefined, name: string | undefined, state: Parameters<CommandFactory>[1]): vscode.TestRunRequest | undefined {
	const testing = state.testing;
	const doc = uri ?? vscode.window.activeTextEditor?.document.uri;
	if (!testing || !doc || !doc.fsPath.endsWith('_test.go')) {
		void vscode.window.showInformationMessage('Open a Go test file (…_test.go) to run its tests with redefinitions.');
		return undefined;
	}
	let item: vscode.TestItem;
	if (name) {
		const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.toString());
		const f = open ? findTestFuncs(open.getText()).find((x) => x.name === name) : undefined;
		item = testing.discovery.testItem(doc.fsPath, name, f ? new vscode.Range(f.line, f.character, f.line, f.character + name.length) : undefined);
	} else {
		item = testing.discovery.packageItem(path.dirname(doc.fsPath));
		const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.toString());
		for (const f of open ? findTestFuncs(open.getText()) : []) {
			testing.discovery.testItem(doc.fsPath, f.name, new vscode.Range(f.line, f.character, f.line, f.character + f.name.length));
		}
	}
	return new vscode.TestRunRequest([item]);
}

export const runTestWithRedefinitions: CommandFactory = (_ctx, state) => async (uri?: vscode.Uri, name?: string) => {
	const req = request(uri, name, state);
	if (req) {
		const cts = new vscode.CancellationTokenSource();
		await state.testing!.runner.run(req, cts.token);
	}
};

export const debugTestWithRedefinitions: CommandFactory = (_ctx, state) => async (uri?: vscode.Uri, name?: string) => {
	const req = request(uri, name, state);
	if (req) {
		const cts = new vscode.CancellationTokenSource();
		await state.testing!.runner.debug(req, cts.token);
	}
};
