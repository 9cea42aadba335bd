// Everything the features share, in one typed bag passed to each feature's activate() and
// each command factory. No module-level globals elsewhere.

import * as vscode from 'vscode';
import type { DecorationsView } from './decorations/view';
import type { ClientHost } from './language/client';
import type { Testing } from './testing/controller';
import type { Toolchain } from './toolchain/tools';

export interface State {
	readonly ctx: vscode.ExtensionContext;
	readonly output: vscode.LogOutputChannel;
	readonly toolchain: Toolchain;
	readonly client: ClientHost;
	readonly decorations: DecorationsView;
	/** Set once the test integration is wired (after the commands are registered). */
	testing?: Testing;
}
