import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lex, Kind } from '../../extension/decorations/golex';
import { byLine, fileFacts, findOccurrences } from '../../extension/decorations/ranges';
import { defaultImportName, parseSymbol, shortName } from '../../extension/decorations/symbol';

describe('parseSymbol', () => {
	const cases: [string, ReturnType<typeof parseSymbol>][] = [
		['time.Now', { pkgPath: 'time', name: 'Now' }],
		['main.fixedNow', { pkgPath: 'main', name: 'fixedNow' }],
		['net/http.(*Client).Do', { pkgPath: 'net/http', recvType: 'Client', recvPointer: true, name: 'Do' }],
		['example.com/m.T.Method', { pkgPath: 'example.com/m', recvType: 'T', recvPointer: false, name: 'Method' }],
		['example.com/m/internal/store.load', { pkgPath: 'example.com/m/internal/store', name: 'load' }],
		['gopkg.in/yaml%2ev3.Unmarshal', { pkgPath: 'gopkg.in/yaml.v3', name: 'Unmarshal' }],
		['example.com/m.Map[...]', { pkgPath: 'example.com/m', name: 'Map' }],
		['nodot', undefined],
		['time.', undefined],
		['a.b.c.d', undefined],
	];
	for (const [input, want] of cases) {
		it(input, () => assert.deepEqual(parseSymbol(input), want));
	}
});

describe('defaultImportName', () => {
	const cases: [string, string][] = [
		['time', 'time'],
		['net/http', 'http'],
		['github.com/x/y/v2', 'y'],
		['gopkg.in/yaml.v3', 'yaml'],
		['github.com/mattn/go-sqlite3', 'sqlite3'],
	];
	for (const [input, want] of cases) {
		it(input, () => assert.equal(defaultImportName(input), want));
	}
	it('shortName', () => {
		assert.equal(shortName('example.com/m.fixedNow'), 'fixedNow');
		assert.equal(shortName('net/http.(*Client).Do'), 'Client.Do');
	});
});

describe('lex', () => {
	it('skips comments, strings, runes and raw strings but keeps positions', () => {
		const src = 'a /* time.Now */ b // time.Now\n"time.Now" `x\ny` \'t\' c';
		const idents = lex(src).filter((t) => t.kind === Kind.Ident).map((t) => [t.text, t.line, t.character]);
		assert.deepEqual(idents, [
			['a', 0, 0],
			['b', 0, 17],
			['c', 2, 7],
		]);
	});
	it('counts UTF-16 columns', () => {
		const t = lex('s := "héllo😀"; time.Now()').filter((x) => x.text === 'time');
		assert.equal(t[0].character, 16);
	});
});

const mainGo = `package main

import (
	"fmt"
	t2 "time"
	_ "embed"
	"net/http"
)

// time.Now in a comment is not a reference
func main() {
	fmt.Println(t2.Now().Format("time.Now"))
	f := t2.Now
	_ = f
	x.t2.Now()
	load()
	http.Get("x")
}

func load() {}

func (c *Client) Do() {}
func (Value) Do() {}
`;

describe('fileFacts', () => {
	it('reads the package clause and imports, with aliases, skipping blank imports', () => {
		const f = fileFacts(mainGo);
		assert.equal(f.packageName, 'main');
		assert.deepEqual([...f.imports], [
			['fmt', ['fmt']],
			['time', ['t2']],
			['net/http', ['http']],
		]);
	});
	it('reads single-line imports and dot imports', () => {
		const f = fileFacts('package p; import "os"\nimport . "time"\nfunc f() { Now() }');
		assert.equal(f.packageName, 'p');
		assert.deepEqual([...f.imports], [
			['os', ['os']],
			['time', ['.']],
		]);
	});
});

describe('findOccurrences', () => {
	const tgt = (target: string, replacement = 'main.repl') => ({ target, replacement });
	const at = (occs: ReturnType<typeof findOccurrences>) => occs.map((o) => `${o.kind}:${o.target}@${o.line}:${o.start}-${o.end}`);

	it('finds qualified references through the alias, not in comments, strings or selectors', () => {
		assert.deepEqual(at(findOccurrences(mainGo, [tgt('time.Now')])), [
			'reference:time.Now@11:13-19',
			'reference:time.Now@12:6-12',
		]);
	});
	it('finds own-package declarations and bare calls in package main', () => {
		assert.deepEqual(at(findOccurrences(mainGo, [tgt('main.load')])), ['reference:main.load@15:1-5', 'declaration:main.load@19:5-9']);
	});
	it('tells pointer and value receivers apart only by type name, and plain functions from methods', () => {
		assert.deepEqual(at(findOccurrences(mainGo, [tgt('main.(*Client).Do'), tgt('main.Value.Do')])), [
			'declaration:main.(*Client).Do@21:17-19',
			'declaration:main.Value.Do@22:13-15',
		]);
	});
	it('needs the file import path for packages other than main', () => {
		const src = 'package store\nfunc load() {}\nfunc f() { load() }\n';
		assert.deepEqual(at(findOccurrences(src, [tgt('example.com/m/store.load')])), []);
		assert.deepEqual(at(findOccurrences(src, [tgt('example.com/m/store.load')], 'example.com/m/store')), [
			'declaration:example.com/m/store.load@1:5-9',
			'reference:example.com/m/store.load@2:11-15',
		]);
	});
	it('finds bare calls through a dot import', () => {
		const src = 'package p\nimport . "time"\nfunc f() { _ = Now() }\n';
		assert.deepEqual(at(findOccurrences(src, [tgt('time.Now')])), ['reference:time.Now@2:15-18']);
	});
	it('returns nothing quickly when the file does not import the package', () => {
		assert.deepEqual(findOccurrences('package p\nfunc f() { time.Now() }', [tgt('time.Now')]), []);
	});
	it('byLine keeps one occurrence per target per line', () => {
		const occs = findOccurrences('package p\nimport "time"\nvar a, b = time.Now(), time.Now()\n', [tgt('time.Now')]);
		assert.equal(occs.length, 2);
		assert.deepEqual([...byLine(occs).keys()], [2]);
		assert.equal(byLine(occs).get(2)!.length, 1);
	});
});

describe('findOccurrences on a 5,000-line file', () => {
	it('finds every real reference and none in comments or raw strings', async () => {
		const { bigGoFile } = await import('./fixtures');
		const src = bigGoFile(5000);
		const handlers = (src.match(/^func handler\d+/gm) ?? []).length;
		const occs = findOccurrences(src, [{ target: 'time.Now', replacement: 'main.fixedNow' }, { target: 'main.loadConfig', replacement: 'main.c' }]);
		assert.equal(occs.filter((o) => o.target === 'time.Now').length, 2 * handlers);
		assert.equal(occs.filter((o) => o.target === 'main.loadConfig' && o.kind === 'reference').length, handlers);
		assert.equal(occs.filter((o) => o.kind === 'declaration').length, 1);
	});
});
