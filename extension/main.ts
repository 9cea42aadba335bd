// Activation only wires: each feature gets the extension context and the state bag.

import * as vscode from 'vscode';
import { registerCommands } from './commands/index';
import { registerDebug } from './debug/register';
import { InstancesResult, instancesRequest } from './decorations/instances';
import { activateDecorations, DecorationsView } from './decorations/view';
import { ClientHost } from './language/client';
import { State } from './state';
import { activateTesting } from './testing/controller';
import { Toolchain } from './toolchain/tools';
import { activateTrust } from './trust';

let state: State | undefined;

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
	try {
		const output = vscode.window.createOutputChannel('Go Redefine', { log: true });
		const toolchain = new Toolchain(ctx, output);
		const client = new ClientHost(toolchain, output);
		const decorations = new DecorationsView(ctx, output);
		state = { ctx, output, toolchain, client, decorations };
		ctx.subscriptions.push(output, toolchain, client);

		registerCommands(ctx, state);
		activateDecorations(ctx, decorations, () => client.list(), client.onDidChangeList, (uri) => client.methodOccurrences(uri), (uri) =>
			client.request<InstancesResult>(instancesRequest, { textDocument: { uri } }).then((r) => r?.sites ?? []),
		);
		state.testing = activateTesting(ctx, state);
		registerDebug(ctx, state);
		ctx.subscriptions.push(toolchain.onDidChange(() => vscode.workspace.isTrusted && void client.restart().catch(() => undefined)));

		activateTrust(ctx, output, () => void client.startQuietly());
		if (vscode.workspace.isTrusted) {
			// Not awaited: a first-use build of redefine must not hold up activation.
			void client.startQuietly();
		}
	} catch (err) {
		void vscode.window.showErrorMessage(`Cannot activate Go Redefine: ${(err as Error).message}`);
		throw err;
	}
}

export async function deactivate(): Promise<void> {
	await Promise.all([state?.client.stop()]);
	state = undefined;
}
