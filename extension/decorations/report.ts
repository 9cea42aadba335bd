// Folding redefinition reports (one per program or test binary) into one status per target.
// Pure (no vscode import).

import { Report, ReportEntry } from '../../contracts/report';

export type Status = 'applied' | 'failed';

export interface TargetStatus {
	status: Status;
	/** Why it failed, or what to know although it applied (inlined call sites). */
	detail?: string;
}

/**
 * Merges reports. A target is `failed` if any binary failed to redefine it, `applied` if at
 * least one applied it and none failed; `skipped` entries (the target is not in that binary)
 * do not count. Inlined call sites are listed in the detail of an applied target.
 */
export function mergeReports(reports: readonly Report[]): Map<string, TargetStatus> {
	const out = new Map<string, TargetStatus>();
	for (const r of reports) {
		for (const e of r.redefinitions ?? []) {
			fold(out, e, r);
		}
	}
	return out;
}

function fold(out: Map<string, TargetStatus>, e: ReportEntry, r: Report): void {
	if (e.status === 'skipped') {
		return;
	}
	const prev = out.get(e.target);
	if (e.status === 'failed') {
		const why = e.error || 'failed (no reason given)';
		const detail = prev?.status === 'failed' && prev.detail && prev.detail !== why ? `${prev.detail}; ${why}` : why;
		out.set(e.target, { status: 'failed', detail });
		return;
	}
	if (prev?.status === 'failed') {
		return;
	}
	const notes: string[] = [];
	if (e.inlinedInto?.length) {
		notes.push(`inlined into ${e.inlinedInto.join(', ')}: those call sites still run the original`);
	}
	if (r.strategy === 'duplicate') {
		notes.push('runs from a relocated copy of the text (Apple silicon): breakpoints in the original text are not hit');
	}
	out.set(e.target, { status: 'applied', detail: notes.length ? notes.join('; ') : prev?.detail });
}

/**
 * The status of a directive's target. Test binaries name package main by its import path
 * ("example.com/m.greeting" for a directive's "main.greeting"), so a "main." target also
 * matches a reported name in any package with the same function or method.
 */
export function statusOf(statuses: ReadonlyMap<string, TargetStatus>, target: string): TargetStatus | undefined {
	const exact = statuses.get(target);
	if (exact || !target.startsWith('main.')) {
		return exact;
	}
	const rest = target.slice('main.'.length);
	for (const [name, status] of statuses) {
		const slash = name.lastIndexOf('/');
		const dot = name.indexOf('.', slash + 1);
		if (dot > 0 && name.slice(dot + 1) === rest) {
			return status;
		}
	}
	return undefined;
}
