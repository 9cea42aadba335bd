// Where to look for the `go` binary, in the order the official Go extension uses:
// our own setting, go.alternateTools, go.goroot, GOROOT, PATH, then the usual install places.
// Pure (no vscode import): the caller passes settings, environment and a file-exists check.

import * as path from 'path';

export interface LocateInput {
	/** goRedefine.goExecutablePath */
	ownSetting?: string;
	/** go.alternateTools["go"]: a path, or a name to look up on PATH */
	alternateTool?: string;
	/** go.goroot */
	goroot?: string;
	env: Record<string, string | undefined>;
	platform: NodeJS.Platform;
	home: string;
	/** The workspace folder, for ${workspaceFolder} in settings. */
	workspaceFolder?: string;
}

/** Expands ~, ${workspaceFolder}, ${userHome} and ${env:NAME} in a setting value. */
export function expandSetting(value: string, input: Pick<LocateInput, 'env' | 'home' | 'workspaceFolder'>): string {
	let v = value.replace(/\$\{env:([^}]+)\}/g, (_, name: string) => input.env[name] ?? '');
	v = v.replace(/\$\{userHome\}/g, input.home);
	if (input.workspaceFolder) {
		v = v.replace(/\$\{workspaceFolder\}/g, input.workspaceFolder);
	}
	if (v === '~' || v.startsWith('~/') || v.startsWith('~\\')) {
		v = path.join(input.home, v.slice(1));
	}
	return v;
}

export interface Candidate {
	path: string;
	/** Which setting or place produced it, for messages ("go.alternateTools", "PATH"). */
	source: string;
}

function exeName(platform: NodeJS.Platform, name: string): string {
	return platform === 'win32' ? `${name}.exe` : name;
}

function isBareName(p: string): boolean {
	return !p.includes('/') && !p.includes('\\');
}

/** Candidates in the order to try; the first that exists wins. */
export function goCandidates(input: LocateInput): Candidate[] {
	const { platform, env, home } = input;
	const pathMod = platform === 'win32' ? path.win32 : path.posix;
	const go = exeName(platform, 'go');
	const out: Candidate[] = [];
	const onPath = (name: string, source: string) => {
		const sep = platform === 'win32' ? ';' : ':';
		for (const dir of (env.PATH ?? env.Path ?? '').split(sep)) {
			if (dir) {
				out.push({ path: pathMod.join(dir, name), source });
			}
		}
	};
	const explicit = (value: string | undefined, source: string) => {
		if (!value) {
			return;
		}
		const v = expandSetting(value, input);
		if (isBareName(v)) {
			onPath(exeName(platform, v.replace(/\.exe$/, '')), source);
		} else {
			out.push({ path: v, source });
		}
	};
	explicit(input.ownSetting, 'goRedefine.goExecutablePath');
	explicit(input.alternateTool, 'go.alternateTools');
	if (input.goroot) {
		out.push({ path: pathMod.join(expandSetting(input.goroot, input), 'bin', go), source: 'go.goroot' });
	}
	if (env.GOROOT) {
		out.push({ path: pathMod.join(env.GOROOT, 'bin', go), source: 'GOROOT' });
	}
	onPath(go, 'PATH');
	const usual: string[] =
		platform === 'win32'
			? [
					pathMod.join(env.ProgramFiles ?? 'C:\\Program Files', 'Go', 'bin', go),
					pathMod.join(env.SystemDrive ?? 'C:', 'Go', 'bin', go),
					pathMod.join(home, 'go', 'bin', go),
				]
			: [
					'/usr/local/go/bin/go',
					'/opt/homebrew/bin/go',
					'/usr/local/bin/go',
					'/usr/lib/go/bin/go',
					'/snap/bin/go',
					pathMod.join(home, 'go', 'bin', 'go'),
					pathMod.join(home, '.go', 'bin', 'go'),
				];
	for (const p of usual) {
		out.push({ path: p, source: 'default location' });
	}
	return out;
}

/** The first candidate for which exists() holds. */
export async function locateGo(
	input: LocateInput,
	exists: (p: string) => Promise<boolean>,
): Promise<Candidate | undefined> {
	const seen = new Set<string>();
	for (const c of goCandidates(input)) {
		if (seen.has(c.path)) {
			continue;
		}
		seen.add(c.path);
		if (await exists(c.path)) {
			return c;
		}
	}
	return undefined;
}

/**
 * The environment for go and redefine processes: the extension host's, with
 * go.toolsEnvVars on top (values expanded), and GOROOT from go.goroot when set.
 */
export function toolsEnv(
	base: Record<string, string | undefined>,
	toolsEnvVars: Record<string, unknown> | undefined,
	input: Pick<LocateInput, 'env' | 'home' | 'workspaceFolder' | 'goroot'>,
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(base)) {
		if (v !== undefined) {
			env[k] = v;
		}
	}
	for (const [k, v] of Object.entries(toolsEnvVars ?? {})) {
		if (typeof v === 'string') {
			env[k] = expandSetting(v, input);
		}
	}
	if (input.goroot) {
		env.GOROOT = expandSetting(input.goroot, input);
	}
	return env;
}
