// Flow e: the debugger strategy, the default of debug sessions on macOS on Apple silicon, forced
// here through the launch configuration's env. Delve writes the program's code for the engine:
// a breakpoint inside the replacement stops there, with the call stack through the redefined
// call (fixedNow, called by kitchen, called by main), and continuing prints the redefined time.

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { fixtures, Session } from './harness/session';

describe('e. debugging with the debugger strategy', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({
			name: 'e-debugger-strategy',
			trusted: true,
			prepare: (ws) => {
				fs.copyFileSync(path.join(fixtures, 'redefine_now.go'), path.join(ws, 'redefine_now.go'));
				const launch = path.join(ws, '.vscode', 'launch.json');
				const config = JSON.parse(fs.readFileSync(launch, 'utf8'));
				config.configurations = [
					{
						name: 'Debug with the debugger strategy',
						type: 'go-redefine',
						request: 'launch',
						program: '${workspaceFolder}',
						env: { REDEFINE_STRATEGY: 'debugger' },
					},
				];
				fs.writeFileSync(launch, JSON.stringify(config, null, 2));
			},
		});
	});
	after(async () => s?.close());

	it('stops at a breakpoint inside the replacement, and continuing prints 5:00PM', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('breakpoint-in-replacement', async () => {
			await wb.openFile('redefine_now.go');
			await wb.goto(9, 1); // return time.Date(2026, 1, 30, 17, 0, 0, 0, time.UTC)
			await wb.command('Debug: Toggle Breakpoint');
			await wb.editor().locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 10_000 });
		});
		await wb.step('stopped-in-replacement', async () => {
			await wb.command('Debug: Start Debugging');
			await wb.editor().locator('.codicon-debug-stackframe').first().waitFor({ timeout: 180_000 });
			await wb.waitForActiveEditor('redefine_now.go');
			// The stopped goroutine's frames: expand it in the Call Stack when VS Code has not.
			const callStack = page.locator('.debug-call-stack, [id="workbench.debug.callStackView"]');
			let expanded = false;
			const stack = await wb.waitFor('the call stack to show fixedNow called by kitchen and main', 30_000, async () => {
				const t = await wb.text(callStack);
				if (/fixedNow[\s\S]*kitchen[\s\S]*main\.main/.test(t)) return t;
				if (!expanded && /\[Go 1\] main\.fixedNow/.test(t)) {
					expanded = true;
					await callStack.locator('.monaco-list-row', { hasText: '[Go 1]' }).first().locator('.monaco-tl-twistie').click();
				}
				return undefined;
			});
			assert.match(stack, /\[Go 1\] main\.fixedNow/, `the Call Stack is paused in the replacement:\n${stack}`);
			const console = await wb.debugConsoleText();
			assert.match(console, /strategy debugger/, `the Debug Console names the strategy:\n${console}`);
			assert.match(console, /applied\s+\S*redefine_now\.go:\d+:\d+: time\.Now -> main\.fixedNow/, console);
			assert.doesNotMatch(console, /^5:00PM$/m, 'nothing is printed before the breakpoint');
		});
		await wb.step('continued-prints-5PM', async () => {
			await wb.command('Debug: Continue');
			await wb.waitFor('the program to print 5:00PM after continuing', 60_000, async () => /^5:00PM$/m.test(await wb.debugConsoleText()));
		});
		await wb.step('debug-session-ended', () => page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 }));
	});
});
