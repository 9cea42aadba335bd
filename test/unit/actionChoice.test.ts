import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { RedefineActionData } from '../../contracts/lsp';
import { actionData, chooseActions } from '../../extension/commands/actionChoice';

describe('Redefine Function action choice', () => {
	it('reads the target from data, never from the title', () => {
		assert.deepEqual(actionData({ data: { target: 'net/http.(*Client).Do', test: true } }), { target: 'net/http.(*Client).Do', test: true });
		assert.equal(actionData({ data: undefined }), undefined);
		assert.equal(actionData({ data: { target: '', test: false } }), undefined);
		assert.equal(actionData({ data: { target: 'time.Now' } }), undefined);
		assert.equal(actionData({}), undefined);
		const existing = { uri: 'file:///w/redefine_now.go', range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } } };
		assert.deepEqual(actionData({ data: { target: 'time.Now', test: false, existing } }), { target: 'time.Now', test: false, existing });
		assert.deepEqual(actionData({ data: { target: 'time.Now', test: false, existing: { uri: 1 } } }), { target: 'time.Now', test: false });
	});
	const now = (test: boolean): RedefineActionData => ({ target: 'time.Now', test });
	const greeting = (test: boolean): RedefineActionData => ({ target: 'main.greeting', test });
	const cases: [string, (RedefineActionData | undefined)[], 'package' | 'test', number[]][] = [
		['both, package', [now(false), now(true)], 'package', [0]],
		['both, test', [now(false), now(true)], 'test', [1]],
		['only the test one', [now(true)], 'package', [0]],
		['two targets', [now(false), now(true), greeting(false), greeting(true)], 'test', [1, 3]],
		['another action', [undefined], 'package', []],
	];
	for (const [name, actions, loc, want] of cases) {
		it(`${name} (${loc})`, () => assert.deepEqual(chooseActions(actions, loc), want));
	}
});
