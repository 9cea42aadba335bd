// The VSIXs scripts/package.sh --all builds, checked from the outside (scripts/test.d/35-vsix.sh):
// - each platform VSIX declares its target and carries bin/redefine for exactly that platform
//   (a Mach-O or ELF header of the right CPU, executable), with the Go release that built it;
// - the universal VSIX carries no binary;
// - the engine ships once, as native/internal/engine/engine.txtar (no native/redefine/);
// - the linux-x64 binary, and a command built from the universal VSIX's sources alone (what the
//   extension does on first use when no binary fits), both run a program with a redefinition.

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as yauzl from 'yauzl';

const dir = process.env.GO_REDEFINE_VSIX_DIR;
if (!dir) {
	throw new Error('GO_REDEFINE_VSIX_DIR is not set: run these tests with `bash scripts/test.d/35-vsix.sh`');
}
const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const base = `${manifest.name}-${manifest.version}`;

interface Entry {
	name: string;
	mode: number;
	data: Buffer;
}

/** Every file of a VSIX (a zip), with its Unix mode. */
function readVsix(file: string): Promise<Map<string, Entry>> {
	return new Promise((resolve, reject) => {
		const out = new Map<string, Entry>();
		yauzl.open(file, { lazyEntries: true }, (err, zip) => {
			if (err) {
				return reject(err);
			}
			zip.on('error', reject);
			zip.on('end', () => resolve(out));
			zip.on('entry', (e: yauzl.Entry) => {
				if (e.fileName.endsWith('/')) {
					return zip.readEntry();
				}
				zip.openReadStream(e, (err2, stream) => {
					if (err2) {
						return reject(err2);
					}
					const chunks: Buffer[] = [];
					stream.on('data', (c: Buffer) => chunks.push(c));
					stream.on('end', () => {
						out.set(e.fileName, { name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o7777, data: Buffer.concat(chunks) });
						zip.readEntry();
					});
				});
			});
			zip.readEntry();
		});
	});
}

/** "darwin/arm64", "linux/amd64"... from an executable's header, or a description of what it is. */
function executablePlatform(b: Buffer): string {
	if (b.readUInt32LE(0) === 0xfeedfacf) {
		// Mach-O 64-bit (mach-o/loader.h): cputype at offset 4; CPU_TYPE_ARM64 = 0x0100000c, CPU_TYPE_X86_64 = 0x01000007.
		const cpu = b.readUInt32LE(4);
		return `darwin/${cpu === 0x0100000c ? 'arm64' : cpu === 0x01000007 ? 'amd64' : `cpu 0x${cpu.toString(16)}`}`;
	}
	if (b.subarray(0, 4).toString('latin1') === '\x7fELF' && b[4] === 2 && b[5] === 1) {
		// ELF64, little-endian: e_machine at offset 18; EM_X86_64 = 62, EM_AARCH64 = 183.
		const machine = b.readUInt16LE(18);
		return `linux/${machine === 62 ? 'amd64' : machine === 183 ? 'arm64' : `machine ${machine}`}`;
	}
	return `not an executable this project builds (starts with ${b.subarray(0, 8).toString('hex')})`;
}

const targets: [string, string][] = [
	['darwin-arm64', 'darwin/arm64'],
	['darwin-x64', 'darwin/amd64'],
	['linux-x64', 'linux/amd64'],
	['linux-arm64', 'linux/arm64'],
];
const goVersion = execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
const vsixes = new Map<string, Map<string, Entry>>();

function targetOf(files: Map<string, Entry>): string | undefined {
	const xml = files.get('extension.vsixmanifest')!.data.toString('utf8');
	return /TargetPlatform="([^"]+)"/.exec(xml)?.[1];
}

function engineShippedOnce(files: Map<string, Entry>): void {
	const names = [...files.keys()];
	assert.deepEqual(names.filter((n) => n.endsWith('engine.txtar')), ['extension/native/internal/engine/engine.txtar']);
	assert.deepEqual(names.filter((n) => n.startsWith('extension/native/redefine/')), [], 'native/redefine/ stays out: the command carries the engine');
}

describe('VSIXs', () => {
	before(async () => {
		for (const t of ['universal', ...targets.map(([t]) => t)]) {
			const file = path.join(dir, `${base}${t === 'universal' ? '' : '-' + t}.vsix`);
			assert.ok(fs.existsSync(file), `${file} was packaged`);
			vsixes.set(t, await readVsix(file));
		}
	});

	it('the universal VSIX has no target and no binary, and the engine once', () => {
		const files = vsixes.get('universal')!;
		assert.equal(targetOf(files), undefined);
		assert.deepEqual([...files.keys()].filter((n) => n.startsWith('extension/bin/')), []);
		engineShippedOnce(files);
	});

	for (const [target, platform] of targets) {
		it(`the ${target} VSIX carries a ${platform} redefine built with ${goVersion}`, () => {
			const files = vsixes.get(target)!;
			assert.equal(targetOf(files), target);
			const bin = files.get('extension/bin/redefine');
			assert.ok(bin, 'extension/bin/redefine is in the VSIX');
			assert.equal(executablePlatform(bin.data), platform);
			assert.equal(bin.mode & 0o111, 0o111, `bin/redefine is executable (mode ${bin.mode.toString(8)})`);
			const built = JSON.parse(files.get('extension/bin/redefine.json')!.data.toString('utf8'));
			assert.deepEqual(built, { goVersion, goos: platform.split('/')[0], goarch: platform.split('/')[1] });
			engineShippedOnce(files);
		});
	}
});

describe('the command from a VSIX runs a redefinition', () => {
	const kitchen = path.join(root, 'test/fixtures/kitchen');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-'));
	const run = (redefine: string) =>
		execFileSync(redefine, ['run', '.'], { cwd: kitchen, encoding: 'utf8', env: { ...process.env, GOFLAGS: '' } }).trim();

	it('the linux-x64 binary, as the extension uses it (the engine from its embedded copy)', () => {
		const bin = path.join(work, 'bundled-redefine');
		fs.writeFileSync(bin, vsixes.get('linux-x64')!.get('extension/bin/redefine')!.data, { mode: 0o755 });
		assert.equal(run(bin), '5:00PM');
	});

	it('built from the universal VSIX sources alone, without a network (the first-use build)', () => {
		const src = path.join(work, 'extension');
		for (const [name, e] of vsixes.get('universal')!) {
			if (name.startsWith('extension/native/')) {
				const p = path.join(work, name);
				fs.mkdirSync(path.dirname(p), { recursive: true });
				fs.writeFileSync(p, e.data);
			}
		}
		const bin = path.join(work, 'built-redefine');
		// As extension/toolchain/tools.ts builds it, with the module proxy switched off: the
		// modules come from the module cache the earlier parts filled.
		execFileSync('go', ['build', '-trimpath', '-o', bin, './cmd/redefine'], {
			cwd: path.join(src, 'native'),
			env: { ...process.env, GOWORK: 'off', GOFLAGS: '', CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOPROXY: 'off' },
			stdio: ['ignore', 'inherit', 'inherit'],
		});
		assert.equal(run(bin), '5:00PM');
	});
});
