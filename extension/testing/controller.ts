// Tests with redefinitions in the Test Explorer.
//
// One controller, "Go Redefine", always exists so runs have somewhere to report. What it
// shows depends on the official Go extension (golang.go):
// - without it (or with its Test Explorer disabled): we discover tests and show the tree,
//   with "Run with Redefinitions" (default) and "Debug with Redefinitions" profiles;
// - with it: its tree already lists every test, so we do not build a second one. We add
//   CodeLenses ("run with redefinitions | debug with redefinitions") above each test and
//   package clause; a run adds just the tests it ran to our controller, where their results,
//   output and failure locations land (and from where they can be re-run).
// goRedefine.testing.controller overrides the choice. See docs/extension.md.

import * as vscode from 'vscode';
import { readGoExtensionSettings, readSettings } from '../config';
import { State } from '../state';
import { TestCodeLenses } from './codelens';
import { Discovery } from './discover';
import { coverageSupported, Runner } from './run';

export interface Testing {
	ctrl: vscode.TestController;
	runner: Runner;
	discovery: Discovery;
}

/** Whether we build our own tree: no official Go extension test tree to defer to. */
export function ownTree(): boolean {
	const mode = readSettings().testingController;
	if (mode !== 'auto') {
		return mode === 'always';
	}
	const goExt = vscode.extensions.getExtension('golang.go');
	return !goExt || !readGoExtensionSettings().testExplorerEnabled;
}

export function activateTesting(ctx: vscode.ExtensionContext, state: State): Testing {
	const ctrl = vscode.tests.createTestController('goRedefine', 'Go Redefine');
	const discovery = new Discovery(ctrl);
	const runner = new Runner(state, ctrl, discovery);
	ctx.subscriptions.push(ctrl);
	ctrl.createRunProfile('Run with Redefinitions', vscode.TestRunProfileKind.Run, (req, token) => runner.run(req, token), true);
	ctrl.createRunProfile('Debug with Redefinitions', vscode.TestRunProfileKind.Debug, (req, token) => runner.debug(req, token), true);
	if (coverageSupported()) {
		// redefine test -coverprofile: the same blocks go test reports (docs/command.md).
		const cover = ctrl.createRunProfile(
			'Run with Redefinitions and Coverage',
			vscode.TestRunProfileKind.Coverage,
			(req, token) => runner.run(req, token, true),
			true,
		);
		cover.loadDetailedCoverage = async (_run, file) => runner.detailedCoverage(file);
	}

	const tree = ownTree();
	state.output.info(
		tree
			? 'Test Explorer: showing tests with redefinitions profiles (no official Go test tree to defer to).'
			: 'Test Explorer: no tree of our own (the official Go extension lists the tests, or goRedefine.testing.controller is "never"); adding "run/debug with redefinitions" CodeLenses.',
	);
	if (tree) {
		ctrl.resolveHandler = async (item) => {
			if (!item) {
				await discovery.discoverAll();
			}
		};
		ctrl.refreshHandler = async (token) => {
			ctrl.items.replace([]);
			await discovery.discoverAll(token);
		};
		const isTestFile = (uri: vscode.Uri) => uri.scheme === 'file' && uri.fsPath.endsWith('_test.go');
		const watcher = vscode.workspace.createFileSystemWatcher('**/*_test.go');
		const reread = async (uri: vscode.Uri) => {
			if (!isTestFile(uri) || vscode.workspace.asRelativePath(uri).match(/(^|\/)(vendor|testdata|node_modules)\//)) {
				return;
			}
			const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
			discovery.updateFile(uri.fsPath, text);
		};
		ctx.subscriptions.push(
			watcher,
			watcher.onDidCreate(reread),
			watcher.onDidChange(reread),
			watcher.onDidDelete((uri) => discovery.removeFile(uri.fsPath)),
			vscode.workspace.onDidOpenTextDocument((d) => isTestFile(d.uri) && discovery.updateFile(d.uri.fsPath, d.getText())),
			vscode.workspace.onDidSaveTextDocument((d) => isTestFile(d.uri) && discovery.updateFile(d.uri.fsPath, d.getText())),
		);
	} else {
		ctx.subscriptions.push(vscode.languages.registerCodeLensProvider({ language: 'go', scheme: 'file', pattern: '**/*_test.go' }, new TestCodeLenses()));
	}
	return { ctrl, runner, discovery };
}
