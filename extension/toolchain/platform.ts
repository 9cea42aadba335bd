// What kind of Mac this is, asked from the OS through koffi (sysctlbyname in libSystem), and
// what that means for redefinitions. No vscode import: the probe is injectable for tests.
//
// The engine takes its Apple-silicon path (run from a relocated copy of the text) only in
// darwin/arm64 programs. An x64 VS Code under Rosetta tends to find an amd64 Go, whose
// programs run translated and patch in place: that works, but it is not what the user will
// see on a native toolchain, so we say so.

export interface MacFacts {
	/** hw.optional.arm64 = 1: the CPU is Apple silicon. */
	appleSilicon: boolean;
	/** sysctl.proc_translated = 1: this process (the extension host) runs under Rosetta. */
	translated: boolean;
}

export type Probe = () => MacFacts | undefined;

interface KoffiLike {
	load(path: string): { func(signature: string): (...args: unknown[]) => number };
}

/** Asks macOS through koffi. Returns undefined (never throws) when koffi or the call fails. */
export function koffiProbe(log: (msg: string) => void, loadKoffi: () => KoffiLike = () => require('koffi')): MacFacts | undefined {
	try {
		const koffi = loadKoffi();
		const libSystem = koffi.load('/usr/lib/libSystem.B.dylib');
		const sysctlbyname = libSystem.func(
			'int sysctlbyname(const char *name, _Out_ int *oldp, _Inout_ size_t *oldlenp, void *newp, size_t newlen)',
		);
		const read = (name: string): number | undefined => {
			const value = [0];
			const len = [4];
			// ENOENT (-1) means the name does not exist on this OS: e.g. hw.optional.arm64 on old Intel macOS.
			return sysctlbyname(name, value, len, null, 0) === 0 ? value[0] : undefined;
		};
		return { appleSilicon: read('hw.optional.arm64') === 1, translated: read('sysctl.proc_translated') === 1 };
	} catch (err) {
		log(`Could not ask macOS about the CPU through koffi (${(err as Error).message}); assuming no Rosetta.`);
		return undefined;
	}
}

export interface PlatformInput {
	platform: NodeJS.Platform;
	/** process.arch of the extension host. */
	hostArch: string;
	/** GOARCH of the Go toolchain found (from `go version`), if known. */
	goArch?: string;
	probe: Probe;
}

export interface PlatformAdvice {
	/** "darwin/arm64 (Apple silicon)", "darwin/amd64 under Rosetta", "linux/amd64", … */
	summary: string;
	/** A warning for the user, when something will not behave as they likely expect. */
	warning?: string;
}

export function platformAdvice(input: PlatformInput): PlatformAdvice {
	const { platform, hostArch, goArch } = input;
	if (platform !== 'darwin') {
		return { summary: `${platform}/${hostArch}` };
	}
	const facts = input.probe();
	if (!facts) {
		if (goArch === 'amd64' && hostArch === 'arm64') {
			return { summary: 'darwin', warning: amd64GoWarning };
		}
		return { summary: `darwin/${hostArch}` };
	}
	if (!facts.appleSilicon) {
		return { summary: 'darwin/amd64 (Intel)' };
	}
	if (facts.translated) {
		return {
			summary: 'darwin/arm64 (Apple silicon), VS Code running under Rosetta',
			warning:
				'VS Code runs as an Intel (x64) app under Rosetta on this Apple silicon Mac' +
				(goArch === 'amd64' ? ', and the Go toolchain it found builds amd64 programs' : '') +
				'. amd64 programs run translated and are patched in place; they do not take the Apple-silicon path. ' +
				'Install the Apple silicon build of VS Code (and an arm64 Go) to test what your users on arm64 will run.',
		};
	}
	if (goArch === 'amd64') {
		return { summary: 'darwin/arm64 (Apple silicon)', warning: amd64GoWarning };
	}
	return { summary: 'darwin/arm64 (Apple silicon)' };
}

const amd64GoWarning =
	'The Go toolchain found builds darwin/amd64 programs on this Apple silicon Mac. They run under Rosetta ' +
	'and are patched in place; they do not take the Apple-silicon path. Install the arm64 Go (go.dev/dl) ' +
	'or set goRedefine.goExecutablePath to it.';
