import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { chooseActions, parseActionTitle } from '../../extension/commands/actionChoice';

describe('Redefine Function action choice', () => {
	it('parses titles', () => {
		assert.deepEqual(parseActionTitle('Redefine time.Now'), { target: 'time.Now', inTests: false });
		assert.deepEqual(parseActionTitle('Redefine net/http.(*Client).Do in tests'), { target: 'net/http.(*Client).Do', inTests: true });
		assert.equal(parseActionTitle('Extract function'), undefined);
	});
	const cases: [string[], 'package' | 'test', number[]][] = [
		[['Redefine time.Now', 'Redefine time.Now in tests'], 'package', [0]],
		[['Redefine time.Now', 'Redefine time.Now in tests'], 'test', [1]],
		[['Redefine time.Now in tests'], 'package', [0]],
		[['Redefine time.Now', 'Redefine time.Now in tests', 'Redefine main.greeting', 'Redefine main.greeting in tests'], 'test', [1, 3]],
		[['Something else'], 'package', []],
	];
	for (const [titles, loc, want] of cases) {
		it(`${titles.join(' | ')} (${loc})`, () => assert.deepEqual(chooseActions(titles, loc), want));
	}
});
