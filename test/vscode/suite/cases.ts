// What needs a real VS Code: activation, contributions, and the flows through the real
// `redefine` binary (built from native/ with the Go on PATH on first use).

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { commands } from '../../../contracts/names';

const extId = 'goredefine.go-redefine';
const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v) {
			return v;
		}
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

export const cases: [string, () => Promise<void>][] = [
	[
		'activates on opening a Go file, without golang.go',
		async () => {
			const doc = await vscode.workspace.openTextDocument(path.join(workspace(), 'main.go'));
			await vscode.window.showTextDocument(doc);
			const ext = vscode.extensions.getExtension(extId);
			assert.ok(ext, 'extension is installed');
			await until('activation', () => ext.isActive);
			assert.equal(vscode.extensions.getExtension('golang.go'), undefined);
		},
	],
	[
		'registers its commands',
		async () => {
			const all = await vscode.commands.getCommands(true);
			for (const id of Object.values(commands)) {
				assert.ok(all.includes(id), id);
			}
		},
	],
	[
		'Redefine Function on time.Now writes a stub and puts the cursor in its body',
		async () => {
			const file = path.join(workspace(), 'main.go');
			const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
			const line = editor.document.getText().split('\n').findIndex((l) => l.includes('time.Now()'));
			const col = editor.document.lineAt(line).text.indexOf('Now');
			editor.selection = new vscode.Selection(line, col, line, col);
			await vscode.commands.executeCommand(commands.redefineFunction);
			const stubEditor = await until('the stub editor', () => {
				const e = vscode.window.activeTextEditor;
				return e && e.document.uri.fsPath !== file && e.document.getText().includes('//redefine:func time.Now') ? e : undefined;
			});
			assert.ok(fs.existsSync(stubEditor.document.uri.fsPath), 'the stub is saved');
			const cursorLine = stubEditor.document.lineAt(stubEditor.selection.active.line).text;
			assert.ok(!cursorLine.startsWith('func') && !cursorLine.startsWith('//'), `cursor in the body, on "${cursorLine}"`);
			// The user types the replacement's body over the selected placeholder, and saves.
			assert.ok(await stubEditor.edit((b) => b.replace(stubEditor.selection, 'time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)')));
			assert.ok(await stubEditor.document.save(), 'the stub is saved');
			await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
			stubs.push(stubEditor.document.uri.fsPath);
		},
	],
	[
		'decorations: the hover on the redefined call names the replacement',
		async () => {
			const file = path.join(workspace(), 'main.go');
			const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
			const line = editor.document.getText().split('\n').findIndex((l) => l.includes('time.Now()'));
			const pos = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('Now'));
			const text = await until('our hover', async () => {
				const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos)) ?? [];
				const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
				return all.includes('is redefined by') ? all : undefined;
			});
			assert.match(text, /time\.Now.*is redefined by/);
		},
	],
	[
		'Run with Redefinitions: the engine applies the redefinition with its default strategy',
		async () => {
			const uri = vscode.Uri.file(path.join(workspace(), 'main_test.go'));
			await vscode.commands.executeCommand(commands.runTestWithRedefinitions, uri, 'TestGreetingAtFive');
			// The run's redefinition report (written by the engine in the test binary) reaches
			// the decorations: the hover on the call site says how it went.
			const file = path.join(workspace(), 'main.go');
			const doc = await vscode.workspace.openTextDocument(file);
			const line = doc.getText().split('\n').findIndex((l) => l.includes('time.Now()'));
			const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('Now'));
			const text = await until('the hover to report the run', async () => {
				const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
				const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
				return /in the last run/.test(all) ? all : undefined;
			});
			assert.match(text, /Applied in the last run/);
			// On Apple silicon the default strategy is the relocated copy (README, "How it works").
			const duplicate = /relocated copy/.test(text);
			assert.equal(duplicate, process.platform === 'darwin' && process.arch === 'arm64', `strategy on ${process.platform}/${process.arch}: ${text}`);
		},
	],
	[
		'cleanup',
		async () => {
			stubs.forEach((f) => fs.rmSync(f, { force: true }));
		},
	],
];

const stubs: string[] = [];
