import { strict as assert } from 'assert';
import { test } from 'node:test';
import { defaultParallelism, runPool } from '../../extension/testing/pool';

test('runs packages side by side, at most the limit at once, results in order', async () => {
	let running = 0;
	let most = 0;
	const results = await runPool([30, 10, 20, 5, 15], 2, async (ms) => {
		running++;
		most = Math.max(most, running);
		await new Promise((r) => setTimeout(r, ms));
		running--;
		return ms * 2;
	});
	assert.deepEqual(results, [60, 20, 40, 10, 30]);
	assert.equal(most, 2);
});

test('stops starting packages once cancelled', async () => {
	let started = 0;
	const results = await runPool([1, 2, 3, 4], 1, async (n) => {
		started++;
		return n;
	}, () => started >= 2);
	assert.deepEqual(results, [1, 2, undefined, undefined]);
});

test('go test runs as many packages at once as there are CPUs', () => {
	assert.ok(defaultParallelism() >= 1);
});
