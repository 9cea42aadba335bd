// Runs the VS Code integration suite with @vscode/test-electron: downloads a VS Code build,
// starts it with this extension in development mode on test/vscode/workspace, and runs
// suite/index.ts inside it. It needs network access to the VS Code download site, so it is
// not part of `npm test`; run it with `npm run test:vscode` on a machine that has access
// (a developer laptop, or CI with a display: xvfb-run -a npm run test:vscode).

import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
	const root = path.resolve(__dirname, '../../..');
	try {
		await runTests({
			version: process.env.VSCODE_TEST_VERSION ?? 'stable',
			extensionDevelopmentPath: root,
			extensionTestsPath: path.resolve(__dirname, 'suite/index'),
			launchArgs: [path.join(root, 'test/vscode/workspace'), '--disable-extensions', '--disable-workspace-trust'],
		});
	} catch (err) {
		console.error(`Failed to run the VS Code tests: ${(err as Error).message}`);
		process.exit(1);
	}
}

void main();
