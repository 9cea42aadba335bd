// Runs the VS Code integration suite with @vscode/test-electron: downloads a VS Code build,
// starts it with this extension in development mode on test/vscode/workspace, and runs
// suite/index.ts inside it. It needs the VS Code download site, which this project's machines
// cannot reach: the `vscode` job of .github/workflows/macos.yml runs it on an Apple-silicon
// runner and on Linux, and `npm test` only type-checks it. Locally: `npm run test:vscode`
// (on a headless Linux box, `xvfb-run -a npm run test:vscode`).

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
