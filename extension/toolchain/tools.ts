// Finding the user's Go and providing the `redefine` binary: the one the user configured, the
// one a platform VSIX carries when it fits the user's Go (bundled.ts), or one built from the
// sources bundled in the extension (native/) with the user's Go, once per Go version, cached
// in the extension's global storage.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { readGoExtensionSettings, readSettings } from '../config';
import { UserError } from '../output';
import { execFile } from './exec';
import { chooseBundled } from './bundled';
import { expandSetting, locateGo, toolsEnv } from './locate';
import { koffiProbe, platformAdvice } from './platform';
import { GoVersion, cacheKey, compareGoVersions, parseGoDirective, parseGoVersionOutput } from './version';

export interface GoInfo {
	path: string;
	source: string;
	version: GoVersion;
	env: Record<string, string>;
}

const installGo = { label: 'Install Go', run: () => vscode.env.openExternal(vscode.Uri.parse('https://go.dev/dl/')) };

async function exists(p: string): Promise<boolean> {
	try {
		const st = await fs.promises.stat(p);
		return st.isFile();
	} catch {
		return false;
	}
}

export class Toolchain implements vscode.Disposable {
	private go?: Promise<GoInfo>;
	private redefine?: Promise<string>;
	private warnedPlatform = false;
	private lastSnapshot = this.snapshot();
	private readonly subscriptions: vscode.Disposable[] = [];
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires when settings that choose go or redefine change. */
	readonly onDidChange = this.changed.event;

	constructor(
		private readonly ctx: vscode.ExtensionContext,
		private readonly output: vscode.LogOutputChannel,
	) {
		this.subscriptions.push(
			this.changed,
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (
					!e.affectsConfiguration('goRedefine.goExecutablePath') &&
					!e.affectsConfiguration('goRedefine.redefinePath') &&
					!e.affectsConfiguration('go.goroot') &&
					!e.affectsConfiguration('go.alternateTools') &&
					!e.affectsConfiguration('go.toolsEnvVars')
				) {
					return;
				}
				// Events also come when settings are reloaded with the same values: only a real
				// change restarts anything.
				const now = this.snapshot();
				if (now === this.lastSnapshot) {
					return;
				}
				this.output.info(`Settings that choose go and redefine changed (${now}): finding them again.`);
				this.lastSnapshot = now;
				this.go = undefined;
				this.redefine = undefined;
				this.changed.fire();
			}),
		);
	}

	/** The settings that choose go and redefine, as one comparable string. */
	private snapshot(): string {
		const own = readSettings();
		const go = readGoExtensionSettings();
		return JSON.stringify([own.goExecutablePath, own.redefinePath, go.goroot, go.alternateTools, go.toolsEnvVars]);
	}

	dispose(): void {
		for (const d of this.subscriptions) {
			d.dispose();
		}
	}

	private workspaceFolder(): string | undefined {
		return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	}

	/** The user's Go: where it is, its version, and the environment to run tools in. */
	findGo(): Promise<GoInfo> {
		if (!this.go) {
			this.go = this.doFindGo();
			this.go.catch(() => (this.go = undefined));
		}
		return this.go;
	}

	private async doFindGo(): Promise<GoInfo> {
		const own = readSettings();
		const goSettings = readGoExtensionSettings();
		const input = {
			ownSetting: own.goExecutablePath || undefined,
			alternateTool: goSettings.alternateTools['go'],
			goroot: goSettings.goroot,
			env: process.env,
			platform: process.platform,
			home: os.homedir(),
			workspaceFolder: this.workspaceFolder(),
		};
		if (input.ownSetting) {
			// An explicit setting that points nowhere is a mistake to report, not to paper over.
			const own = expandSetting(input.ownSetting, input);
			if ((own.includes('/') || own.includes('\\')) && !(await exists(own))) {
				throw new UserError(`goRedefine.goExecutablePath is set to ${own}, which does not exist. Fix the setting, or clear it to find Go on PATH.`);
			}
		}
		const found = await locateGo(input, exists);
		if (!found) {
			throw new UserError(
				'Go was not found. Install Go (go.dev/dl), or set goRedefine.goExecutablePath (or go.goroot / go.alternateTools) to it.',
				installGo,
				`Looked in goRedefine.goExecutablePath, go.alternateTools, go.goroot, GOROOT, PATH (${process.env.PATH ?? ''}) and the usual install places.`,
			);
		}
		const env = toolsEnv(process.env, goSettings.toolsEnvVars, input);
		// Put the chosen go first on PATH, so that tools it runs (and `redefine`) use the same one.
		const pathKey = process.platform === 'win32' ? 'Path' : 'PATH';
		env[pathKey] = path.dirname(found.path) + path.delimiter + (env[pathKey] ?? env.PATH ?? '');
		const res = await execFile(found.path, ['version'], { env, timeoutMs: 30_000 });
		const version = parseGoVersionOutput(res.stdout);
		if (res.code !== 0 || !version) {
			throw new UserError(
				`${found.path} (from ${found.source}) did not run as a Go toolchain.`,
				installGo,
				`go version exited with ${res.code}: ${res.stdout}${res.stderr}`,
			);
		}
		const min = await this.minimumGo();
		if (min && compareGoVersions(version, min) < 0) {
			throw new UserError(
				`Go ${version.raw} at ${found.path} is too old: Go Redefine needs ${min.raw} or newer. Install a newer Go (go.dev/dl) or point goRedefine.goExecutablePath at one.`,
				installGo,
			);
		}
		this.output.info(`Using ${version.raw} (${version.goos}/${version.goarch}) at ${found.path} (from ${found.source}).`);
		this.advisePlatform(version);
		return { path: found.path, source: found.source, version, env };
	}

	/** The oldest Go the bundled sources build with: the go directive of native/go.mod. */
	private async minimumGo(): Promise<GoVersion | undefined> {
		try {
			return parseGoDirective(await fs.promises.readFile(path.join(this.ctx.extensionPath, 'native', 'go.mod'), 'utf8'));
		} catch {
			return undefined;
		}
	}

	private advisePlatform(v: GoVersion): void {
		const advice = platformAdvice({
			platform: process.platform,
			hostArch: process.arch,
			goArch: v.goarch,
			probe: () => koffiProbe((m) => this.output.warn(m)),
		});
		this.output.info(`Platform: ${advice.summary}.`);
		if (advice.warning && !this.warnedPlatform) {
			this.warnedPlatform = true;
			this.output.warn(advice.warning);
			const key = 'goRedefine.platformWarningDismissed';
			if (!this.ctx.globalState.get<boolean>(key)) {
				void vscode.window.showWarningMessage(advice.warning, "Don't Show Again").then((c) => {
					if (c) {
						void this.ctx.globalState.update(key, true);
					}
				});
			}
		}
	}

	/**
	 * The `redefine` binary: goRedefine.redefinePath when set, otherwise the one built from the
	 * bundled sources for the user's Go version (building it now if needed).
	 */
	redefinePath(): Promise<string> {
		if (!this.redefine) {
			this.redefine = this.doRedefinePath();
			this.redefine.catch(() => (this.redefine = undefined));
		}
		return this.redefine;
	}

	private async doRedefinePath(): Promise<string> {
		const configured = readSettings().redefinePath;
		if (configured) {
			const p = expandSetting(configured, { env: process.env, home: os.homedir(), workspaceFolder: this.workspaceFolder() });
			if (!(await exists(p))) {
				throw new UserError(`goRedefine.redefinePath is set to ${p}, which does not exist. Fix the setting or clear it to build redefine from the bundled sources.`);
			}
			return p;
		}
		const go = await this.findGo();
		const bundled = await chooseBundled(this.ctx.extensionPath, go.version);
		if (bundled.use) {
			this.output.info(`Using the bundled ${bundled.binary} (built with ${bundled.manifest.goVersion} for ${bundled.manifest.goos}/${bundled.manifest.goarch}): no build needed.`);
			return bundled.binary;
		}
		const bin = this.cachedBinary(go);
		if (await exists(bin)) {
			return bin;
		}
		this.output.info(`Building redefine from the bundled sources: ${bundled.why}.`);
		await this.build(go, bin);
		return bin;
	}

	private cachedBinary(go: GoInfo): string {
		const version = (this.ctx.extension.packageJSON as { version: string }).version;
		const dev = this.ctx.extensionMode === vscode.ExtensionMode.Production ? '' : '-dev';
		const exe = process.platform === 'win32' ? 'redefine.exe' : 'redefine';
		return path.join(this.ctx.globalStorageUri.fsPath, 'tools', cacheKey(go.version, version) + dev, exe);
	}

	/** Forgets the cached binary for the current Go, so the next use builds it again. */
	async clearCache(): Promise<void> {
		this.redefine = undefined;
		const go = await this.findGo();
		await fs.promises.rm(path.dirname(this.cachedBinary(go)), { recursive: true, force: true });
	}

	private async build(go: GoInfo, bin: string): Promise<void> {
		const src = path.join(this.ctx.extensionPath, 'native');
		if (!(await exists(path.join(src, 'go.mod')))) {
			throw new UserError(`The redefine sources are missing from the extension (${src}). Reinstall Go Redefine, or set goRedefine.redefinePath.`);
		}
		await fs.promises.mkdir(path.dirname(bin), { recursive: true });
		const tmp = `${bin}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
		// The sources have no requirements: build them as they are, whatever the user's
		// GOFLAGS, go.work or cross-compilation settings say, for this machine.
		const env = { ...go.env, GOWORK: 'off', GOFLAGS: '', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
		delete (env as Record<string, string | undefined>).GOOS;
		delete (env as Record<string, string | undefined>).GOARCH;
		const args = ['build', '-trimpath', '-o', tmp, './cmd/redefine'];
		this.output.info(`Building redefine with ${go.version.raw}: (cd ${src} && ${go.path} ${args.join(' ')})`);
		const started = Date.now();
		await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: `Go Redefine: building the redefine command with ${go.version.raw}…`, cancellable: true },
			async (_progress, token) => {
				const abort = new AbortController();
				const sub = token.onCancellationRequested(() => abort.abort());
				try {
					const res = await execFile(go.path, args, { cwd: src, env, signal: abort.signal });
					if (res.code !== 0) {
						throw new UserError(
							`building redefine with ${go.version.raw} failed (exit ${res.code}). See the output for the compiler's messages.`,
							undefined,
							res.stderr + res.stdout,
						);
					}
					await fs.promises.rename(tmp, bin);
				} catch (err) {
					await fs.promises.rm(tmp, { force: true });
					if ((err as Error).name === 'AbortError') {
						throw new vscode.CancellationError();
					}
					throw err;
				} finally {
					sub.dispose();
				}
			},
		);
		this.output.info(`Built ${bin} in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
	}
}
