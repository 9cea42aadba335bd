// The orchestration's own promises, checked by running the scripts: scripts/test.sh counts
// skipped parts and prints failures whole, cannot_run fails on CI, and npm_fresh keeps an
// enclosing npm's identity away from the npm it starts (the first-run failure of issue 15).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');

function bash(script: string, env: Record<string, string | undefined> = {}) {
	const res = spawnSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '', ...env } });
	return { status: res.status, out: res.stdout + res.stderr };
}

describe('scripts/test.sh', () => {
	const parts = fs.mkdtempSync(path.join(os.tmpdir(), 'parts-'));
	const part = (name: string, body: string) => fs.writeFileSync(path.join(parts, name), `set -euo pipefail\ncd ${JSON.stringify(root)}\nsource scripts/lib.sh\n${body}\n`);
	part('10-pass.sh', 'echo passing');
	part('20-partial.sh', 'if cannot_run "the widget tests" "no widget here"; then echo ran; fi\necho rest ran');
	part('30-skip.sh', 'cannot_run "everything" "wrong machine" || exit "$SKIPPED_PART"');
	part('40-fail.sh', 'for i in $(seq 1 300); do echo "failure line $i"; done\nexit 3');

	it('counts passed, failed and skipped parts, lists the skips, and keeps failure output whole', () => {
		const { status, out } = bash('bash scripts/test.sh', { GO_REDEFINE_TEST_PARTS: parts });
		assert.equal(status, 1);
		assert.match(out, /^parts: 2 passed, 1 failed, 1 skipped$/m);
		assert.match(out, /SKIPPED inside parts \(2\):\n {2}20-partial: the widget tests \(no widget here\)\n {2}30-skip: everything \(wrong machine\)/);
		assert.match(out, /SKIPPED parts: 30-skip/);
		assert.match(out, /FAILED parts: 40-fail/);
		assert.match(out, /rest ran/);
		for (const n of [1, 150, 300]) {
			assert.match(out, new RegExp(`^failure line ${n}$`, 'm'));
		}
	});

	it('on CI, a test that cannot run fails its part', () => {
		const { status, out } = bash(`bash ${JSON.stringify(path.join(parts, '20-partial.sh'))}`, { CI: 'true' });
		assert.equal(status, 1);
		assert.match(out, /FAIL: the widget tests cannot run: no widget here/);
	});

	it('quietly prints the whole output of a failing command and one line of a passing one', () => {
		const ok = bash('source scripts/lib.sh; quietly bash -c "echo one; echo two"');
		assert.equal(ok.status, 0);
		assert.equal(ok.out.trim(), 'two');
		const bad = bash('source scripts/lib.sh; quietly bash -c "echo one; echo two; exit 4"');
		assert.equal(bad.status, 4);
		assert.match(bad.out, /one\ntwo/);
	});
});

describe('npm_fresh', () => {
	// What `npm test` hands its scripts: a user agent naming the Node that runs it.
	const inherited = { npm_config_user_agent: 'npm/11.0.0 node/v20.0.0 linux x64 workspaces/false', npm_lifecycle_event: 'test' };
	it('an npm started through it reports its own Node, not the enclosing npm one', () => {
		// What a package's install script sees (code-server's postinstall reads this variable).
		const agent = `npm exec --yes=false -c 'echo "agent: $npm_config_user_agent"'`;
		const plain = bash(agent, inherited);
		assert.match(plain.out, /agent: .*node\/v20\.0\.0/, 'without npm_fresh the inherited agent wins (the premise)');
		const fresh = bash(`source scripts/lib.sh; npm_fresh ${agent}`, inherited);
		assert.equal(fresh.status, 0, fresh.out);
		assert.doesNotMatch(fresh.out, /node\/v20\.0\.0/);
		assert.match(fresh.out, /agent: npm\/\S+ node\/v\d+\.\d+\.\d+ /);
	});
	it('keeps the variables a user sets', () => {
		const res = bash('source scripts/lib.sh; npm_fresh env', { ...inherited, npm_config_registry: 'http://127.0.0.1:9/' });
		assert.match(res.out, /^npm_config_registry=http:\/\/127\.0\.0\.1:9\/$/m);
		assert.doesNotMatch(res.out, /^npm_(config_user_agent|lifecycle_event)=/m);
	});
});
