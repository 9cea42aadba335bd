// The ground every flow stands on: the packaged extension installed into a real VS Code
// (code-server), the example workspace open in Chromium, the extension activated.

import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
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

	it('uses the redefine binary of the linux-x64 VSIX: no build on first use', async () => {
		const { wb } = s;
		// The language server starts with a Go file open; its command line names the binary.
		const log = await wb.waitFor('the language server to start', 60_000, async () => {
			const text = s.goRedefineLog();
			return /Starting \S+ lsp/.test(text) ? text : undefined;
		});
		assert.match(log, /Using the bundled \S+\/bin\/redefine \(built with go1\.\d+\S* for linux\/amd64\): no build needed/);
		assert.match(log, /Starting \S+\/goredefine\.go-redefine-[^/]+\/bin\/redefine lsp/);
		assert.doesNotMatch(log, /Building redefine/, 'nothing was built');
	});

	it('was installed from a VSIX that carries what the extension runs, and nothing it bundled', () => {
		const dirs = fs.readdirSync(s.cs.opts.extensionsDir).filter((d) => d.startsWith('goredefine.go-redefine-'));
		assert.equal(dirs.length, 1, `one Go Redefine in ${s.cs.opts.extensionsDir}: ${dirs.join(', ')}`);
		const ext = path.join(s.cs.opts.extensionsDir, dirs[0]);
		const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
		const adapter = manifest.contributes.debuggers[0].program as string;
		const files = [manifest.main, adapter, 'native/go.mod', 'native/cmd/redefine/main.go', 'native/internal/engine/engine.txtar', 'bin/redefine', 'bin/redefine.json'];
		for (const f of [...files, 'syntaxes/redefine-directives.tmLanguage.json', manifest.icon]) {
			assert.ok(fs.existsSync(path.join(ext, f)), `the VSIX has ${f}`);
		}
		assert.ok(!fs.existsSync(path.join(ext, 'native/redefine')), 'the engine ships once, inside the command (engine.txtar)');
		const all = walk(ext).map((f) => path.relative(ext, f));
		for (const f of ['readme.md', 'changelog.md', 'license.txt']) {
			assert.ok(all.some((g) => g.toLowerCase() === f), `the VSIX has ${f} (vsce renames them)`);
		}
		assert.deepEqual(all.filter((f) => /\.ts$|_test\.go$|(^|\/)testdata\//.test(f)), [], 'no TypeScript sources, Go tests or test data');
		assert.deepEqual([...new Set(all.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]))], ['koffi'], 'koffi is the only module shipped as a folder');
		// koffi loads from the package (it is used on macOS; its loader is the same everywhere).
		const loaded = execFileSync(process.execPath, ['-e', 'process.stdout.write(typeof require(process.argv[1]).load)', path.join(ext, 'node_modules', 'koffi')]).toString();
		assert.equal(loaded, 'function', 'require("koffi") works from the installed extension');
		for (const p of ['darwin_arm64', 'darwin_x64', 'linux_x64', 'linux_arm64']) {
			assert.ok(fs.existsSync(path.join(ext, 'node_modules/koffi/build/koffi', p, 'koffi.node')), `koffi's ${p} binary is in the VSIX`);
		}
	});
});

function walk(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
