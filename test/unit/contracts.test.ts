// The names in contracts/ are the ones the manifest, the scripts and the docs use: package.json
// is JSON and scripts are shell, so they repeat what contracts/ defines, and this checks it.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as delve from '../../contracts/delve.json';
import { commands, debugType, internalCommands } from '../../contracts/names';
import { DELVE_VERSION } from '../../debug-adapter/tools';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('contracts', () => {
	it('package.json contributes exactly the public command ids', () => {
		const contributed: string[] = (manifest.contributes.commands as { command: string }[]).map((c) => c.command).sort();
		assert.deepEqual(contributed, Object.values<string>(commands).sort());
		for (const id of Object.values(internalCommands)) {
			assert.ok(!contributed.includes(id), `${id} is internal`);
		}
	});
	it('package.json menus name only known commands', () => {
		const known = new Set<string>(Object.values(commands));
		for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
			for (const item of items) {
				assert.ok(known.has(item.command), `${menu} names ${item.command}`);
			}
		}
	});
	it('package.json declares the debug type', () => {
		const types = (manifest.contributes.debuggers as { type: string }[]).map((d) => d.type);
		assert.deepEqual(types, [debugType]);
		assert.ok(manifest.activationEvents.includes(`onDebugResolve:${debugType}`));
	});
	it('one Delve pin: the adapter, scripts/install-dlv.sh and the docs use contracts/delve.json', () => {
		assert.match(delve.version, /^v\d+\.\d+\.\d+$/);
		assert.equal(DELVE_VERSION, delve.version);
		// The version the install script would install, asked of the script itself.
		const script = fs.readFileSync(path.join(root, 'scripts/install-dlv.sh'), 'utf8');
		assert.ok(!script.includes(delve.version), 'scripts/install-dlv.sh repeats the version instead of reading contracts/delve.json');
		const printed = execFileSync('bash', [path.join(root, 'scripts/install-dlv.sh'), '--print-version'], { encoding: 'utf8' }).trim();
		assert.equal(printed, delve.version);
		const docs = fs.readFileSync(path.join(root, 'docs/debugging.md'), 'utf8');
		for (const m of docs.matchAll(/delve\/cmd\/dlv@(v[\d.]+)/g)) {
			assert.equal(m[1], delve.version, 'docs/debugging.md names another Delve');
		}
	});
});
