// The `redefine` binary a platform VSIX carries (scripts/package.sh --target): bin/redefine,
// cross-compiled for the VSIX's platform, and bin/redefine.json naming the Go release that
// built it. It is used when the user's Go is that release on that platform, so the first use
// needs no build and no network; otherwise the command is built from the bundled sources.
// Pure (no vscode import).

import * as fs from 'fs';
import * as path from 'path';
import { GoVersion, parseGoVersionOutput } from './version';

/** bin/redefine.json. */
export interface BundledManifest {
	/** `go env GOVERSION` of the toolchain that built it: "go1.26.8". */
	goVersion: string;
	goos: string;
	goarch: string;
}

export type BundledChoice =
	| { use: true; binary: string; manifest: BundledManifest }
	| { use: false; why: string };

/** Whether to use the bundled binary of the extension at `extensionPath` with the user's Go. */
export async function chooseBundled(extensionPath: string, userGo: GoVersion): Promise<BundledChoice> {
	const dir = path.join(extensionPath, 'bin');
	let manifest: BundledManifest;
	try {
		manifest = JSON.parse(await fs.promises.readFile(path.join(dir, 'redefine.json'), 'utf8')) as BundledManifest;
	} catch {
		return { use: false, why: 'this is the universal VSIX: it carries no redefine binary' };
	}
	const why = mismatch(manifest, userGo);
	if (why) {
		return { use: false, why };
	}
	const binary = path.join(dir, process.platform === 'win32' ? 'redefine.exe' : 'redefine');
	try {
		await fs.promises.access(binary, fs.constants.X_OK);
	} catch {
		// An unzip that lost the mode bits: the file is ours, make it runnable again.
		try {
			await fs.promises.chmod(binary, 0o755);
		} catch (err) {
			return { use: false, why: `the bundled ${binary} cannot be run (${(err as Error).message})` };
		}
	}
	return { use: true, binary, manifest };
}

/**
 * Why a binary built as the manifest says does not fit the user's Go, or undefined when it
 * does: the same platform and the same Go release (go1.N: the language and the standard
 * library the command reads code with), whatever the patch release.
 */
export function mismatch(manifest: BundledManifest, userGo: GoVersion): string | undefined {
	const built = parseGoVersionOutput(`go version ${manifest.goVersion} ${manifest.goos}/${manifest.goarch}`);
	if (!built) {
		return `bin/redefine.json names an unknown Go version (${manifest.goVersion})`;
	}
	const builtAs = `${built.raw} for ${manifest.goos}/${manifest.goarch}`;
	if (!userGo.goos || !userGo.goarch) {
		return `the bundled redefine was built with ${builtAs}, and the platform of ${userGo.raw} is not known`;
	}
	if (userGo.goos !== manifest.goos || userGo.goarch !== manifest.goarch) {
		return `the bundled redefine was built with ${builtAs}; your Go is ${userGo.raw} for ${userGo.goos}/${userGo.goarch}`;
	}
	if (userGo.major !== built.major || userGo.minor !== built.minor) {
		return `the bundled redefine was built with ${builtAs}; your Go is ${userGo.raw}, another release`;
	}
	return undefined;
}
