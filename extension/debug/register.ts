// The seam between the extension and the debug adapter (debug-adapter/, another room).
//
// - Fills `redefinePath` (the binary this extension built) and `dlvPath` (from
//   go.alternateTools) into `go-redefine` configurations, and refuses to launch in Restricted
//   Mode, so the in-process adapter never builds tools itself (ARCHITECTURE.md).
// - Turns the adapter's `redefineReport` events into decorations for the session's life.
// - Registers the adapter in-process (debug-adapter/inline.ts).

import * as os from 'os';
import * as vscode from 'vscode';
import { readGoExtensionSettings, readSettings } from '../config';
import { reportFailure } from '../output';
import { debugType, reportEvent } from '../../contracts/names';
import { Report } from '../../contracts/report';
import { registerDebugAdapter } from '../../debug-adapter/inline';
import { State } from '../state';
import { expandSetting } from '../toolchain/locate';
import { restrictedReason } from '../trust';

export function registerDebug(ctx: vscode.ExtensionContext, state: State): void {
	ctx.subscriptions.push(
		vscode.debug.registerDebugConfigurationProvider(debugType, new ToolPathsProvider(state)),
		vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
			if (e.session.type === debugType && e.event === reportEvent && e.body) {
				state.decorations.addReport(`debug:${e.session.id}`, e.body as Report);
			}
		}),
		// A finished session's statuses stay until the next go-redefine session starts, so a
		// short program's outcome can still be seen (and hovered) after it exits.
		vscode.debug.onDidStartDebugSession((s) => {
			if (s.type === debugType) {
				state.decorations.clearReportsWhere((source) => source.startsWith('debug:') && source !== `debug:${s.id}`);
			}
		}),
	);
	// Never builds in Restricted Mode: the launch is refused below, with the reason.
	// A failure here is reported once, by ToolPathsProvider, which asks again.
	const redefinePath = async () => (vscode.workspace.isTrusted ? state.toolchain.redefinePath().catch(() => undefined) : undefined);
	registerInlineAdapter(ctx, state.output, redefinePath);
}

class ToolPathsProvider implements vscode.DebugConfigurationProvider {
	constructor(private readonly state: State) {}

	async resolveDebugConfigurationWithSubstitutedVariables(
		folder: vscode.WorkspaceFolder | undefined,
		config: vscode.DebugConfiguration,
	): Promise<vscode.DebugConfiguration | undefined | null> {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage(restrictedReason);
			return undefined; // abort the launch
		}
		try {
			if (!config.redefinePath) {
				config.redefinePath = await this.state.toolchain.redefinePath();
			}
			const go = await this.state.toolchain.findGo();
			const dlv = readGoExtensionSettings(folder).alternateTools['dlv'];
			if (!config.dlvPath && dlv) {
				config.dlvPath = expandSetting(dlv, { env: process.env, home: os.homedir(), workspaceFolder: folder?.uri.fsPath });
			}
			const flags = readSettings(folder).buildFlags;
			if (flags.length && config.buildFlags === undefined) {
				config.buildFlags = flags;
			}
			// The adapter runs go and redefine with this PATH, so it finds the same go we did.
			config.env = { PATH: go.env.PATH ?? go.env.Path ?? process.env.PATH, ...(config.env ?? {}) };
			return config;
		} catch (err) {
			reportFailure(this.state.output, 'prepare the go-redefine launch', err);
			return undefined;
		}
	}
}

/**
 * Registers the in-process adapter (debug-adapter/inline.ts: its factory and configuration
 * providers). A failure here leaves F5 without a debugger: say so, loudly.
 */
function registerInlineAdapter(ctx: vscode.ExtensionContext, output: vscode.LogOutputChannel, redefinePath: () => Promise<string | undefined>): void {
	try {
		registerDebugAdapter(ctx, { redefinePath });
	} catch (err) {
		reportFailure(output, 'register the go-redefine debugger (launch configurations of type "go-redefine" will not start)', err);
	}
}

/**
 * Starts a debug session and resolves when it ends (or at once if it did not start).
 * `tracker` sees every message between VS Code and the adapter of that session.
 */
export async function debugAndWait(
	folder: vscode.WorkspaceFolder | undefined,
	config: vscode.DebugConfiguration,
	token: vscode.CancellationToken,
	tracker?: vscode.DebugAdapterTracker,
): Promise<boolean> {
	// A unique mark to know our session among others (configuration providers may rename it).
	const mark = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
	config = { ...config, __goRedefineRun: mark };
	let session: vscode.DebugSession | undefined;
	let subs: vscode.Disposable[] = [];
	// Registered before the session starts, so the tracker sees its first message.
	const trackers = tracker
		? vscode.debug.registerDebugAdapterTrackerFactory(config.type, {
				createDebugAdapterTracker: (s) => (s.configuration.__goRedefineRun === mark ? tracker : undefined),
			})
		: undefined;
	const dispose = () => subs.forEach((d) => d.dispose());
	const ended = new Promise<void>((resolve) => {
		subs = [
			vscode.debug.onDidStartDebugSession((s) => {
				if (!session && s.configuration.__goRedefineRun === mark) {
					session = s;
				}
			}),
			vscode.debug.onDidTerminateDebugSession((s) => {
				if (s === session) {
					dispose();
					resolve();
				}
			}),
			token.onCancellationRequested(() => {
				if (session) {
					void vscode.debug.stopDebugging(session);
				}
			}),
		];
	});
	let started = false;
	try {
		started = await vscode.debug.startDebugging(folder, config);
		if (started) {
			await ended;
		}
	} finally {
		if (!started) {
			dispose();
		}
		trackers?.dispose();
	}
	return started;
}
