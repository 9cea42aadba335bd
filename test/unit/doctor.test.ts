import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { doctorSummary, parseDoctor, renderDoctor } from '../../extension/commands/doctorReport';

// What `redefine doctor -json` printed on linux/amd64 (native/internal/doctor.Report).
const healthy = `{
  "goVersion": "go1.26.8", "goos": "linux", "goarch": "amd64", "strategy": "inplace",
  "supported": true, "releases": ["go1.22", "go1.23", "go1.24", "go1.25", "go1.26", "go1.27"],
  "engineDir": "/x/native/redefine", "engineSource": "source tree", "commandGoVersion": "go1.26.8",
  "probe": { "ok": true, "strategy": "inplace" }, "problems": []
}`;

describe('Check Setup report', () => {
	it('renders every check on its own line, for people, with no JSON left', () => {
		const lines = renderDoctor(parseDoctor(healthy)!, { go: '/usr/local/go/bin/go', redefine: '/ext/bin/redefine', exitCode: 0 });
		const text = lines.join('\n');
		assert.doesNotMatch(text, /[{}"]/, text);
		assert.match(text, /^✓ Go +go1\.26\.8 \(\/usr\/local\/go\/bin\/go\)$/m);
		assert.match(text, /^✓ Platform +linux\/amd64$/m);
		assert.match(text, /^✓ Strategy +in place/m);
		assert.match(text, /^✓ Go release +supported: the engine knows go1\.22, .*go1\.27$/m);
		assert.match(text, /^✓ Probe +a program built here redefined a function \(strategy inplace\)$/m);
		assert.match(text, /^No problems found: redefinitions work here\.$/m);
		// The values line up in one column.
		const cols = lines.filter((l) => /^[✓✗ ] /.test(l)).map((l) => l.search(/ {2}\S/));
		assert.equal(new Set(cols).size, 1, text);
		assert.deepEqual(doctorSummary(parseDoctor(healthy)!, 0), { ok: true, text: 'everything needed is in place (go1.26.8 on linux/amd64, strategy inplace)' });
	});
	it('marks what failed and numbers the problems', () => {
		const r = parseDoctor(healthy)!;
		r.goVersion = 'go1.21.0';
		r.supported = false;
		r.probe = { ok: false, error: 'the probe did not build' };
		r.problems = ['go1.21.0 is not supported: the engine knows go1.22, …; use one of those toolchains (e.g. GOTOOLCHAIN=go1.27.0)', 'the probe did not build'];
		const text = renderDoctor(r, { exitCode: 1 }).join('\n');
		assert.match(text, /^✗ Go release +not supported/m);
		assert.match(text, /^✗ Probe +a program built here could not redefine a function/m);
		assert.match(text, /^2 problems:\n {2}1\. go1\.21\.0 is not supported.*\n {2}2\. the probe did not build$/m);
		const s = doctorSummary(r, 1);
		assert.equal(s.ok, false);
		assert.match(s.text, /^2 problems, the first: go1\.21\.0 is not supported/);
	});
	it('is not fooled by output that is not a report', () => {
		assert.equal(parseDoctor('redefine: unknown command'), undefined);
		assert.equal(parseDoctor('[1]'), undefined);
		assert.deepEqual(doctorSummary({ problems: [] }, 2), { ok: false, text: 'redefine doctor exited with status 2' });
	});
});
