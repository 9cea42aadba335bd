// Go versions: parsing `go version` output and go.mod's go directive, and comparing them.
// Pure (no vscode import).

export interface GoVersion {
	major: number;
	minor: number;
	patch: number;
	/** The text as the toolchain prints it ("go1.26.8", "go1.23rc1", "devel go1.27-abc"). */
	raw: string;
	/** The platform from `go version` ("linux/amd64"), when known. */
	goos?: string;
	goarch?: string;
}

/** Parses `go version` output: "go version go1.26.8 linux/amd64". */
export function parseGoVersionOutput(out: string): GoVersion | undefined {
	const m = /go version (devel )?go(\d+)\.(\d+)(?:\.(\d+))?(\S*)(?:[^\n]*?\s(\w+)\/(\w+))?\s*$/m.exec(out.trim());
	if (!m) {
		return undefined;
	}
	return {
		major: Number(m[2]),
		minor: Number(m[3]),
		patch: m[4] ? Number(m[4]) : 0,
		raw: `go${m[2]}.${m[3]}${m[4] ? '.' + m[4] : ''}${m[5] ?? ''}`,
		goos: m[6],
		goarch: m[7],
	};
}

/** Reads the `go 1.22` directive of a go.mod file. */
export function parseGoDirective(gomod: string): GoVersion | undefined {
	const m = /^go\s+(\d+)\.(\d+)(?:\.(\d+))?\s*$/m.exec(gomod);
	if (!m) {
		return undefined;
	}
	return { major: Number(m[1]), minor: Number(m[2]), patch: m[3] ? Number(m[3]) : 0, raw: `go${m[1]}.${m[2]}${m[3] ? '.' + m[3] : ''}` };
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
	return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** A file-name-safe key for caching a build per Go version and platform. */
export function cacheKey(v: GoVersion, extensionVersion: string): string {
	const plat = v.goos && v.goarch ? `-${v.goos}-${v.goarch}` : '';
	return `${extensionVersion}-${v.raw}${plat}`.replace(/[^A-Za-z0-9._-]/g, '_');
}
