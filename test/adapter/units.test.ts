// Table tests of the adapter's pure parts: configuration, build output, report wording.

import * as assert from 'assert';
import * as path from 'path';
import { describe, it } from 'node:test';
import { buildArgs, parseDiagnostics } from '../../debug-adapter/build';
import { fillDefaults, parseEnvFile, resolveLaunch, splitFlags } from '../../debug-adapter/config';
import { Report } from '../../contracts/report';
import { describeReport } from '../../debug-adapter/report';
import { findDelve, findRedefine } from '../../debug-adapter/tools';
import { fixture } from './helpers';

describe('configuration', () => {
  it('fills defaults for a package directory', () => {
    const r = resolveLaunch({ program: fixture('kitchen') });
    assert.strictEqual(r.packageDir, fixture('kitchen'));
    assert.strictEqual(r.packageArg, '.');
    assert.strictEqual(r.mode, 'debug');
    assert.strictEqual(r.cwd, fixture('kitchen'));
    assert.strictEqual(r.console, 'internalConsole');
  });

  it('takes a .go file as the program', () => {
    const r = resolveLaunch({ program: path.join(fixture('kitchen'), 'main.go') });
    assert.strictEqual(r.packageArg, 'main.go');
  });

  it('reads envFile, then env wins, null unsets', () => {
    const r = resolveLaunch({ program: fixture('kitchen'), envFile: '/x.env', env: { B: 'env', C: null } }, () => 'A=1\nB=file\nexport C="q"\n# comment\n');
    assert.deepStrictEqual(r.env, { A: '1', B: 'env', C: null });
  });

  it('lists redefinitions in order', () => {
    const r = resolveLaunch({ program: fixture('kitchen'), redefine: { 'time.Now': 'main.fixedNow', 'os.Getenv': 'main.env' } });
    assert.deepStrictEqual(r.redefine, [
      { target: 'time.Now', replacement: 'main.fixedNow' },
      { target: 'os.Getenv', replacement: 'main.env' },
    ]);
  });

  it('takes generic instantiations, spaces in type arguments included', () => {
    const r = resolveLaunch({ program: fixture('kitchen'), redefine: { 'example.com/g.Pair[string, any]': 'main.pair', 'example.com/g.Max[int]': 'main.maxInt' } });
    assert.deepStrictEqual(r.redefine, [
      { target: 'example.com/g.Pair[string, any]', replacement: 'main.pair' },
      { target: 'example.com/g.Max[int]', replacement: 'main.maxInt' },
    ]);
  });

  const refused: Array<[object, RegExp]> = [
    [{ program: fixture('kitchen'), args: 'a b' }, /"args" must be an array of strings/],
    [{ program: fixture('kitchen'), env: { A: 1 } }, /"env.A" must be a string/],
    [{ program: fixture('kitchen'), cwd: '/nonexistent' }, /not an existing directory/],
    [{ program: fixture('kitchen'), console: 'externalTerminal' }, /"console"/],
    [{ program: path.join(fixture('kitchen'), 'main.go'), mode: 'test' }, /package directory/],
    [{ program: fixture('kitchen'), redefine: { 'time Now': 'x' } }, /not a Go symbol name/],
    [{ program: fixture('kitchen'), envFile: '/nonexistent.env' }, /Cannot read "envFile"/],
  ];
  for (const [config, want] of refused) {
    it(`refuses ${JSON.stringify(config)}`, () => assert.throws(() => resolveLaunch(config as never), want));
  }

  it('splits build flags like a shell', () => {
    assert.deepStrictEqual(splitFlags(`-tags=a,b -ldflags '-X main.v=1 -s' "-gcflags=all=-N -l"`), [
      '-tags=a,b',
      '-ldflags',
      '-X main.v=1 -s',
      '-gcflags=all=-N -l',
    ]);
    assert.throws(() => splitFlags(`-ldflags '-s`), /unclosed/);
  });

  it('parses env files and points at bad lines', () => {
    assert.deepStrictEqual(parseEnvFile(`A = "x y"\nB='$z'\nC=plain # note\n`), { A: 'x y', B: '$z', C: 'plain' });
    assert.throws(() => parseEnvFile('A=1\nnot a pair\n', 'my.env'), /my.env:2/);
  });

  it('fills an empty configuration from the active file', () => {
    assert.deepStrictEqual(fillDefaults({}, { activeFile: '/m/pkg/x_test.go', alternateDlv: '/bin/dlv', redefinePath: '/bin/redefine' }), {
      type: 'go-redefine',
      request: 'launch',
      name: 'Launch package with redefinitions',
      program: '/m/pkg',
      mode: 'test',
      dlvPath: '/bin/dlv',
      redefinePath: '/bin/redefine',
    });
    assert.strictEqual(fillDefaults({}, { activeFile: '/m/README.md' }), undefined);
    assert.strictEqual(fillDefaults({ type: 'go-redefine', request: 'launch', name: 'n', dlvPath: '/mine' }, { alternateDlv: '/other' })!.dlvPath, '/mine');
  });
});

describe('build', () => {
  it('passes redefinitions, debug gcflags, user flags, output and package', () => {
    const launch = resolveLaunch({ program: fixture('kitchen'), redefine: { 'time.Now': 'main.fixedNow' }, buildFlags: '-tags=x' });
    assert.deepStrictEqual(buildArgs(launch, '/tmp/out'), ['build', '-redefine', 'time.Now=main.fixedNow', '-gcflags=all=-N -l', '-tags=x', '-o', '/tmp/out', '.']);
    const test = resolveLaunch({ program: fixture('kitchen'), mode: 'test', noDebug: true });
    assert.deepStrictEqual(buildArgs(test, '/tmp/out.test'), ['test', '-c', '-o', '/tmp/out.test', '.']);
  });

  it('finds file:line:col diagnostics and makes them absolute', () => {
    const out = '# example.com/m\n./main.go:6:14: undefined: x\n/abs/r.go:7:1: redefine time.Now: no such function\nsub/a.go:3: syntax error\n-redefine: -redefine x=y: bad\n';
    assert.deepStrictEqual(parseDiagnostics(out, '/m'), [
      { file: '/m/main.go', line: 6, column: 14, message: 'undefined: x' },
      { file: '/abs/r.go', line: 7, column: 1, message: 'redefine time.Now: no such function' },
      { file: '/m/sub/a.go', line: 3, message: 'syntax error' },
    ]);
  });
});

describe('report', () => {
  const report: Report = {
    pid: 42,
    executable: '/tmp/kitchen',
    goVersion: 'go1.26.8',
    goos: 'darwin',
    goarch: 'arm64',
    strategy: 'duplicate',
    redefinitions: [
      { target: 'time.Now', replacement: 'main.fixedNow', pos: '/m/r.go:7:1', status: 'applied', error: '', inlinedInto: ['main.main (/m/main.go:12)'] },
      { target: 'os.Getenv', replacement: 'main.env', pos: '/m/r.go:12:1', status: 'failed', error: 'function too short' },
    ],
  };

  it('says what was applied, what failed and where a target was inlined', () => {
    const text = describeReport(report, false).map((l) => l.text);
    assert.match(text[0], /2, strategy duplicate \(darwin\/arm64, go1.26.8\)/);
    assert.match(text[1], /applied +\/m\/r.go:7:1: time.Now -> main.fixedNow/);
    assert.match(text[2], /not seen at main.main \(\/m\/main.go:12\)/);
    assert.match(text[3], /FAILED +\/m\/r.go:12:1: os.Getenv -> main.env: function too short/);
    assert.ok(!text.some((t) => /will NOT be hit/.test(t)), 'no breakpoint warning without debugging');
  });

  it('warns plainly that breakpoints will not be hit under the duplicate strategy when debugging', () => {
    const lines = describeReport(report, true);
    const warning = lines.find((l) => /breakpoints .* will NOT be hit/.test(l.text));
    assert.ok(warning);
    assert.strictEqual(warning!.severity, 'important');
    assert.ok(!describeReport({ ...report, strategy: 'inplace' }, true).some((l) => /NOT be hit/.test(l.text)));
  });
});

describe('tools', () => {
  const nowhere = { PATH: '/nonexistent', GOPATH: '/nonexistent', XDG_CACHE_HOME: '/nonexistent' };

  it('says how to install Delve when it is nowhere', () => {
    assert.throws(() => findDelve(undefined, nowhere), /go install github\.com\/go-delve\/delve\/cmd\/dlv@v\d+\.\d+\.\d+/);
  });

  it('says how to get the redefine command when it is nowhere', () => {
    assert.throws(() => findRedefine(undefined, nowhere), /redefinePath/);
  });

  it('finds tools in PATH', () => {
    const bin = path.join(__dirname, '..', '..', '..', 'test', 'adapter', 'bin');
    assert.strictEqual(findRedefine(path.join(bin, 'redefine-shim'), nowhere), path.join(bin, 'redefine-shim'));
    assert.strictEqual(findDelve('redefine-shim', { ...nowhere, PATH: bin }), path.join(bin, 'redefine-shim'));
  });
});
