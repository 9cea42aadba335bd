// Where a document uses redefined generic instantiations. Only types tell `Max(1, 2)`
// (example.com/g.Max[int]) from `Max(1.5, 2.5)`, so the language server answers
// (redefine/instances); this file decides when to ask and turns the answer into occurrences.
// Pure (no vscode import).

import { Occurrence } from './ranges';
import { parseSymbol } from './symbol';

export const instancesRequest = 'redefine/instances';

/** One entry of the redefine/instances answer. */
export interface InstanceSite {
	target: string;
	replacement: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface InstancesResult {
	sites: InstanceSite[];
}

/** The name without its type arguments: "example.com/g.(*Box[string]).Get" → "example.com/g.(*Box).Get". */
export function withoutTypeArgs(target: string): string {
	let out = '';
	let depth = 0;
	for (const c of target) {
		if (c === '[') {
			depth++;
		} else if (c === ']') {
			depth--;
		} else if (depth === 0) {
			out += c;
		}
	}
	return out;
}

/** Whether a target names one instantiation of a generic function or method. */
export function isInstantiation(target: string): boolean {
	return target.includes('[') && !target.endsWith('[...]');
}

/** The identifiers uses of these instantiations are spelled with: Max, Get. */
export function instantiationNames(targets: readonly { target: string }[]): Set<string> {
	const names = new Set<string>();
	for (const t of targets) {
		if (isInstantiation(t.target)) {
			const sym = parseSymbol(withoutTypeArgs(t.target));
			if (sym) {
				names.add(sym.name);
			}
		}
	}
	return names;
}

const identChar = /[\p{L}\p{N}_]/u;

/** Whether src mentions one of names as an identifier: only then is the server asked. */
export function mayUse(src: string, names: ReadonlySet<string>): boolean {
	for (const name of names) {
		for (let i = src.indexOf(name); i >= 0; i = src.indexOf(name, i + 1)) {
			const before = i > 0 ? src[i - 1] : '';
			const after = src[i + name.length] ?? '';
			if (!identChar.test(before) && !identChar.test(after)) {
				return true;
			}
		}
	}
	return false;
}

/** The server's sites as occurrences, one line each (a use never spans lines). */
export function siteOccurrences(sites: readonly InstanceSite[]): Occurrence[] {
	return sites.map((s) => ({
		kind: 'reference',
		target: s.target,
		replacement: s.replacement,
		line: s.range.start.line,
		start: s.range.start.character,
		end: s.range.start.line === s.range.end.line ? s.range.end.character : s.range.start.character,
	}));
}
