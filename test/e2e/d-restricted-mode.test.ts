// Flow d: Restricted Mode. The user answers "No, I don't trust the authors" when the folder
// opens. Go Redefine then builds nothing and runs nothing (not its redefine command, not the
// program, not the tests), and says why: on activation, in the status bar, and each time the
// user asks for something that would run code.

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { fixtures, Session } from './harness/session';

const reason = /Go Redefine is off in Restricted Mode/;

describe('d. Restricted Mode', () => {
	let s: Session;
	let filesAtStart: string[] = [];
	before(async () => {
		s = await Session.open({
			name: 'd-restricted-mode',
			trusted: false,
			prepare: (ws) => fs.copyFileSync(path.join(fixtures, 'redefine_now.go'), path.join(ws, 'redefine_now.go')),
		});
		filesAtStart = fs.readdirSync(s.workspace).sort();
	});
	after(async () => s?.close());

	/** Neither the redefine command nor anything else was built or started. */
	function assertNothingBuilt(when: string): void {
		const log = s.goRedefineLog();
		assert.doesNotMatch(log, /Building redefine|Using the bundled|Starting .*redefine lsp|redefine (build|test|run) /, `${when}: the Go Redefine log shows nothing built or started:\n${log}`);
		const tools = path.join(s.cs.opts.userDataDir, 'User', 'globalStorage', 'goredefine.go-redefine', 'tools');
		assert.ok(!fs.existsSync(tools) || fs.readdirSync(tools).length === 0, `${when}: no redefine binary was built into ${tools}`);
		assert.deepEqual(fs.readdirSync(s.workspace).sort(), filesAtStart, `${when}: no file was added to the workspace`);
	}

	/**
	 * Waits for the user to be told why nothing runs: by Go Redefine's warning, or by VS Code's
	 * own trust dialog, which comes first for launches and test runs. The dialog is photographed
	 * and declined ("Cancel"), as a user who keeps the folder restricted would.
	 */
	async function toldWhy(what: string): Promise<string> {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		const dialog = page.locator('.monaco-dialog-box');
		const told = await wb.waitFor(`Go Redefine or VS Code to refuse the ${what}, saying why`, 30_000, async () => {
			if (await dialog.isVisible().catch(() => false)) {
				const text = await wb.text(dialog);
				if (/trust/i.test(text)) {
					return `VS Code: ${text.replace(/\s+/g, ' ').trim()}`;
				}
			}
			return (await wb.notificationTexts()).find((t) => reason.test(t));
		});
		if (told.startsWith('VS Code:')) {
			await wb.shot(`${what}-trust-dialog`);
			await dialog.getByRole('button', { name: 'Cancel' }).click();
			await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
		}
		return told;
	}

	it('opens in Restricted Mode and says Go Redefine is off, and why', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('do-not-trust', async () => {
			const no = page.getByRole('button', { name: /No, I don't trust/ });
			await no.first().waitFor({ timeout: 60_000 }).catch(() => {
				throw new Error('VS Code did not ask whether to trust the folder');
			});
			await wb.shot('asked-to-trust');
			await no.first().click();
			await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20_000 });
		});
		await wb.step('told-why', async () => {
			await wb.openFile('main.go'); // activates the extension (onLanguage:go)
			await wb.waitForNotification(reason, 60_000);
			const status = await wb.waitFor('the "Go Redefine: off" status bar item', 30_000, async () =>
				(await wb.statusBarTexts()).find((t) => /Go Redefine: off/.test(t)),
			);
			assert.ok(status);
			assert.match(s.goRedefineLog(), reason, 'the output channel says why too');
		});
		assertNothingBuilt('after opening main.go');
	});

	it('Redefine Function writes nothing and says why', async () => {
		const { wb } = s;
		await wb.step('redefine-function-refused', async () => {
			await wb.clearNotifications();
			await wb.goto(16, 14);
			await wb.rightClickOn('time.Now()', 'Now');
			await wb.clickMenuItem('Redefine Function');
			await wb.waitForNotification(reason, 20_000);
		});
		assertNothingBuilt('after Redefine Function');
	});

	it('the go-redefine launch configuration runs nothing and says why', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('run-refused', async () => {
			await wb.clearNotifications();
			await wb.command('Debug: Start Without Debugging');
			await toldWhy('run');
			await page.waitForTimeout(3000);
			assert.doesNotMatch(await wb.debugConsoleText(), /5:00PM|Building/, 'the program was not built or run');
			assert.equal(await page.locator('.debug-toolbar').isVisible(), false, 'no debug session is running');
		});
		assertNothingBuilt('after Start Without Debugging');
	});

	it('the Test Explorer runs no test and says why', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('tests-refused', async () => {
			await wb.openFile('main_test.go');
			await wb.clearNotifications();
			await wb.command('Test: Run All Tests');
			await toldWhy('tests');
			await page.waitForTimeout(3000);
			const passed = await page.locator('.test-explorer .codicon-testing-passed-icon, .codicon-testing-passed-icon').count();
			assert.equal(passed, 0, 'no test ran');
		});
		assertNothingBuilt('after Run All Tests');
	});
});
