// Running packages side by side, as `go test ./...` does (-p defaults to the number of CPUs):
// each package is one `redefine test` process, and a test run starts as many at once.

import * as os from 'os';

/** How many packages `go test` builds and runs at once by default (-p = GOMAXPROCS). */
export function defaultParallelism(): number {
	return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/**
 * Calls run on every item, at most limit at a time, and resolves with the results in the items'
 * order. Items not started when stop() turns true are left out (their result is undefined).
 */
export async function runPool<T, R>(
	items: T[],
	limit: number,
	run: (item: T) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<(R | undefined)[]> {
	const results: (R | undefined)[] = new Array(items.length).fill(undefined);
	let next = 0;
	const worker = async () => {
		while (next < items.length && !stop()) {
			const i = next++;
			results[i] = await run(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
	return results;
}
