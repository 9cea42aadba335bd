// Run with Redefinitions / Debug with Redefinitions as commands: from the CodeLenses (a file
// and a test name), and from the Test Explorer's item and gutter menus (the test items), where
// VS Code labels a controller's only Run profile "Run Test" and would never show ours. The
// same runner as the Test Explorer profiles does the work.

import * as path from 'path';
import * as vscode from 'vscode';
import { CommandFactory } from '../commands/index';
import { findTestFuncs } from './events';

/** The test items VS Code hands a `testing/item/*` menu command (one, or several for a gutter). */
function testItems(args: unknown[]): vscode.TestItem[] {
	const isItem = (a: unknown): a is vscode.TestItem =>
		typeof a === 'object' && a !== null && typeof (a as vscode.TestItem).id === 'string' && typeof (a as vscode.TestItem).children === 'object';
	return args.flatMap((a) => (Array.isArray(a) ? a : [a])).filter(isItem);
}

function request(args: unknown[], state: Parameters<CommandFactory>[1]): vscode.TestRunRequest | undefined {
	const items = testItems(args);
	if (items.length) {
		return new vscode.TestRunRequest(items);
	}
	const uri = args[0] instanceof vscode.Uri ? args[0] : undefined;
	const name = typeof args[1] === 'string' ? args[1] : undefined;
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

export const runTestWithRedefinitions: CommandFactory = (_ctx, state) => async (...args: unknown[]) => {
	const req = request(args, state);
	if (req) {
		const cts = new vscode.CancellationTokenSource();
		await state.testing!.runner.run(req, cts.token);
	}
};

export const debugTestWithRedefinitions: CommandFactory = (_ctx, state) => async (...args: unknown[]) => {
	const req = request(args, state);
	if (req) {
		const cts = new vscode.CancellationTokenSource();
		await state.testing!.runner.debug(req, cts.token);
	}
};
