// The injection grammar, checked with JavaScript regular expressions (the pattern uses only
// syntax that Oniguruma and JavaScript read alike) and against the manifest that loads it.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const grammar = JSON.parse(fs.readFileSync(path.join(root, 'syntaxes/redefine-directives.tmLanguage.json'), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('directive grammar', () => {
	const re = new RegExp(grammar.repository.directive.match);
	const cases: [string, string | undefined, string | undefined][] = [
		['//redefine:func time.Now', 'redefine:func', 'time.Now'],
		['//redefine:func net/http.(*Client).Do // why', 'redefine:func', 'net/http.(*Client).Do'],
		['\t//redefine:func example.com/m.T.Method', 'redefine:func', 'example.com/m.T.Method'],
		['//redefine:func', 'redefine:func', undefined],
		['// redefine:func time.Now', undefined, undefined],
		['//go:build redefine', undefined, undefined],
	];
	for (const [line, keyword, target] of cases) {
		it(JSON.stringify(line), () => {
			const m = re.exec(line);
			assert.equal(m?.[2], keyword);
			assert.equal(m?.[3], target);
		});
	}
	it('is injected into source.go by the manifest, with its scope name', () => {
		const entry = manifest.contributes.grammars.find((g: { path: string }) => g.path === './syntaxes/redefine-directives.tmLanguage.json');
		assert.ok(entry, 'package.json contributes the grammar');
		assert.equal(entry.scopeName, grammar.scopeName);
		assert.deepEqual(entry.injectTo, ['source.go']);
		assert.match(grammar.injectionSelector, /source\.go/);
	});
});
