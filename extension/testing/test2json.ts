// `go tool test2json`: the go command's own converter from a test binary's `-test.v` output to
// `go test -json` events. Debug with Redefinitions runs the test binary under Delve, not under
// `go test`, so its output is converted here and fed to the same mapper as a test run's.
// No vscode import.

import { spawn } from 'child_process';

export class Test2Json {
	private readonly child;
	private readonly closed: Promise<void>;
	private stderr = '';

	/**
	 * @param go the go command
	 * @param env its environment
	 * @param onStdout receives test2json's output (JSON lines), in chunks
	 */
	constructor(go: string, env: NodeJS.ProcessEnv, onStdout: (chunk: string) => void) {
		// -t: time stamps, as go test -json has them.
		this.child = spawn(go, ['tool', 'test2json', '-t'], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
		this.child.stdout.setEncoding('utf8').on('data', onStdout);
		this.child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
		this.child.stdin.on('error', () => undefined); // it died: close() reports why
		this.closed = new Promise((resolve) => {
			this.child.on('error', (err) => {
				this.stderr += `cannot run ${go} tool test2json: ${err.message}`;
				resolve();
			});
			this.child.on('close', () => resolve());
		});
	}

	/** Passes the test binary's standard output on. */
	write(text: string): void {
		if (this.child.stdin.writable) {
			this.child.stdin.write(text);
		}
	}

	/** Ends the input and waits for the last events; returns test2json's complaints, if any. */
	async close(): Promise<string> {
		this.child.stdin.end();
		await this.closed;
		return this.stderr.trim();
	}
}
