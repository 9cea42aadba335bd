import * as vscode from 'vscode';
import { CommandFactory } from './index';

export const showOutput: CommandFactory = (_ctx, state) => () => state.output.show();

export const toggleDecorations: CommandFactory = () => async () => {
	const c = vscode.workspace.getConfiguration('goRedefine');
	await c.update('decorations.enabled', !c.get<boolean>('decorations.enabled', true), vscode.ConfigurationTarget.Global);
};
