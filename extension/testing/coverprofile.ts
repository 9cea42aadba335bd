// Reading a Go coverage profile (`go test -coverprofile`, which `redefine test` writes the
// same way) for VS Code's test coverage. No vscode import: tested by table in
// test/unit/coverprofile.test.ts.
//
// A profile is a "mode: set|count|atomic" line, then one line per block:
//   example.com/m/pkg/file.go:12.34,15.2 3 1
// (file by import path, start line.column, end line.column, statements, count). A block
// can appear several times (once per test binary that covered the package): counts add up.

export interface Block {
	startLine: number; // 1-based, as Go prints them
	startCol: number;
	endLine: number;
	endCol: number;
	statements: number;
	count: number;
}

/** Blocks by the profile's file name (import path + base name). */
export function parseCoverProfile(text: string): Map<string, Block[]> {
	const byFile = new Map<string, Map<string, Block>>();
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		const m = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/.exec(line);
		if (!m) {
			continue; // the mode line, blank lines
		}
		const [, file, sl, sc, el, ec, stmts, count] = m;
		let blocks = byFile.get(file);
		if (!blocks) {
			blocks = new Map();
			byFile.set(file, blocks);
		}
		const key = `${sl}.${sc},${el}.${ec}`;
		const old = blocks.get(key);
		if (old) {
			old.count += Number(count);
		} else {
			blocks.set(key, { startLine: +sl, startCol: +sc, endLine: +el, endCol: +ec, statements: +stmts, count: +count });
		}
	}
	const out = new Map<string, Block[]>();
	for (const [file, blocks] of byFile) {
		out.set(file, [...blocks.values()]);
	}
	return out;
}

/**
 * Where a profile's file is on disk, for a run in one package directory: the files of that
 * package (the only ones `-cover` measures) are `<import path>/<base>`, all with one import
 * path, which is the directory's. Others are left out (undefined).
 */
export function fileInDir(profileFile: string, packageImportPath: string, dir: string, join: (...p: string[]) => string): string | undefined {
	const slash = profileFile.lastIndexOf('/');
	if (slash < 0 || profileFile.slice(0, slash) !== packageImportPath) {
		return undefined;
	}
	return join(dir, profileFile.slice(slash + 1));
}

/** The import path of the package whose files are in the profile (the most common one). */
export function profilePackage(files: Iterable<string>): string | undefined {
	const n = new Map<string, number>();
	for (const f of files) {
		const slash = f.lastIndexOf('/');
		if (slash > 0) {
			n.set(f.slice(0, slash), (n.get(f.slice(0, slash)) ?? 0) + 1);
		}
	}
	let best: string | undefined;
	for (const [p, c] of n) {
		if (!best || c > n.get(best)!) {
			best = p;
		}
	}
	return best;
}

/** Statements covered and in total, as VS Code counts them. */
export function statementTotals(blocks: Block[]): { covered: number; total: number } {
	let covered = 0;
	let total = 0;
	for (const b of blocks) {
		total += b.statements;
		if (b.count > 0) {
			covered += b.statements;
		}
	}
	return { covered, total };
}
