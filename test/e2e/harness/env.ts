// What scripts/e2e/run.sh hands the tests: where the tools, the VSIX and the artifacts are.
// Nothing here installs anything; run the suite through `npm run test:e2e`.

import * as fs from 'fs';
import * as path from 'path';

export interface E2EEnv {
	/** The code-server install (scripts/e2e/install.sh): node_modules/.bin/code-server, Node 24. */
	tools: string;
	/** The packaged extension under test. */
	vsix: string;
	/** Chromium, from Debian. */
	chromium: string;
	/** Where screenshots and logs go: .artifacts/e2e/. */
	artifacts: string;
	/** Extra directories for code-server's PATH (Delve, Go), as a user would have them. */
	extraPath: string[];
	/** The repository root. */
	root: string;
}

export const root = path.resolve(__dirname, '../../../..');

export function e2eEnv(): E2EEnv {
	const need = (name: string): string => {
		const v = process.env[name];
		if (!v) {
			throw new Error(`${name} is not set: run the end-to-end tests with \`npm run test:e2e\` (scripts/e2e/run.sh sets it)`);
		}
		return v;
	};
	const env: E2EEnv = {
		tools: need('GO_REDEFINE_E2E_TOOLS'),
		vsix: need('GO_REDEFINE_E2E_VSIX'),
		chromium: process.env.GO_REDEFINE_E2E_CHROMIUM || '/usr/bin/chromium',
		artifacts: process.env.GO_REDEFINE_E2E_ARTIFACTS || path.join(root, '.artifacts', 'e2e'),
		extraPath: (process.env.GO_REDEFINE_E2E_PATH || '').split(path.delimiter).filter(Boolean),
		root,
	};
	for (const [what, p] of [['code-server tools', env.tools], ['VSIX', env.vsix], ['Chromium', env.chromium]] as const) {
		if (!fs.existsSync(p)) {
			throw new Error(`the ${what} (${p}) does not exist`);
		}
	}
	return env;
}
