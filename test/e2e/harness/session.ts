// One end-to-end session: a copy of the example workspace, a throw-away VS Code profile with
// the packaged extension installed, code-server on a free port, and Chromium showing it.
// close() stops all of it and keeps the logs beside the screenshots.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import { CodeServer, installExtension } from './codeServer';
import { e2eEnv, E2EEnv } from './env';
import { Workbench } from './workbench';

export interface SessionOptions {
	/** Names the artifact folder (.artifacts/e2e/NAME/). */
	name: string;
	/** false: workspace trust is on and the folder is not trusted (Restricted Mode). */
	trusted: boolean;
	/** Changes the workspace copy before VS Code opens it. */
	prepare?: (workspace: string) => void;
	/** More user settings. */
	settings?: Record<string, unknown>;
}

/** The example workspace, as `npm start` opens it. */
export const exampleWorkspace = path.resolve(__dirname, '../../../../test/e2e/workspace');
/** Files the flows add to the example workspace. */
export const fixtures = path.resolve(__dirname, '../../../../test/e2e/fixtures');

/** Debian's Chromium, headless, as every session (and `npm start`'s test) shows VS Code in. */
export function launchChromium(env: E2EEnv): Promise<Browser> {
	return chromium.launch({
		executablePath: env.chromium,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
	});
}

/** A page the size of a laptop screen, patient enough for a cold VS Code. */
export async function newPage(browser: Browser): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(30_000);
	return page;
}

export class Session {
	private closed = false;

	private constructor(
		readonly env: E2EEnv,
		readonly opts: SessionOptions,
		readonly tmp: string,
		readonly workspace: string,
		readonly artifacts: string,
		readonly cs: CodeServer,
		readonly browser: Browser,
		readonly wb: Workbench,
	) {}

	static async open(opts: SessionOptions): Promise<Session> {
		const env = e2eEnv();
		const artifacts = path.join(env.artifacts, opts.name);
		fs.rmSync(artifacts, { recursive: true, force: true });
		fs.mkdirSync(artifacts, { recursive: true });
		// Short, fixed-depth paths: the workspace path shows in screenshots.
		const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `go-redefine-e2e-${opts.name}-`));
		const workspace = path.join(tmp, 'kitchen');
		fs.cpSync(exampleWorkspace, workspace, { recursive: true });
		opts.prepare?.(workspace);

		const userDataDir = path.join(tmp, 'profile');
		const extensionsDir = path.join(tmp, 'extensions');
		const installed = await installExtension(env, extensionsDir, userDataDir);
		fs.writeFileSync(path.join(artifacts, 'install-extension.log'), installed);

		const settings: Record<string, unknown> = {
			'security.workspace.trust.enabled': !opts.trusted,
			'security.workspace.trust.startupPrompt': 'always',
			'workbench.startupEditor': 'none',
			'workbench.tips.enabled': false,
			'workbench.welcomePage.walkthroughs.openOnInstall': false,
			'workbench.secondarySideBar.defaultVisibility': 'hidden',
			'chat.disableAIFeatures': true,
			'telemetry.telemetryLevel': 'off',
			'update.mode': 'none',
			'extensions.autoUpdate': false,
			'extensions.autoCheckUpdates': false,
			'extensions.ignoreRecommendations': true,
			'git.enabled': false,
			'editor.minimap.enabled': false,
			'files.autoSave': 'off',
			'debug.internalConsoleOptions': 'openOnSessionStart',
			'window.commandCenter': false,
			...opts.settings,
		};
		let cs: CodeServer | undefined;
		let browser: Browser | undefined;
		try {
			cs = await CodeServer.start(env, {
				name: opts.name,
				workspace,
				extensionsDir,
				userDataDir,
				settings,
				logFile: path.join(artifacts, 'code-server.log'),
			});
			browser = await launchChromium(env);
			const page = await newPage(browser);
			const server = cs;
			const wb = new Workbench(page, artifacts, () => {
				const log = server.readLog(/Go Redefine\.log$/);
				return log ? `Go Redefine output (last lines):\n${log.trim().split('\n').slice(-25).join('\n')}` : '';
			});
			await page.goto(cs.url);
			const s = new Session(env, opts, tmp, workspace, artifacts, cs, browser, wb);
			await wb.step('workbench-loaded', () => wb.waitReady());
			return s;
		} catch (err) {
			await browser?.close().catch(() => undefined);
			await cs?.stop();
			fs.rmSync(tmp, { recursive: true, force: true });
			throw err;
		}
	}

	/** The "Go Redefine" output channel, as the extension host logged it to disk. */
	goRedefineLog(): string {
		return this.cs.readLog(/Go Redefine\.log$/);
	}

	/** The extension host's own log (activation, errors). */
	extensionHostLog(): string {
		return this.cs.readLog(/exthost\.log$/);
	}

	/** Stops the browser and code-server (and all it started), keeps the logs, removes the rest. */
	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (const [file, text] of [['go-redefine.log', this.goRedefineLog()], ['exthost.log', this.extensionHostLog()]] as const) {
			if (text) {
				fs.writeFileSync(path.join(this.artifacts, file), text);
			}
		}
		await this.browser.close().catch(() => undefined);
		await this.cs.stop();
		if (!process.env.GO_REDEFINE_E2E_KEEP) {
			fs.rmSync(this.tmp, { recursive: true, force: true });
		}
	}
}
