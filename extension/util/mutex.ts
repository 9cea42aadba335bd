// A promise-chain mutex: callers run one at a time, in call order. Pure (no vscode import).

export class Mutex {
	private tail: Promise<void> = Promise.resolve();

	/** Runs fn after every earlier caller has finished, and returns its result. */
	run<T>(fn: () => Promise<T> | T): Promise<T> {
		const result = this.tail.then(fn);
		// The next caller waits for this one whether it succeeded or failed.
		this.tail = result.then(
			() => undefined,
			() => undefined,
		);
		return result;
	}
}
