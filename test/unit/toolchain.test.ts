import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { expandSetting, goCandidates, locateGo, toolsEnv } from '../../extension/toolchain/locate';
import { platformAdvice } from '../../extension/toolchain/platform';
import { cacheKey, compareGoVersions, parseGoDirective, parseGoVersionOutput } from '../../extension/toolchain/version';
import { Mutex } from '../../extension/util/mutex';

describe('go versions', () => {
	it('parses go version output', () => {
		assert.deepEqual(parseGoVersionOutput('go version go1.26.8 linux/amd64\n'), {
			major: 1, minor: 26, patch: 8, raw: 'go1.26.8', goos: 'linux', goarch: 'amd64',
		});
		assert.deepEqual(parseGoVersionOutput('go version go1.23rc1 darwin/arm64'), {
			major: 1, minor: 23, patch: 0, raw: 'go1.23rc1', goos: 'darwin', goarch: 'arm64',
		});
		assert.equal(parseGoVersionOutput('go version devel go1.27-abcdef Tue Jan 1 linux/amd64')?.minor, 27);
		assert.equal(parseGoVersionOutput('bash: go: command not found'), undefined);
	});
	it('parses the go directive and compares', () => {
		const min = parseGoDirective('module goredefine.dev\n\ngo 1.22\n')!;
		assert.equal(min.raw, 'go1.22');
		assert.ok(compareGoVersions(parseGoVersionOutput('go version go1.21.13 linux/amd64')!, min) < 0);
		assert.ok(compareGoVersions(parseGoVersionOutput('go version go1.22.0 linux/amd64')!, min) >= 0);
		assert.equal(parseGoDirective('module x\n'), undefined);
	});
	it('makes a file-safe cache key per Go version and platform', () => {
		assert.equal(cacheKey(parseGoVersionOutput('go version go1.26.8 linux/amd64')!, '0.1.0'), '0.1.0-go1.26.8-linux-amd64');
	});
});

describe('locating go', () => {
	const base = { env: { PATH: '/a:/b', GOROOT: '/groot' }, platform: 'linux' as const, home: '/h' };
	it('tries our setting, go.alternateTools, go.goroot, GOROOT, PATH, then default places', () => {
		const c = goCandidates({ ...base, ownSetting: '~/sdk/go/bin/go', alternateTool: 'go1.22', goroot: '${workspaceFolder}/.go', workspaceFolder: '/w' });
		assert.deepEqual(c.slice(0, 7).map((x) => `${x.source}=${x.path}`), [
			'goRedefine.goExecutablePath=/h/sdk/go/bin/go',
			'go.alternateTools=/a/go1.22',
			'go.alternateTools=/b/go1.22',
			'go.goroot=/w/.go/bin/go',
			'GOROOT=/groot/bin/go',
			'PATH=/a/go',
			'PATH=/b/go',
		]);
		assert.ok(c.some((x) => x.path === '/usr/local/go/bin/go'));
	});
	it('uses .exe and ; on Windows', () => {
		const c = goCandidates({ env: { Path: 'C:\\Go\\bin;D:\\x' }, platform: 'win32', home: 'C:\\Users\\u' });
		assert.equal(c[0].path, 'C:\\Go\\bin\\go.exe');
		assert.equal(c[1].path, 'D:\\x\\go.exe');
	});
	it('returns the first that exists', async () => {
		const found = await locateGo(base, async (p) => p === '/b/go' || p === '/usr/local/go/bin/go');
		assert.deepEqual(found, { path: '/b/go', source: 'PATH' });
		assert.equal(await locateGo(base, async () => false), undefined);
	});
	it('expands settings', () => {
		assert.equal(expandSetting('${env:HOME}/x/${userHome}', { env: { HOME: '/e' }, home: '/h' }), '/e/x//h');
	});
	it('puts go.toolsEnvVars and go.goroot over the environment', () => {
		const env = toolsEnv({ PATH: '/a', GOFLAGS: '-x', UNSET: undefined }, { GOFLAGS: '-mod=mod', GOPRIVATE: '${workspaceFolder}', N: 3 }, {
			env: {}, home: '/h', workspaceFolder: '/w', goroot: '/g',
		});
		assert.deepEqual(env, { PATH: '/a', GOFLAGS: '-mod=mod', GOPRIVATE: '/w', GOROOT: '/g' });
	});
});

describe('platformAdvice', () => {
	const never = () => {
		throw new Error('probe must not run off macOS');
	};
	it('does not probe off macOS', () => {
		assert.deepEqual(platformAdvice({ platform: 'linux', hostArch: 'x64', probe: never }), { summary: 'linux/x64' });
	});
	it('warns under Rosetta', () => {
		const a = platformAdvice({ platform: 'darwin', hostArch: 'x64', goArch: 'amd64', probe: () => ({ appleSilicon: true, translated: true }) });
		assert.match(a.warning!, /Rosetta/);
		assert.match(a.warning!, /amd64 programs run translated/);
	});
	it('warns about an amd64 Go on Apple silicon, natively', () => {
		const a = platformAdvice({ platform: 'darwin', hostArch: 'arm64', goArch: 'amd64', probe: () => ({ appleSilicon: true, translated: false }) });
		assert.match(a.warning!, /darwin\/amd64/);
	});
	it('is quiet on a native Apple silicon or Intel setup', () => {
		assert.equal(platformAdvice({ platform: 'darwin', hostArch: 'arm64', goArch: 'arm64', probe: () => ({ appleSilicon: true, translated: false }) }).warning, undefined);
		assert.equal(platformAdvice({ platform: 'darwin', hostArch: 'x64', goArch: 'amd64', probe: () => ({ appleSilicon: false, translated: false }) }).warning, undefined);
	});
	it('falls back when koffi cannot answer', () => {
		assert.equal(platformAdvice({ platform: 'darwin', hostArch: 'arm64', goArch: 'arm64', probe: () => undefined }).summary, 'darwin/arm64');
	});
});

describe('Mutex', () => {
	it('runs callers one at a time, in order, even after failures', async () => {
		const m = new Mutex();
		const log: string[] = [];
		const slow = (name: string, ms: number, fail = false) =>
			m.run(async () => {
				log.push(`start ${name}`);
				await new Promise((r) => setTimeout(r, ms));
				log.push(`end ${name}`);
				if (fail) {
					throw new Error(name);
				}
				return name;
			});
		const results = await Promise.allSettled([slow('a', 20, true), slow('b', 1), slow('c', 5)]);
		assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
		assert.equal(results[0].status, 'rejected');
		assert.deepEqual(results[2], { status: 'fulfilled', value: 'c' });
	});
});
