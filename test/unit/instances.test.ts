import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { instantiationNames, isInstantiation, mayUse, siteOccurrences, withoutTypeArgs } from '../../extension/decorations/instances';
import { findOccurrences } from '../../extension/decorations/ranges';

describe('generic instantiations in decorations', () => {
	const targets = [
		{ target: 'example.com/g.Max[int]', replacement: 'main.maxInt' },
		{ target: 'example.com/g.(*Box[map[string][]example.com/g.ID]).Get', replacement: 'main.get' },
		{ target: 'time.Now', replacement: 'main.fixedNow' },
	];

	it('names', () => {
		assert.equal(withoutTypeArgs('example.com/g.(*Box[map[string][]example.com/g.ID]).Get'), 'example.com/g.(*Box).Get');
		assert.ok(isInstantiation('example.com/g.Max[int]'));
		assert.ok(!isInstantiation('time.Now'));
		assert.deepEqual([...instantiationNames(targets)].sort(), ['Get', 'Max']);
	});

	it('asks the server only for files that mention them', () => {
		const names = instantiationNames(targets);
		assert.ok(mayUse('x := g.Max(1, 2)', names));
		assert.ok(!mayUse('x := g.Maximum(1, 2) // MaxInt', names));
		assert.ok(mayUse('v := b.Get()', names));
	});

	it('the lexical scan leaves instantiations to the server', () => {
		const src = 'package main\n\nimport "example.com/g"\n\nfunc main() { _ = g.Max(1, 2); _ = g.Max(1.5, 2.5) }\n';
		assert.deepEqual(findOccurrences(src, targets, 'example.com/m'), []);
	});

	it('turns sites into occurrences', () => {
		const occs = siteOccurrences([
			{ target: 'example.com/g.Max[int]', replacement: 'main.maxInt', range: { start: { line: 4, character: 20 }, end: { line: 4, character: 23 } } },
		]);
		assert.deepEqual(occs, [{ kind: 'reference', target: 'example.com/g.Max[int]', replacement: 'main.maxInt', line: 4, start: 20, end: 23 }]);
	});
});
