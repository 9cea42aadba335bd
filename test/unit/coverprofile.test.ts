import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileInDir, parseCoverProfile, profilePackage, statementTotals } from '../../extension/testing/coverprofile';

describe('coverage profiles', () => {
	const profile = [
		'mode: set',
		'example.com/m/store/store.go:10.20,12.2 2 1',
		'example.com/m/store/store.go:14.2,16.3 1 0',
		'example.com/m/store/load.go:3.14,5.2 1 0',
		// a second test binary covering the same block
		'example.com/m/store/load.go:3.14,5.2 1 1',
		'',
	].join('\n');

	it('reads blocks and adds up repeated ones', () => {
		const blocks = parseCoverProfile(profile);
		assert.deepEqual([...blocks.keys()], ['example.com/m/store/store.go', 'example.com/m/store/load.go']);
		assert.deepEqual(blocks.get('example.com/m/store/store.go')![0], { startLine: 10, startCol: 20, endLine: 12, endCol: 2, statements: 2, count: 1 });
		assert.equal(blocks.get('example.com/m/store/load.go')!.length, 1);
		assert.equal(blocks.get('example.com/m/store/load.go')![0].count, 1);
		assert.deepEqual(statementTotals(blocks.get('example.com/m/store/store.go')!), { covered: 2, total: 3 });
	});

	it('maps the package files to the run directory', () => {
		const blocks = parseCoverProfile(profile);
		const pkg = profilePackage(blocks.keys());
		assert.equal(pkg, 'example.com/m/store');
		assert.equal(fileInDir('example.com/m/store/load.go', pkg!, '/w/m/store', path.posix.join), '/w/m/store/load.go');
		assert.equal(fileInDir('example.com/m/other/x.go', pkg!, '/w/m/store', path.posix.join), undefined);
	});

	it('ignores what is not a block', () => {
		assert.equal(parseCoverProfile('mode: atomic\nnonsense\n').size, 0);
	});
});
