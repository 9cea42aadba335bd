// Flow b: a go-redefine launch configuration (the example's .vscode/launch.json). Run Without
// Debugging prints the redefined time in the Debug Console; Start Debugging stops at a
// breakpoint in main, and continuing prints the redefined time.
//
// The workspace starts with the replacement flow a writes (fixtures/redefine_now.go), so this
// flow stands on its own.

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { fixtures, Session } from './harness/session';
import { lineDecorations } from './harness/workbench';

describe('b. go-redefine launch configuration', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({
			name: 'b-launch',
			trusted: true,
			prepare: (ws) => fs.copyFileSync(path.join(fixtures, 'redefine_now.go'), path.join(ws, 'redefine_now.go')),
		});
	});
	after(async () => s?.close());

	it('Run Without Debugging prints 5:00PM in the Debug Console', async () => {
		const { wb } = s;
		await wb.step('main.go', () => wb.openFile('main.go'));
		await wb.step('run-without-debugging', async () => {
			await wb.command('Debug: Start Without Debugging'); // the Run menu's Run Without Debugging
			const text = await wb.waitFor('the program to print 5:00PM in the Debug Console', 180_000, async () => {
				const t = await wb.debugConsoleText();
				return /^5:00PM$/m.test(t) ? t : undefined;
			});
			assert.match(text, /applied\s+\S*redefine_now\.go:\d+:\d+: time\.Now -> main\.fixedNow/, `the Debug Console says the redefinition took effect:\n${text}`);
		});
		await wb.step('run-ended', () => waitNoSession(s));
	});

	it('Start Debugging stops at a breakpoint in main, and continuing prints 5:00PM', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		// The console may still show the first run: count 5:00PM lines rather than look for one.
		let atBreakpoint = 0;
		await wb.step('breakpoint-set', async () => {
			await wb.openFile('main.go');
			await wb.goto(11, 1); // fmt.Println(kitchen())
			await wb.command('Debug: Toggle Breakpoint');
			await wb.editor().locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
		});
		await wb.step('stopped-at-breakpoint', async () => {
			await wb.command('Debug: Start Debugging');
			// Paused: the top stack frame is marked in the editor, in main.go on line 11.
			await wb.editor().locator('.codicon-debug-stackframe').first().waitFor({ timeout: 180_000 });
			await wb.waitForActiveEditor('main.go');
			const paused = await wb.waitFor('the call stack to show main.main paused', 30_000, async () => {
				const t = await wb.text(page.locator('.debug-call-stack, [id="workbench.debug.callStackView"]'));
				return /main\.main/.test(t) ? t : undefined;
			});
			assert.match(paused, /pause|breakpoint/i, `the Call Stack says the program is paused:\n${paused}`);
			// Each session has its own console: this one has printed nothing yet.
			atBreakpoint = fivePMs(await wb.debugConsoleText());
			assert.equal(atBreakpoint, 0, 'nothing is printed before the breakpoint');
			// The report reached the editor: the call site says the redefinition was applied.
			const [line] = await lineDecorations(page, 'time.Now().Format(time.Kitchen)');
			assert.match(line?.after.join(' ') ?? '', /applied/, `the call site is marked applied: ${JSON.stringify(line)}`);
		});
		await wb.step('continued-prints-5PM', async () => {
			await wb.command('Debug: Continue');
			await wb.waitFor('the program to print 5:00PM after continuing', 60_000, async () => fivePMs(await wb.debugConsoleText()) > atBreakpoint);
		});
		await wb.step('debug-session-ended', () => waitNoSession(s));
	});
});

function fivePMs(text: string): number {
	return (text.match(/^5:00PM$/gm) ?? []).length;
}

/** Waits for the debug toolbar to go away: the session ended. */
async function waitNoSession(s: Session): Promise<void> {
	await s.wb.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
}
