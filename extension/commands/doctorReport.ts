// Check Setup's report for people: `redefine doctor -json` (native/internal/doctor, Report)
// rendered as aligned lines with a verdict, and the one-line summary of the notification.
// The JSON stays the command's (`redefine doctor -json`); only its reading lives here.
// Pure (no vscode import).

/** `redefine doctor -json`, as native/internal/doctor.Report writes it. */
export interface DoctorReport {
	goVersion?: string;
	goos?: string;
	goarch?: string;
	translated?: boolean;
	strategy?: string;
	supported?: boolean;
	releases?: string[];
	engineDir?: string;
	engineSource?: string;
	commandGoVersion?: string;
	probe?: { ok: boolean; strategy?: string; error?: string };
	problems?: unknown[];
}

/** Reads the command's output as a report, or undefined when it is not one. */
export function parseDoctor(stdout: string): DoctorReport | undefined {
	try {
		const v = JSON.parse(stdout) as unknown;
		return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as DoctorReport) : undefined;
	} catch {
		return undefined;
	}
}

/** The problems, as strings (the command writes strings; anything else is shown as JSON). */
export function doctorProblems(r: DoctorReport): string[] {
	return (r.problems ?? []).map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
}

const strategies: Record<string, string> = {
	inplace: 'in place (the program’s own code is patched)',
	duplicate: 'duplicate (the program runs from a relocated copy of its code, which is patched)',
};

/**
 * The report as lines for the output channel: one check per line, a mark saying whether it
 * is fine, then the problems, each with what to do (the command words them that way).
 * `context` adds what the extension knows and the command does not (which go, which binary).
 */
export function renderDoctor(r: DoctorReport, context: { go?: string; redefine?: string; exitCode?: number | null } = {}): string[] {
	const ok = '✓';
	const bad = '✗';
	const rows: [string, string, string][] = [];
	const row = (mark: string, what: string, value: string) => rows.push([mark, what, value]);
	const problems = doctorProblems(r);
	row(r.goVersion ? ok : bad, 'Go', `${r.goVersion || 'not found'}${context.go ? ` (${context.go})` : ''}`);
	row(r.strategy ? ok : bad, 'Platform', `${r.goos ?? '?'}/${r.goarch ?? '?'}${r.translated ? ', translated by Rosetta' : ''}`);
	row(r.strategy ? ok : bad, 'Strategy', r.strategy ? (strategies[r.strategy] ?? r.strategy) : 'none: this platform is not supported');
	const releases = r.releases?.length ? `the engine knows ${r.releases.join(', ')}` : 'the engine lists no Go releases';
	row(r.supported ? ok : bad, 'Go release', `${r.supported ? 'supported' : 'not supported'}: ${releases}`);
	row(r.engineDir ? ok : bad, 'Engine', r.engineDir ? `${r.engineDir}${r.engineSource ? ` (${r.engineSource})` : ''}` : 'not found');
	row(ok, 'redefine', `built with ${r.commandGoVersion ?? 'an unknown Go'}${context.redefine ? ` (${context.redefine})` : ''}`);
	if (r.probe) {
		row(
			r.probe.ok ? ok : bad,
			'Probe',
			r.probe.ok ? `a program built here redefined a function (strategy ${r.probe.strategy ?? '?'})` : 'a program built here could not redefine a function (see the problems)',
		);
	} else {
		row(' ', 'Probe', 'not run');
	}
	const width = Math.max(...rows.map(([, what]) => what.length));
	const lines = rows.map(([mark, what, value]) => `${mark} ${what.padEnd(width)}  ${value}`);
	lines.push('');
	if (problems.length === 0 && (context.exitCode ?? 0) === 0) {
		lines.push('No problems found: redefinitions work here.');
	} else {
		lines.push(problems.length === 1 ? '1 problem:' : `${problems.length} problems:`);
		problems.forEach((p, i) => lines.push(`  ${i + 1}. ${p}`));
		if (problems.length === 0) {
			lines.push(`  redefine doctor exited with status ${context.exitCode}; its error output is below.`);
		}
	}
	return lines;
}

/** One line for the notification. */
export function doctorSummary(r: DoctorReport, exitCode: number | null): { ok: boolean; text: string } {
	const problems = doctorProblems(r);
	if (problems.length > 0) {
		return { ok: false, text: problems.length === 1 ? `1 problem: ${problems[0]}` : `${problems.length} problems, the first: ${problems[0]}` };
	}
	if (exitCode !== 0) {
		return { ok: false, text: `redefine doctor exited with status ${exitCode}` };
	}
	return { ok: true, text: `everything needed is in place (${r.goVersion ?? 'Go'} on ${r.goos}/${r.goarch}, strategy ${r.strategy ?? 'unknown'})` };
}
