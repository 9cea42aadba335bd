// CodeLenses above test functions and the package clause of _test.go files, offered when the
// official Go extension owns the test tree.

import * as vscode from 'vscode';
import { commands } from '../../contracts/names';
import { findTestFuncs } from './events';

export class TestCodeLenses implements vscode.CodeLensProvider {
	provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
		const lenses: vscode.CodeLens[] = [];
		const text = doc.getText();
		const pkg = /^package\s+\w+/m.exec(text);
		if (pkg) {
			const pos = doc.positionAt(pkg.index);
			const range = new vscode.Range(pos, pos);
			lenses.push(
				new vscode.CodeLens(range, { title: 'run package tests with redefinitions', command: commands.runTestWithRedefinitions, arguments: [doc.uri] }),
				new vscode.CodeLens(range, { title: 'debug with redefinitions', command: commands.debugTestWithRedefinitions, arguments: [doc.uri] }),
			);
		}
		for (const f of findTestFuncs(text)) {
			if (f.name.startsWith('Benchmark')) {
				continue;
			}
			const range = new vscode.Range(f.line, 0, f.line, 0);
			lenses.push(
				new vscode.CodeLens(range, { title: 'run with redefinitions', command: commands.runTestWithRedefinitions, arguments: [doc.uri, f.name] }),
				new vscode.CodeLens(range, { title: 'debug with redefinitions', command: commands.debugTestWithRedefinitions, arguments: [doc.uri, f.name] }),
			);
		}
		return lenses;
	}
}
