// Running a process to completion, with cancellation. No vscode import.

import { spawn } from 'child_process';

export interface ExecResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export function execFile(
	file: string,
	args: readonly string[],
	opts: { cwd?: string; env?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<ExecResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, signal: opts.signal, windowsHide: true });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}
