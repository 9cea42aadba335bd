// The ground every flow stands on: the packaged extension installed into a real VS Code
// (code-server), the example workspace open in Chromium, the extension activated.

import * as assert from 'assert/strict';
import { after, before, describe, it } from 'node:test';
import { Session } from './harness/session';

describe('workbench', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({ name: '0-workbench', trusted: true });
	});
	after(async () => s?.close());

	it('lists the example workspace and activates Go Redefine from the VSIX', async () => {
		const { wb } = s;
		await wb.step('main.go-open', () => wb.openFile('main.go'));
		await wb.step('extension-activated', async () => {
			// Activation is the extension host's business; its log says when it happened.
			await wb.waitFor('the extension host to activate goredefine.go-redefine', 60_000, async () =>
				/goredefine\.go-redefine/i.test(s.extensionHostLog()) && s.goRedefineLog() !== '',
			);
		});
		await wb.step('output-channel', async () => {
			await wb.command('Go Redefine: Show Output');
			const panel = wb.page.locator('.part.panel');
			await panel.waitFor({ timeout: 15_000 });
			await wb.waitFor('the Go Redefine output channel to show its log', 30_000, async () =>
				/Test Explorer:/.test(await wb.text(panel)),
			);
		});
		const ext = await wb.step('extensions-view', async () => {
			await wb.command('Extensions: Show Installed Extensions');
			const item = wb.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Go Redefine' }).first();
			await item.waitFor({ timeout: 30_000 });
			return item.innerText();
		});
		assert.match(ext, /Go Redefine/);
	});
});
