// Flow c: the Test Explorer. TestKitchenAtFivePM needs a frozen time.Now: it passes when run
// with the "Run with Redefinitions" profile, and fails without redefinitions.
//
// Without the official Go extension (it is not installed here: code-server reaches no
// extension gallery), the Test Explorer's only profiles are ours, so the run without
// redefinitions is the one a user types in the integrated terminal: `go test`.

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { fixtures, Session } from './harness/session';

const testName = 'TestKitchenAtFivePM';

describe('c. Test Explorer', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({
			name: 'c-test-explorer',
			trusted: true,
			prepare: (ws) => fs.copyFileSync(path.join(fixtures, 'redefine_now.go'), path.join(ws, 'redefine_now.go')),
			// The DOM renderer keeps the terminal's text readable (no canvas).
			settings: { 'terminal.integrated.gpuAcceleration': 'off' },
		});
	});
	after(async () => s?.close());

	it(`${testName} passes with the Run with Redefinitions profile`, async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('main_test.go', () => wb.openFile('main_test.go'));
		const item = await wb.step('test-explorer-lists-the-test', async () => {
			await wb.command('Testing: Focus on Test Explorer View');
			const tree = page.locator('.test-explorer');
			await tree.waitFor({ timeout: 15_000 });
			// Expand the tree (module, package, file) until the test shows.
			return wb.waitFor(`the Test Explorer to list ${testName}`, 60_000, async () => {
				const row = tree.locator('.monaco-list-row', { hasText: testName }).first();
				if (await row.isVisible()) {
					return row;
				}
				for (const collapsed of await tree.locator('.monaco-list-row[aria-expanded="false"]').all()) {
					await collapsed.click();
				}
				return undefined;
			});
		});
		await wb.step('run-with-redefinitions', async () => {
			// VS Code labels a controller's only Run profile "Run Test"; the item's menu names
			// ours too, and that is what a user looking for it clicks.
			await item.click({ button: 'right' });
			await wb.page.getByRole('menuitem', { name: 'Run Test', exact: true }).waitFor({ timeout: 10_000 });
			await wb.page.getByRole('menuitem', { name: 'Run with Redefinitions', exact: true }).waitFor({ timeout: 10_000 });
			await wb.shot('test-context-menu');
			await wb.clickMenuItem('Run with Redefinitions');
		});
		await wb.step('test-passed', async () => {
			const row = page.locator('.test-explorer .monaco-list-row', { hasText: testName }).first();
			await wb.waitFor(`${testName} to pass`, 180_000, async () => {
				if (await row.locator('.codicon-testing-failed-icon, .codicon-testing-error-icon').count()) {
					throw new Error(`${testName} failed with the redefinitions profile`);
				}
				return (await row.locator('.codicon-testing-passed-icon').count()) > 0;
			});
			// The run went through `redefine test`, the profile's command (its log says so).
			assert.match(s.goRedefineLog(), /redefine test .*-run/, 'the Go Redefine log shows the redefine test command of the run');
		});
		await wb.step('test-results', async () => {
			await wb.command('Test: Show Output');
			await wb.waitFor('the test output to show the redefine command, PASS and the applied redefinition', 30_000, async () => {
				const t = await wb.text(page.locator('.part.panel'));
				// The output wraps long lines at the panel's width.
				return /redefine test/.test(t) && /PASS|ok\s+example\.com\/kitchen/.test(t) && /applied +\S*redefine_now\.go:7:1: time\.Now -> /.test(t.replace(/\n/g, ''));
			});
		});
	});

	it(`${testName} passes under the debugger too, with Debug with Redefinitions`, async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		const row = () => page.locator('.test-explorer .monaco-list-row', { hasText: testName }).first();
		await wb.step('debug-with-redefinitions', async () => {
			await wb.command('Testing: Focus on Test Explorer View');
			await row().click({ button: 'right' });
			await wb.clickMenuItem('Debug with Redefinitions');
		});
		await wb.step('debugged-test-passed', async () => {
			// The debug session runs the test binary under Delve; its output is recorded as
			// results, so the item passes (not "skipped", not "0/0").
			await wb.waitFor('the Debug Console to show the test passing', 180_000, async () => /--- PASS: TestKitchenAtFivePM/.test(await wb.debugConsoleText()));
			await wb.command('Testing: Focus on Test Explorer View');
			await wb.waitFor(`${testName} to be marked passed after debugging`, 60_000, async () => {
				if (await row().locator('.codicon-testing-failed-icon, .codicon-testing-error-icon, .codicon-testing-skipped-icon').count()) {
					throw new Error(`${testName} is not marked passed after Debug with Redefinitions`);
				}
				return (await row().locator('.codicon-testing-passed-icon').count()) > 0;
			});
			assert.match(s.goRedefineLog(), /Debug session for Debug TestKitchenAtFivePM with redefinitions ended \(exit status 0\)/);
		});
		await wb.step('debugged-test-results', async () => {
			await wb.command('Test: Show Output');
			await wb.waitFor('the test output to show the test and the applied redefinition', 30_000, async () => {
				const t = await wb.text(page.locator('.part.panel'));
				return /--- PASS: TestKitchenAtFivePM/.test(t) && /applied +\S*redefine_now\.go:7:1: time\.Now -> /.test(t.replace(/\n/g, ''));
			});
		});
	});

	it(`${testName} fails without redefinitions (go test in the terminal)`, async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('terminal-go-test', async () => {
			await wb.command('Terminal: Create New Terminal');
			const terminal = page.locator('.terminal-wrapper.active .xterm, .terminal .xterm').first();
			await terminal.waitFor({ timeout: 30_000 });
			await terminal.click();
			// Type once the shell shows its prompt, as a person would.
			await wb.waitFor('the shell prompt', 30_000, async () => /[#$>]\s*$/m.test((await wb.text(page.locator('.terminal-wrapper .xterm-rows'))).trimEnd()));
			await page.keyboard.type(`go test -count=1 -run ${testName} .`);
			await page.keyboard.press('Enter');
			const out = await wb.waitFor('go test to finish in the terminal', 120_000, async () => {
				const t = await wb.text(page.locator('.terminal-wrapper .xterm-rows'));
				return /^(FAIL|ok)\s+example\.com\/kitchen/m.test(t) ? t : undefined;
			});
			assert.match(out, /time\.Now is not frozen at 5 PM/, `the test fails for the reason it states:\n${out}`);
			assert.match(out, /^FAIL\s+example\.com\/kitchen/m, `go test reports the failure:\n${out}`);
		});
	});
});
