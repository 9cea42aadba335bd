// Command registration: every command is a small factory (ctx, state) => callback in its
// own file; ids read area.verb.

import * as vscode from 'vscode';
import { commands as ids, internalCommands } from '../../contracts/names';
import { reportFailure } from '../output';
import { State } from '../state';
import { debugTestWithRedefinitions, runTestWithRedefinitions } from '../testing/commands';
import { doctor } from './doctor';
import { rebuildTools } from './rebuildTools';
import { redefineFunction, revealStub } from './redefineFunction';
import { restartLanguageServer } from './restartLanguageServer';
import { showOutput, toggleDecorations } from './small';

export type CommandFactory = (ctx: vscode.ExtensionContext, state: State) => (...args: any[]) => unknown;

const commands: Record<string, CommandFactory> = {
	[ids.redefineFunction]: redefineFunction,
	[ids.restartLanguageServer]: restartLanguageServer,
	[ids.rebuildTools]: rebuildTools,
	[ids.doctor]: doctor,
	[ids.showOutput]: showOutput,
	[ids.toggleDecorations]: toggleDecorations,
	[ids.runTestWithRedefinitions]: runTestWithRedefinitions,
	[ids.debugTestWithRedefinitions]: debugTestWithRedefinitions,
	// Internal: run after a "Redefine …" code action's edit (see language/client.ts).
	[internalCommands.revealStub]: (_ctx, state) => (uris: vscode.Uri[], target?: string) =>
		revealStub(uris, target).catch((err) => reportFailure(state.output, 'open the stub', err)),
};

export function registerCommands(ctx: vscode.ExtensionContext, state: State): void {
	for (const [id, factory] of Object.entries(commands)) {
		ctx.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx, state)));
	}
}
