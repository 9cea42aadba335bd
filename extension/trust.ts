// Restricted Mode: nothing builds or runs until the workspace is trusted, and the user is
// told why — once on activation, and whenever they ask for something that would run code.

import * as vscode from 'vscode';

export const restrictedReason =
	'Go Redefine is off in Restricted Mode: it would build and run code from this workspace (the Go toolchain, the redefine command, your tests). Trust the workspace to use it.';

const manage = 'Manage Workspace Trust';

/** Whether we may build and run. Tells the user why not when we may not. */
export function requireTrust(): boolean {
	if (vscode.workspace.isTrusted) {
		return true;
	}
	void vscode.window.showWarningMessage(restrictedReason, manage).then((c) => {
		if (c === manage) {
			void vscode.commands.executeCommand('workbench.trust.manage');
		}
	});
	return false;
}

/** A status bar item while restricted; calls onTrusted when the user grants trust. */
export function activateTrust(ctx: vscode.ExtensionContext, output: vscode.LogOutputChannel, onTrusted: () => void): void {
	if (vscode.workspace.isTrusted) {
		return;
	}
	output.info(restrictedReason);
	const item = vscode.window.createStatusBarItem('goRedefine.restricted', vscode.StatusBarAlignment.Left, 0);
	item.name = 'Go Redefine: Restricted Mode';
	item.text = '$(shield) Go Redefine: off';
	item.tooltip = restrictedReason;
	item.command = 'workbench.trust.manage';
	item.show();
	ctx.subscriptions.push(
		item,
		vscode.workspace.onDidGrantWorkspaceTrust(() => {
			item.dispose();
			output.info('Workspace trusted: starting Go Redefine.');
			onTrusted();
		}),
	);
	void vscode.window.showInformationMessage(restrictedReason, manage).then((c) => {
		if (c === manage) {
			void vscode.commands.executeCommand('workbench.trust.manage');
		}
	});
}
