// Test item ids, encoded as URIs the way the official Go extension does, so an id says what
// it is and where: file:///abs/dir?package, file:///abs/dir/x_test.go?file,
// file:///abs/dir/x_test.go?test#TestName, …?test#TestName/sub_case.
// Pure (no vscode import).

import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

export type ItemKind = 'package' | 'file' | 'test' | 'benchmark' | 'fuzz' | 'example';

export interface TestId {
	kind: ItemKind;
	/** Absolute path: a directory for packages, a file otherwise. */
	path: string;
	/** Test name, with subtests separated by '/', for test-like kinds. */
	name?: string;
}

export function encodeId(id: TestId): string {
	const url = pathToFileURL(id.path);
	url.search = id.kind;
	if (id.name !== undefined) {
		url.hash = encodeURIComponent(id.name).replace(/%2F/g, '/');
	}
	return url.toString();
}

export function decodeId(s: string): TestId | undefined {
	let url: URL;
	try {
		url = new URL(s);
	} catch {
		return undefined;
	}
	if (url.protocol !== 'file:') {
		return undefined;
	}
	const kind = url.search.slice(1) as ItemKind;
	if (!['package', 'file', 'test', 'benchmark', 'fuzz', 'example'].includes(kind)) {
		return undefined;
	}
	const id: TestId = { kind, path: fileURLToPath(url) };
	if (url.hash) {
		id.name = decodeURIComponent(url.hash.slice(1));
	}
	return id;
}

/** The kind of a top-level test function from its name, or undefined if it is not one. */
export function testKind(funcName: string): Exclude<ItemKind, 'package' | 'file'> | undefined {
	const m = /^(Test|Benchmark|Fuzz|Example)(.*)$/.exec(funcName);
	if (!m) {
		return undefined;
	}
	// "Testing" is not a test: the suffix must not start with a lower-case letter.
	if (m[2] !== '' && /^\p{Ll}/u.test(m[2])) {
		return undefined;
	}
	return ({ Test: 'test', Benchmark: 'benchmark', Fuzz: 'fuzz', Example: 'example' } as const)[m[1] as 'Test'];
}

/** Escapes a test name for one element of go test's -run pattern (which is split on '/'). */
export function runPatternElement(name: string): string {
	// go test rewrites spaces in subtest names to underscores in the reported name; the name we
	// hold is the reported one, so it can be matched literally.
	return '^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
}

/**
 * The -run (or -bench) pattern for a set of test names in one package. Top-level names are
 * joined with '|'; a single subtest gives a per-level pattern ("^TestA$/^case_1$").
 */
export function runPattern(names: readonly string[]): string {
	if (names.length === 1 && names[0].includes('/')) {
		return names[0].split('/').map(runPatternElement).join('/');
	}
	const tops = [...new Set(names.map((n) => n.split('/')[0]))];
	return '^(' + tops.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')$';
}

/** The directory a package id or test-file id runs in. */
export function packageDirOf(id: TestId): string {
	return id.kind === 'package' ? id.path : path.dirname(id.path);
}
