import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BundledManifest, chooseBundled, mismatch } from '../../extension/toolchain/bundled';
import { parseGoVersionOutput } from '../../extension/toolchain/version';

const go = (out: string) => parseGoVersionOutput(out)!;
const linux: BundledManifest = { goVersion: 'go1.26.8', goos: 'linux', goarch: 'amd64' };

describe('the bundled redefine (platform VSIX)', () => {
	const cases: [string, string, boolean][] = [
		['same release and platform', 'go version go1.26.8 linux/amd64', true],
		['another patch release', 'go version go1.26.2 linux/amd64', true],
		['a release candidate of the same release', 'go version go1.26rc1 linux/amd64', true],
		['an older release', 'go version go1.22.12 linux/amd64', false],
		['a newer release', 'go version go1.27.1 linux/amd64', false],
		['another architecture (an amd64 Go on arm64, say)', 'go version go1.26.8 linux/arm64', false],
		['another system', 'go version go1.26.8 darwin/amd64', false],
	];
	for (const [name, out, fits] of cases) {
		it(`${name}: ${fits ? 'used' : 'built from sources'}`, () => {
			const why = mismatch(linux, go(out));
			assert.equal(why === undefined, fits, why);
		});
	}
	it('says why it is not used', () => {
		assert.match(mismatch(linux, go('go version go1.22.12 linux/amd64'))!, /built with go1\.26\.8 for linux\/amd64; your Go is go1\.22\.12, another release/);
		assert.match(mismatch({ ...linux, goVersion: 'nonsense' }, go('go version go1.26.8 linux/amd64'))!, /unknown Go version/);
	});

	it('chooses the binary of an installed extension, and makes it runnable again', async () => {
		const ext = fs.mkdtempSync(path.join(os.tmpdir(), 'bundled-'));
		const universal = await chooseBundled(ext, go('go version go1.26.8 linux/amd64'));
		assert.deepEqual(universal, { use: false, why: 'this is the universal VSIX: it carries no redefine binary' });
		fs.mkdirSync(path.join(ext, 'bin'));
		fs.writeFileSync(path.join(ext, 'bin', 'redefine.json'), JSON.stringify(linux));
		fs.writeFileSync(path.join(ext, 'bin', 'redefine'), '#!/bin/sh\n', { mode: 0o644 });
		const chosen = await chooseBundled(ext, go('go version go1.26.8 linux/amd64'));
		assert.equal(chosen.use, true);
		assert.equal(fs.statSync(path.join(ext, 'bin', 'redefine')).mode & 0o111, 0o111, 'executable');
		const other = await chooseBundled(ext, go('go version go1.25.3 linux/amd64'));
		assert.equal(other.use, false);
	});
});
