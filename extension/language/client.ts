// The client for `redefine lsp`. Building a client is kept apart from starting it; start,
// stop and restart run one at a time under a mutex, and everything a session registers is
// disposed with it.

import * as vscode from 'vscode';
import {
	CodeAction,
	CodeActionRequest,
	CodeActionParams,
	CodeActionResolveRequest,
	CodeActionTriggerKind,
	CloseAction,
	CloseHandlerResult,
	ErrorAction,
	ErrorHandler,
	ErrorHandlerResult,
	Message,
	Command,
	LanguageClient,
	LanguageClientOptions,
	ServerOptions,
	State as ClientState,
} from 'vscode-languageclient/node';
import { commands } from '../../contracts/names';
import { redefineActionData, redefineActionKind } from '../../contracts/lsp';
import { actionData } from '../commands/actionChoice';
import { revealStubCommand } from '../commands/redefineFunction';
import { readSettings, section } from '../config';
import { reportFailure } from '../output';
import { MethodOccurrence, MethodOccurrencesResult, Redefinition, RedefinitionList, listChangedNotification, listRequest, methodOccurrencesRequest } from '../../contracts/lsp';
import { Toolchain } from '../toolchain/tools';
import { Mutex } from '../util/mutex';

export function buildLanguageClient(
	redefinePath: string,
	env: Record<string, string>,
	output: vscode.LogOutputChannel,
): LanguageClient {
	const settings = readSettings();
	const errorHandler = new QuietErrorHandler(output);
	const serverOptions: ServerOptions = {
		command: redefinePath,
		args: ['lsp'],
		options: { env },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: [{ language: 'go', scheme: 'file' }],
		outputChannel: output,
		initializationOptions: { stubLocation: settings.stubLocation, buildFlags: settings.buildFlags },
		synchronize: {
			configurationSection: section,
			fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.go,go.mod,go.work}'),
		},
		errorHandler,
		middleware: {
			// The lightbulb applies a code action's edit, then runs its command: add one that
			// saves and opens the stub, as Redefine Function does.
			provideCodeActions: async (doc, range, context, token, next) => {
				const actions = await next(doc, range, context, token);
				for (const a of actions ?? []) {
					const data = a instanceof vscode.CodeAction ? actionData(a) : undefined;
					if (data && a instanceof vscode.CodeAction && a.edit && !a.command) {
						a.command = { title: 'Open the stub', command: revealStubCommand, arguments: [a.edit.entries().map(([uri]) => uri), data.target] };
					}
				}
				return actions;
			},
		},
		initializationFailedHandler: (err) => {
			output.error(`redefine lsp failed to initialize: ${err instanceof Error ? err.message : JSON.stringify(err)}`);
			return false;
		},
	};
	const client = new LanguageClient('goRedefine', 'Go Redefine', serverOptions, clientOptions);
	client.onDidChangeState((e) => (errorHandler.initialized = e.newState === ClientState.Running || errorHandler.initialized));
	return client;
}

/**
 * Logs connection errors instead of notifying each one; restarts a crashed server up to
 * three times in three minutes, then says once what happened and how to restart it.
 */
class QuietErrorHandler implements ErrorHandler {
	private readonly crashes: number[] = [];
	/** Set once the server answered initialize: a failure before that is start()'s to report. */
	initialized = false;

	constructor(private readonly output: vscode.LogOutputChannel) {}

	error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
		this.output.warn(`Language server connection error: ${error.message}`);
		return { action: (count ?? 0) < 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
	}

	closed(): CloseHandlerResult {
		if (!this.initialized) {
			return { action: CloseAction.DoNotRestart, handled: true };
		}
		const now = Date.now();
		this.crashes.push(now);
		while (this.crashes.length && now - this.crashes[0] > 3 * 60_000) {
			this.crashes.shift();
		}
		if (this.crashes.length <= 3) {
			this.output.warn('The language server stopped; restarting it.');
			return { action: CloseAction.Restart, handled: true };
		}
		this.output.error('The language server stopped 4 times in 3 minutes; not restarting it.');
		void vscode.window
			.showErrorMessage('Failed to keep the Go Redefine language server running: it stopped 4 times in 3 minutes. Details are in the output.', 'Show Output', 'Restart')
			.then((c) => {
				if (c === 'Show Output') {
					this.output.show(true);
				} else if (c === 'Restart') {
					void vscode.commands.executeCommand(commands.restartLanguageServer);
				}
			});
		return { action: CloseAction.DoNotRestart, handled: true };
	}
}

export class ClientHost implements vscode.Disposable {
	private client?: LanguageClient;
	/** Disposed when the current client stops (rust-analyzer's per-session cleanup list). */
	private session: vscode.Disposable[] = [];
	private readonly mutex = new Mutex();
	/** Carries the new list when the notification includes it (redefine lsp sends it). */
	private readonly listChanged = new vscode.EventEmitter<Redefinition[] | undefined>();
	private readonly started = new vscode.EventEmitter<void>();
	/** The server's redefinition list changed (or a new server started). */
	readonly onDidChangeList = this.listChanged.event;
	readonly onDidStart = this.started.event;

	constructor(
		private readonly toolchain: Toolchain,
		private readonly output: vscode.LogOutputChannel,
	) {}

	get running(): boolean {
		return this.client?.state === ClientState.Running;
	}

	/** Starts the server if it is not running. Fails with a user-facing error. */
	start(): Promise<LanguageClient> {
		return this.mutex.run(() => this.startLocked());
	}

	/** Starts the server, reporting a failure to the user instead of throwing. */
	async startQuietly(): Promise<void> {
		try {
			await this.start();
		} catch (err) {
			reportFailure(this.output, 'start the Go Redefine language server', err);
		}
	}

	stop(): Promise<void> {
		return this.mutex.run(() => this.stopLocked());
	}

	restart(): Promise<LanguageClient> {
		return this.mutex.run(async () => {
			await this.stopLocked();
			return this.startLocked();
		});
	}

	private async startLocked(): Promise<LanguageClient> {
		if (this.client && this.client.state !== ClientState.Stopped) {
			return this.client;
		}
		if (this.client) {
			await this.stopLocked(); // a server that stopped for good: drop its session first
		}
		if (!vscode.workspace.isTrusted) {
			throw new vscode.CancellationError();
		}
		const redefinePath = await this.toolchain.redefinePath();
		const go = await this.toolchain.findGo();
		const client = buildLanguageClient(redefinePath, go.env, this.output);
		this.client = client;
		this.session.push(
			client.onNotification(listChangedNotification, (params?: Partial<RedefinitionList>) =>
				this.listChanged.fire(Array.isArray(params?.redefinitions) ? params.redefinitions : undefined),
			),
			client.onDidChangeState((e) => {
				if (e.newState === ClientState.Stopped) {
					this.listChanged.fire([]);
				}
			}),
		);
		this.output.info(`Starting ${redefinePath} lsp`);
		try {
			await withTimeout(client.start(), startTimeoutMs, `${redefinePath} lsp did not answer initialize within ${startTimeoutMs / 1000}s`);
		} catch (err) {
			await this.stopLocked();
			throw err;
		}
		this.started.fire();
		this.listChanged.fire(undefined);
		return client;
	}

	private async stopLocked(): Promise<void> {
		const client = this.client;
		this.client = undefined;
		for (const d of this.session.splice(0)) {
			d.dispose();
		}
		if (client) {
			try {
				if (client.needsStop()) {
					await client.stop(2000);
				}
			} catch (err) {
				this.output.warn(`Stopping the language server: ${(err as Error).message}`);
			}
			await client.dispose().catch(() => undefined);
		}
	}

	/** The server's valid and invalid redefinitions; empty when no server runs. */
	async list(): Promise<Redefinition[]> {
		const client = this.client;
		if (!client || client.state !== ClientState.Running) {
			return [];
		}
		try {
			const res = await client.sendRequest<RedefinitionList>(listRequest, {});
			return res?.redefinitions ?? [];
		} catch (err) {
			this.output.warn(`${listRequest} failed: ${(err as Error).message}`);
			return [];
		}
	}

	/** Where a document uses redefined methods on values; empty when no server runs. */
	async methodOccurrences(uri: vscode.Uri): Promise<MethodOccurrence[]> {
		const client = this.client;
		if (!client || client.state !== ClientState.Running) {
			return [];
		}
		try {
			const res = await client.sendRequest<MethodOccurrencesResult>(methodOccurrencesRequest, { textDocument: { uri: uri.toString() } });
			return res?.occurrences ?? [];
		} catch (err) {
			this.output.warn(`${methodOccurrencesRequest} failed: ${(err as Error).message}`);
			return [];
		}
	}

	/**
	 * The server's "Redefine <target>" code actions at a position, resolved and converted,
	 * asked of our server only (not every provider, as executeCodeActionProvider would).
	 * Disabled ones (the server's reasons for offering none) are included.
	 */
	/** Sends a custom request to the running server: undefined when none runs or it fails. */
	async request<R>(method: string, params: unknown): Promise<R | undefined> {
		const client = this.client;
		if (!client || client.state !== ClientState.Running) {
			return undefined;
		}
		try {
			return await client.sendRequest<R>(method, params);
		} catch (err) {
			this.output.warn(`${method} failed: ${(err as Error).message}`);
			return undefined;
		}
	}

	async redefineActions(doc: vscode.TextDocument, range: vscode.Range, token?: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
		const client = await this.start();
		const params: CodeActionParams = {
			textDocument: client.code2ProtocolConverter.asTextDocumentIdentifier(doc),
			range: client.code2ProtocolConverter.asRange(range),
			context: { diagnostics: [], only: [redefineActionKind], triggerKind: CodeActionTriggerKind.Invoked },
		};
		const result = (await client.sendRequest(CodeActionRequest.type, params, token)) ?? [];
		const actions: vscode.CodeAction[] = [];
		for (const item of result) {
			if (Command.is(item) || !isRedefineAction(item)) {
				continue;
			}
			let action: CodeAction = item;
			if (!action.edit && !action.command && !action.disabled && action.data !== undefined) {
				action = await client.sendRequest(CodeActionResolveRequest.type, action, token);
			}
			actions.push(await client.protocol2CodeConverter.asCodeAction(action, token));
		}
		return actions;
	}

	dispose(): void {
		void this.stop();
		this.listChanged.dispose();
		this.started.dispose();
	}
}

const startTimeoutMs = 30_000;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms);
	});
	return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Our server's "Redefine …" actions carry their target in `data` (contracts/lsp.ts); where it
 * cannot offer one, it sends a disabled action of the same kind that says why.
 */
function isRedefineAction(a: CodeAction): boolean {
	return (redefineActionData(a.data) !== undefined || a.disabled !== undefined) && (a.kind === undefined || a.kind.startsWith(redefineActionKind));
}
