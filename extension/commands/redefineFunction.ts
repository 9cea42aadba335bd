// Redefine Function: asks the language server for its "Redefine <target>" code action at the
// cursor, applies it (the server's edit writes the stub file), saves the stub and opens it
// with the cursor in the replacement's body.

import * as vscode from 'vscode';
import { readSettings } from '../config';
import { reportFailure, UserError } from '../output';
import { requireTrust } from '../trust';
import { CommandFactory } from './index';
import { internalCommands } from '../../contracts/names';
import { actionData, chooseActions } from './actionChoice';
import { bodyPositionAfter, stubBodySelection } from './stubCursor';

export const redefineFunction: CommandFactory = (_ctx, state) => async () => {
	const editor = vscode.window.activeTextEditor;
	if (!editor || editor.document.languageId !== 'go') {
		void vscode.window.showInformationMessage('Redefine Function works in a Go file: put the cursor on a function name (its declaration or a call) and run it again.');
		return;
	}
	if (!requireTrust()) {
		return;
	}
	try {
		const actions = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: 'Go Redefine: finding the function…' },
			() => state.client.redefineActions(editor.document, editor.selection),
		);
		const offered = chooseActions(actions.map(actionData), readSettings().stubLocation).map((i) => actions[i]);
		if (offered.length === 0) {
			// The server's reason, with its next step ("(io.Writer).Write is an interface method:
			// redefine the method of a concrete type"), or the general one.
			const refused = actions.find((a) => a.disabled);
			throw new UserError(
				refused?.disabled?.reason ??
					'there is no function to redefine at the cursor. Put it on a function or method name (a declaration, a call, or a reference like time.Now).',
			);
		}
		let action = offered[0];
		if (offered.length > 1) {
			const picked = await vscode.window.showQuickPick(
				offered.map((a) => ({ label: a.title, action: a })),
				{ placeHolder: 'Which function?' },
			);
			if (!picked) {
				return;
			}
			action = picked.action;
		}
		await applyRedefineAction(action);
	} catch (err) {
		reportFailure(state.output, 'redefine the function', err);
	}
};

/**
 * Applies the action, saves what it created, and puts the cursor in the new body. For a
 * target redefined already, offers its replacement instead: a second one would be refused.
 */
export async function applyRedefineAction(action: vscode.CodeAction): Promise<void> {
	const existing = actionData(action)?.existing;
	if (existing) {
		await offerExisting(actionData(action)!.target, vscode.Uri.parse(existing.uri), existing.range.start.line);
		return;
	}
	const touched = action.edit ? action.edit.entries().map(([uri]) => uri) : [];
	if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) {
		throw new UserError('VS Code refused the edit that writes the stub (is the file read-only?).');
	}
	// Our client's middleware attaches revealStubCommand to each action (for the lightbulb);
	// other commands are the server's.
	if (action.command) {
		await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
		return;
	}
	if (touched.length === 0) {
		throw new UserError(`the server offered "${action.title}" without an edit.`);
	}
	await revealStub(touched, actionData(action)?.target);
}

export const revealStubCommand = internalCommands.revealStub;

/**
 * After a "Redefine …" edit: saves the stub (the touched file that now holds the directive
 * for the target) and opens it with the cursor in the replacement's body.
 */
export async function revealStub(touched: readonly vscode.Uri[], target: string | undefined): Promise<void> {
	for (const uri of touched) {
		const doc = await vscode.workspace.openTextDocument(uri);
		const sel = stubBodySelection(doc.getText(), target);
		if (!sel) {
			continue;
		}
		if (doc.isDirty) {
			await doc.save();
		}
		const shown = await vscode.window.showTextDocument(doc, { preview: false });
		shown.selection = new vscode.Selection(sel.line, sel.start, sel.line, sel.end);
		shown.revealRange(shown.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
		return;
	}
}

/** Says where the target's replacement is, and goes there if the user wants. */
async function offerExisting(target: string, uri: vscode.Uri, line: number): Promise<void> {
	const where = `${vscode.workspace.asRelativePath(uri)}:${line + 1}`;
	const go = 'Go to Replacement';
	const choice = await vscode.window.showInformationMessage(
		`${target} is already redefined (${where}). A target has one replacement in a build: edit that one.`,
		go,
	);
	if (choice !== go) {
		return;
	}
	const doc = await vscode.workspace.openTextDocument(uri);
	const pos = bodyPositionAfter(doc.getText(), line) ?? { line, character: 0 };
	const shown = await vscode.window.showTextDocument(doc, { preview: false });
	shown.selection = new vscode.Selection(pos.line, pos.character, pos.line, pos.character);
	shown.revealRange(shown.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
