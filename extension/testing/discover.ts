// Discovery for our own test tree (used when the official Go extension's tree is absent):
// package directories holding _test.go files, and their top-level test functions.
// Files are parsed when the tree is first expanded and when a test file changes; there is no
// workspace scan per keystroke.

import * as path from 'path';
import * as vscode from 'vscode';
import { findTestFuncs } from './events';
import { encodeId, testKind } from './ids';

export const excludeGlob = '**/{vendor,node_modules,testdata,.git}/**';

export class Discovery {
	constructor(private readonly ctrl: vscode.TestController) {}

	/** The package item for a directory, created under the root when missing. */
	packageItem(dir: string): vscode.TestItem {
		const id = encodeId({ kind: 'package', path: dir });
		let item = this.ctrl.items.get(id);
		if (!item) {
			const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(dir));
			const rel = folder ? path.relative(folder.uri.fsPath, dir) : dir;
			item = this.ctrl.createTestItem(id, rel === '' ? (folder?.name ?? dir) : rel.split(path.sep).join('/'), vscode.Uri.file(dir));
			this.ctrl.items.add(item);
		}
		return item;
	}

	/** The item for a top-level test function (or a subtest under it), created when missing. */
	testItem(file: string, name: string, range?: vscode.Range): vscode.TestItem {
		const [top, ...subs] = name.split('/');
		const pkg = this.packageItem(path.dirname(file));
		const kind = testKind(top) ?? 'test';
		const topId = encodeId({ kind, path: file, name: top });
		let item = pkg.children.get(topId);
		if (!item) {
			item = this.ctrl.createTestItem(topId, top, vscode.Uri.file(file));
			pkg.children.add(item);
		}
		if (range) {
			item.range = range;
		}
		let parent = item;
		for (let i = 0; i < subs.length; i++) {
			const subName = [top, ...subs.slice(0, i + 1)].join('/');
			const id = encodeId({ kind, path: file, name: subName });
			let child = parent.children.get(id);
			if (!child) {
				child = this.ctrl.createTestItem(id, subs[i], vscode.Uri.file(file));
				parent.children.add(child);
			}
			parent = child;
		}
		return parent;
	}

	/** Re-reads one test file's top-level functions. */
	updateFile(file: string, text: string): void {
		const funcs = findTestFuncs(text);
		const pkg = this.packageItem(path.dirname(file));
		const keep = new Set<string>();
		for (const f of funcs) {
			const item = this.testItem(file, f.name, new vscode.Range(f.line, f.character, f.line, f.character + f.name.length));
			keep.add(item.id);
		}
		pkg.children.forEach((child) => {
			if (child.uri?.fsPath === file && !keep.has(child.id)) {
				pkg.children.delete(child.id);
			}
		});
		if (pkg.children.size === 0) {
			this.ctrl.items.delete(pkg.id);
		}
	}

	removeFile(file: string): void {
		this.updateFile(file, '');
	}

	/** Finds every test file in the workspace (once, on the first expansion). */
	async discoverAll(token?: vscode.CancellationToken): Promise<void> {
		const files = await vscode.workspace.findFiles('**/*_test.go', excludeGlob, undefined, token);
		for (const uri of files) {
			if (token?.isCancellationRequested) {
				return;
			}
			const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
			const text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
			this.updateFile(uri.fsPath, text);
		}
	}
}
