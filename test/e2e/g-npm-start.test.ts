// `npm start` as a person runs it: scripts/start.sh serves the example in code-server and prints
// a URL and what to try. The example is ours, so it opens trusted (no Restricted Mode, Go
// Redefine on), with the secondary side bar closed; Ctrl+C stops everything and removes the copy.
// (Restricted Mode itself is flow d.)

import * as assert from 'assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { Browser } from 'playwright-core';
import { freePort, sleep } from './harness/codeServer';
import { e2eEnv } from './harness/env';
import { launchChromium, newPage } from './harness/session';
import { Workbench } from './harness/workbench';

describe('g. npm start', () => {
	const env = e2eEnv();
	let start: ChildProcess | undefined;
	let printed = '';
	let browser: Browser | undefined;
	let wb: Workbench;
	let url = '';
	let workspace = '';
	let port = 0;

	before(async () => {
		port = await freePort();
		// The VSIX under test, so the script does not package another; everything else is the script's own doing.
		start = spawn('bash', [path.join(env.root, 'scripts/start.sh'), '--port', String(port), '--vsix', env.vsix], {
			cwd: env.root,
			env: { ...process.env, PATH: [...env.extraPath, process.env.PATH].join(path.delimiter) },
			detached: true, // its own process group: after() can end it whatever happens
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log = fs.createWriteStream(path.join(env.artifacts, 'g-npm-start.log'));
		for (const s of [start.stdout!, start.stderr!]) {
			s.on('data', (d: Buffer) => {
				printed += d.toString();
				log.write(d);
			});
		}
		const deadline = Date.now() + 240_000;
		while (!/Ctrl\+C stops everything/.test(printed)) {
			if (start.exitCode !== null || Date.now() > deadline) {
				throw new Error(`npm start did not print its URL (exit ${start.exitCode}):\n${printed}`);
			}
			await sleep(250);
		}
		url = /(http:\/\/\S+\?folder=\S+)/.exec(printed)![1];
		workspace = /so Go Redefine builds and runs: (\S+)/.exec(printed)![1];
		browser = await launchChromium(env);
		const page = await newPage(browser);
		wb = new Workbench(page, path.join(env.artifacts, 'g-npm-start'));
		await page.goto(url);
		await wb.step('workbench-loaded', () => wb.waitReady());
	});

	after(async () => {
		await browser?.close().catch(() => undefined);
		if (start?.pid && start.exitCode === null) {
			try {
				process.kill(-start.pid, 'SIGKILL');
			} catch {
				// gone
			}
		}
	});

	it('prints the URL and steps that work as written', () => {
		assert.match(printed, /Go Redefine is running in VS Code/);
		assert.match(printed, /opened trusted/);
		assert.match(printed, /right-click TestKitchenAtFivePM -> Run with Redefinitions/);
	});

	it('opens the example trusted, with the secondary side bar closed', async () => {
		const page = wb.page;
		await wb.step('main.go', () => wb.openFile('main.go'));
		await wb.step('trusted-and-roomy', async () => {
			// Go Redefine says "Go Redefine: off" in the status bar in Restricted Mode; VS Code
			// shows a "Restricted Mode" item and banner.
			await page.waitForTimeout(3000);
			const status = await wb.statusBarTexts();
			assert.ok(!status.some((t) => /Restricted Mode|Go Redefine: off/.test(t)), `status bar: ${status.join(' | ')}`);
			assert.equal(await page.locator('.monaco-workbench .banner', { hasText: /Restricted Mode/ }).count(), 0, 'no Restricted Mode banner');
			assert.equal(await page.locator('.part.auxiliarybar').isVisible().catch(() => false), false, 'the secondary side bar is closed');
		});
		await wb.step('go-redefine-on', async () => {
			// Trusted, the extension starts its language server at once.
			await wb.command('Go Redefine: Show Output');
			// (The panel wraps long lines.)
			await wb.waitFor('Go Redefine to start its language server', 60_000, async () =>
				/Starting \S+\s*lsp/.test((await wb.text(page.locator('.part.panel'))).replace(/\n/g, '')),
			);
		});
	});

	it('stops everything on Ctrl+C and removes its copy of the example', async () => {
		assert.ok(fs.existsSync(workspace), `${workspace} exists while it runs`);
		process.kill(start!.pid!, 'SIGINT');
		const code = await new Promise<number | null>((resolve) => {
			if (start!.exitCode !== null) resolve(start!.exitCode);
			start!.once('exit', (c) => resolve(c));
		});
		assert.equal(code, 130, 'exit status 130 after Ctrl+C');
		assert.ok(!fs.existsSync(workspace), `${workspace} was removed`);
		// code-server (in a process group of its own, with all it started) ended with it.
		const answers = await new Promise<boolean>((resolve) => {
			http.get(`http://127.0.0.1:${port}/healthz`, (r) => {
				r.resume();
				resolve(true);
			}).on('error', () => resolve(false));
		});
		assert.equal(answers, false, `nothing answers on port ${port} any more`);
	});
});
