// A test that needs something this machine lacks: a loud skip here, a failure on CI (CI=true),
// as cannot_run in scripts/lib.sh does for the shell parts of `npm test`. Skips are added to
// the list scripts/test.sh prints at the end.

import * as fs from 'fs';
import * as path from 'path';

/** The `skip` option for node:test: false when `missing` is empty, else the reason (or a throw on CI). */
export function skipUnlessCI(missing: string | false | undefined): string | false {
	if (!missing) {
		return false;
	}
	if (process.env.CI === 'true') {
		throw new Error(`this test cannot run on CI: ${missing}`);
	}
	process.stderr.write(`!!! SKIPPING: ${missing}\n`);
	const list = process.env.GO_REDEFINE_SKIPS;
	if (list) {
		fs.appendFileSync(list, `${path.basename(process.argv[1] ?? 'node test')}: ${missing}\n`);
	}
	return missing;
}
