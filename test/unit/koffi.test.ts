// The koffi binding of sysctlbyname, called for real: through a C stand-in with the same
// signature compiled here (a loud skip without a C compiler, a failure on CI).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { koffiProbe } from '../../extension/toolchain/platform';
import { skipUnlessCI } from '../skips';

const src = path.resolve(__dirname, '../../../test/unit/testdata/fake_sysctl.c');

function compile(): string | undefined {
	const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fake-sysctl-')), 'libfakesysctl.so');
	try {
		execFileSync('cc', ['-shared', '-fPIC', '-o', out, src], { stdio: 'ignore' });
		return out;
	} catch {
		return undefined;
	}
}

describe('koffiProbe', () => {
	const lib = process.platform === 'linux' ? compile() : undefined;
	it('reads hw.optional.arm64 and sysctl.proc_translated through koffi', { skip: skipUnlessCI(!lib && 'no C compiler (cc) to build the sysctl stand-in, or not Linux') }, () => {
		const koffi = require('koffi');
		const facts = koffiProbe(() => undefined, () => ({ load: () => koffi.load(lib!) }));
		assert.deepEqual(facts, { appleSilicon: true, translated: true });
	});
	it('falls back to undefined, with a log line, when the library cannot load', () => {
		const logs: string[] = [];
		const koffi = require('koffi');
		assert.equal(koffiProbe((m) => logs.push(m), () => ({ load: () => koffi.load('/nonexistent/libSystem.B.dylib') })), undefined);
		assert.match(logs[0], /Could not ask macOS/);
	});
	it('falls back when koffi itself cannot load', () => {
		assert.equal(koffiProbe(() => undefined, () => { throw new Error('no prebuilt koffi for this platform'); }), undefined);
	});
});
