// A file's package import path from its module. Pure (no vscode import).

import * as path from 'path';

export function parseModulePath(gomod: string): string | undefined {
	const m = /^module\s+("?)([^\s"]+)\1\s*(?:\/\/.*)?$/m.exec(gomod);
	return m?.[2];
}

/** "example.com/m/internal/store" for /w/internal/store in module example.com/m at /w. */
export function importPathFor(modulePath: string, modDir: string, fileDir: string, pathMod: typeof path.posix = path): string | undefined {
	const rel = pathMod.relative(modDir, fileDir);
	if (rel.startsWith('..') || pathMod.isAbsolute(rel)) {
		return undefined;
	}
	return rel === '' ? modulePath : `${modulePath}/${rel.split(pathMod.sep).join('/')}`;
}
