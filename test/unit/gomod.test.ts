import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importPathFor, parseModulePath } from '../../extension/decorations/gomod';

describe('go.mod', () => {
	it('reads the module path, quoted or with a comment', () => {
		assert.equal(parseModulePath('module example.com/m\n\ngo 1.22\n'), 'example.com/m');
		assert.equal(parseModulePath('// c\nmodule "example.com/q" // why\n'), 'example.com/q');
		assert.equal(parseModulePath('go 1.22\n'), undefined);
	});
	it('maps a directory to its import path', () => {
		const p = path.posix;
		assert.equal(importPathFor('example.com/m', '/w', '/w', p), 'example.com/m');
		assert.equal(importPathFor('example.com/m', '/w', '/w/internal/store', p), 'example.com/m/internal/store');
		assert.equal(importPathFor('example.com/m', '/w', '/elsewhere', p), undefined);
		assert.equal(importPathFor('example.com/m', 'C:\\w', 'C:\\w\\pkg', path.win32), 'example.com/m/pkg');
	});
});
