// Flow f: what a Go developer tries in the first minutes, beyond the happy path of flow a
// (issue 16): an interface method, a function redefined already, a stub for a function that
// returns a string, a method called on a value, a misspelt directive, a stub left half typed,
// Check Setup. Each time the editor says what happened and
// what to do, and what it writes is what the user meant.

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { fixtures, Session } from './harness/session';
import { lineDecorations } from './harness/workbench';

describe('f. the first minutes', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({
			name: 'f-first-minutes',
			trusted: true,
			prepare: (ws) => {
				fs.copyFileSync(path.join(fixtures, 'redefine_now.go'), path.join(ws, 'redefine_now.go'));
				fs.copyFileSync(path.join(fixtures, 'builder.go'), path.join(ws, 'builder.go'));
			},
		});
	});
	after(async () => s?.close());

	/** Right-click `word` on the line holding `line` → Redefine Function. */
	async function redefineAt(file: string, lineNo: number, col: number, line: string, word: string): Promise<void> {
		const wb = s.wb;
		await wb.openFile(file);
		await wb.goto(lineNo, col);
		await wb.rightClickOn(line, word);
		await wb.clickMenuItem('Redefine Function');
	}

	it('says why an interface method cannot be redefined, and what to do instead', async () => {
		const { wb } = s;
		await wb.step('interface-method-refused', async () => {
			await redefineAt('builder.go', 20, 23, 'sink.Write', 'Write');
			const note = await wb.waitForNotification(/\(io\.Writer\)\.Write is an interface method/, 120_000);
			assert.match(note, /redefine the method of a concrete type/, note);
			assert.doesNotMatch(note, /there is no function to redefine/, note);
			await wb.page.waitForTimeout(500); // the toast slides in: let the picture show it
		});
		assert.ok(!fs.existsSync(path.join(s.workspace, 'redefine_main.go')), 'no stub was written');
	});

	it('offers the existing replacement of a function redefined already, and writes no second one', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('time.Now-already-redefined', async () => {
			await wb.clearNotifications();
			await redefineAt('main.go', 16, 14, 'time.Now()', 'Now');
			const note = await wb.waitForNotification(/time\.Now is already redefined/, 60_000);
			assert.match(note, /redefine_now\.go:7/, note);
		});
		await wb.step('go-to-replacement', async () => {
			await page.locator('.notification-list-item', { hasText: /already redefined/ }).getByRole('button', { name: 'Go to Replacement' }).click();
			await wb.waitForActiveEditor('redefine_now.go');
		});
		assert.ok(!fs.existsSync(path.join(s.workspace, 'redefine_main.go')), 'no second stub was written');
		assert.doesNotMatch(fs.readFileSync(path.join(s.workspace, 'redefine_now.go'), 'utf8'), /redefinedNow/, 'redefine_now.go is unchanged');
	});

	it('selects inside the quotes of a string placeholder, so typing a string gives that string', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		const stub = path.join(s.workspace, 'redefine_main.go');
		await wb.step('os.Getenv-stub', async () => {
			await wb.clearNotifications();
			await redefineAt('builder.go', 17, 32, 'os.Getenv', 'Getenv');
			await wb.waitForActiveEditor('redefine_main.go', 60_000);
		});
		await wb.step('type-a-string', async () => {
			// Type over the selection, as a person does right after the stub opens.
			await page.keyboard.type('/home/REDEFINED');
			await page.keyboard.press('Control+S');
			await wb.waitFor('the stub to be saved', 15_000, async () => fs.readFileSync(stub, 'utf8').includes('REDEFINED'));
		});
		const text = fs.readFileSync(stub, 'utf8');
		assert.match(text, /^\treturn "\/home\/REDEFINED"$/m, text);
	});

	it('marks a call of a redefined method on a value, with its hover', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('WriteString-stub', async () => {
			await redefineAt('builder.go', 12, 5, 'b.WriteString', 'WriteString');
			await wb.waitForActiveEditor('redefine_main.go', 60_000);
			assert.match(fs.readFileSync(path.join(s.workspace, 'redefine_main.go'), 'utf8'), /^\/\/redefine:func strings\.\(\*Builder\)\.WriteString$/m);
		});
		await wb.step('method-call-decorated', async () => {
			await wb.openFile('builder.go');
			let seen: unknown;
			const d = await wb
				.waitFor('builder.go to decorate b.WriteString', 60_000, async () => {
					const [line] = await lineDecorations(page, 'b.WriteString("built")');
					seen = line;
					return line && line.after.length > 0 && line.gutter.length > 0 ? line : undefined;
				})
				.catch((err: Error) => {
					throw new Error(`${err.message}; the line shows ${JSON.stringify(seen)}`);
				});
			assert.match(d.after.join(' '), /redefined by redefinedBuilderWriteString/, JSON.stringify(d));
			assert.ok(d.underlines.some((u) => u.startsWith('WriteString')), `WriteString is underlined: ${JSON.stringify(d)}`);
			const [other] = await lineDecorations(page, 'return b.String()');
			assert.deepEqual(other?.after ?? [], [], 'b.String, not redefined, stays plain');
		});
		await wb.step('method-call-hover', async () => {
			// With the keyboard (Show or Focus Hover at the cursor): the mouse is still where the
			// right click left it, over this very word, and hovering there again is no move at all.
			await wb.goto(12, 8);
			await wb.command('Show or Focus Hover');
			const hover = page.locator('.monaco-hover').filter({ hasText: /redefined by/ }).first();
			await hover.waitFor({ timeout: 15_000 }).catch(async (err: Error) => {
				throw new Error(`${err.message}; hovers on screen: ${JSON.stringify(await page.locator('.monaco-hover').allInnerTexts())}`);
			});
			const text = await wb.text(hover);
			assert.match(text, /strings\.\(\*Builder\)\.WriteString/, text);
			assert.match(text, /redefinedBuilderWriteString/, text);
		});
	});

	it('suggests the name a misspelt target was meant to be, as a quick fix too, and the hover explains the directive without repeating it', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('typo-in-directive', async () => {
			await wb.openFile('redefine_now.go');
			await wb.goto(7, 25); // the end of //redefine:func time.Now
			await page.keyboard.press('End');
			for (let i = 0; i < 3; i++) {
				await page.keyboard.press('Backspace');
			}
			await page.keyboard.type('Nwo');
			await wb.command('Problems: Focus on Problems View');
			await wb.waitFor('Problems to suggest time.Now', 60_000, async () =>
				/unknown target time\.Nwo: package time has no function Nwo; did you mean time\.Now\?/.test((await wb.text(page.locator('.part.panel'))).replace(/\n/g, ' ')),
			);
		});
		await wb.step('hover-on-broken-directive', async () => {
			await wb.goto(7, 20);
			await wb.command('Show or Focus Hover');
			const hover = page.locator('.monaco-hover').filter({ hasText: /redefines TARGET with the function below/ }).first();
			await hover.waitFor({ timeout: 15_000 }).catch(async (err: Error) => {
				throw new Error(`${err.message}; hovers on screen: ${JSON.stringify(await page.locator('.monaco-hover').allInnerTexts())}`);
			});
			const text = await wb.text(hover);
			// The problem once (the diagnostic's part of the hover), not twice.
			assert.equal(text.split('has no function Nwo').length - 1, 1, text);
			await wb.shot('the-hover');
			await page.keyboard.press('Escape');
		});
		await wb.step('quick-fix', async () => {
			await wb.goto(7, 20);
			await wb.command('Quick Fix...');
			const fix = page.locator('.action-widget').getByText('Change to time.Now', { exact: true });
			await fix.waitFor({ timeout: 15_000 }).catch(async (err: Error) => {
				throw new Error(`${err.message}; the quick fix menu offers: ${JSON.stringify(await page.locator('.action-widget').allInnerTexts())}`);
			});
			await wb.shot('quick-fix-offered');
			await fix.click();
			await wb.waitFor('the directive to read time.Now again', 10_000, async () => (await wb.text(wb.viewLine('//redefine:func'))).includes('//redefine:func time.Now'));
			await page.keyboard.press('Control+S');
			await wb.command('Problems: Focus on Problems View');
			await wb.waitFor('the problem to go', 60_000, async () => /No problems have been detected/.test(await wb.text(page.locator('.part.panel'))));
		});
	});

	it('shows a redefinition file that stops parsing in Problems at once', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('stub-half-typed', async () => {
			await wb.openFile('redefine_main.go');
			await page.keyboard.press('Control+End');
			// Half a declaration (no bracket, which the editor would close by itself).
			await page.keyboard.type('\nvar half =');
			await wb.command('Problems: Focus on Problems View');
			await wb.waitFor('Problems to list the syntax error of redefine_main.go', 60_000, async () => {
				const t = await wb.text(page.locator('.part.panel'));
				return /redefine_main\.go/.test(t) && /expected|missing/.test(t);
			});
			await wb.shot('the-syntax-error');
			await wb.command('File: Revert File');
		});
	});

	it('Check Setup shows its checks for people, not JSON', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('check-setup', async () => {
			await wb.clearNotifications();
			await wb.command('Go Redefine: Check Setup (doctor)');
			await wb.waitForNotification(/Go Redefine: everything needed is in place/, 120_000);
			const out = await wb.waitFor('the output to show the checks', 30_000, async () => {
				const t = await wb.text(page.locator('.part.panel'));
				return /Check Setup \(redefine doctor\)/.test(t) ? t : undefined;
			});
			assert.match(out, /✓ Go +go1\./, out);
			assert.match(out, /✓ Probe +a program built here redefined a function/, out);
			assert.match(out, /No problems found/, out);
			assert.doesNotMatch(out, /"goVersion"|"problems"/, out);
		});
	});
});
