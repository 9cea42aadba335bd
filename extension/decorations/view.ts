// Decorations in visible Go editors: a gutter icon and "redefined by X" after each line that
// declares or references a redefined function, with a hover giving the replacement and,
// after a run, whether it was applied or why it failed.
//
// Function references and declarations are found in the text (ranges.ts); calls of redefined
// methods on values (`b.WriteString(…)`) need types, so the server names those
// (redefine/methodOccurrences), asked only when a redefined target is a method.
//
// Cost: work is per visible document, cached by document version, and debounced on edits;
// the only workspace-wide input is the server's list (redefine/list), fetched when the
// server says it changed.

import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { MethodOccurrence, Redefinition } from '../../contracts/lsp';
import { Report } from '../../contracts/report';
import { importPathFor, parseModulePath } from './gomod';
import { InstanceSite, instantiationNames, mayUse, siteOccurrences } from './instances';
import { Occurrence, Target, byLine, findOccurrences } from './ranges';
import { Status, TargetStatus, mergeReports, statusOf } from './report';
import { parseSymbol, shortName } from './symbol';

interface CacheEntry {
	version: number;
	key: number;
	/** What is drawn: the text's occurrences, plus the server's method calls once they arrive. */
	occs: Occurrence[];
	textOccs: Occurrence[];
}

type Look = 'redefined' | Status;

const colors: Record<Look, string> = {
	redefined: 'goRedefine.redefinedForeground',
	applied: 'goRedefine.appliedForeground',
	failed: 'goRedefine.failedForeground',
};

export class DecorationsView implements vscode.Disposable {
	/** The identifier underline, one type per look; ranges only (hovers come from a provider). */
	private readonly marks: Record<Look, vscode.TextEditorDecorationType>;
	/**
	 * Gutter icon and after-text, one type per look and text, created when first needed: the
	 * text lives in the type, so each update passes plain ranges (cheap to send to the editor).
	 */
	private readonly lineTypes = new Map<string, vscode.TextEditorDecorationType>();
	private targets: Target[] = [];
	/** Identifiers of the generic instantiations among the targets (Max for g.Max[int]). */
	private genericNames = new Set<string>();
	/** Asks the language server where a document uses them (redefine/instances). */
	private instanceSource?: (uri: string) => Promise<InstanceSite[]>;
	private directives: Redefinition[] = [];
	/** Reports per source: "debug:<session id>", or "tests" for the last test run. */
	private readonly reports = new Map<string, Report[]>();
	private statuses = new Map<string, TargetStatus>();
	private readonly cache = new Map<string, CacheEntry>();
	/** Where the server finds redefined methods used on values (set by activateDecorations). */
	private methodSource: (uri: vscode.Uri) => Promise<MethodOccurrence[]> = async () => [];
	/** Bumped whenever targets change, to invalidate the per-document cache. */
	private generation = 0;
	private readonly pending = new Map<string, NodeJS.Timeout>();
	private readonly modules = new Map<string, Promise<{ dir: string; path: string } | undefined>>();
	private readonly hovers = new Map<string, vscode.MarkdownString>();
	private enabled: boolean;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(
		private readonly ctx: vscode.ExtensionContext,
		private readonly log: vscode.LogOutputChannel,
	) {
		this.enabled = readSettings().decorationsEnabled;
		const mark = (look: Look) =>
			vscode.window.createTextEditorDecorationType({
				textDecoration: look === 'failed' ? 'underline wavy' : 'underline dotted',
				rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
			});
		this.marks = { redefined: mark('redefined'), applied: mark('applied'), failed: mark('failed') };
		this.subscriptions.push(
			vscode.languages.registerHoverProvider({ language: 'go', scheme: 'file' }, { provideHover: (doc, pos) => this.provideHover(doc, pos) }),
			vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.schedule(e.document, 0))),
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (e.document.languageId === 'go' && e.contentChanges.length) {
					this.schedule(e.document, 150);
				}
			}),
			vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('goRedefine.decorations.enabled')) {
					this.enabled = readSettings().decorationsEnabled;
					this.refreshAll();
				}
			}),
		);
	}

	setMethodSource(source: (uri: vscode.Uri) => Promise<MethodOccurrence[]>): void {
		this.methodSource = source;
	}

	/** Replaces the redefinitions to show (from the server's list). */
	setRedefinitions(list: readonly Redefinition[]): void {
		const valid = list.filter((r) => r.valid);
		if (JSON.stringify(valid) === JSON.stringify(this.directives)) {
			return; // the same list again (a notification after an unrelated edit)
		}
		this.directives = valid;
		this.targets = this.directives.map((r) => ({ target: r.target, replacement: r.replacement }));
		this.genericNames = instantiationNames(this.targets);
		this.generation++;
		this.hovers.clear();
		this.pruneLineTypes();
		this.refreshAll();
	}

	/**
	 * Where uses of generic instantiations come from: the lexical scan cannot tell
	 * Max(1, 2) from Max(1.5, 2.5), the server's types can.
	 */
	setInstanceSource(source: (uri: string) => Promise<InstanceSite[]>): void {
		this.instanceSource = source;
		this.generation++;
		this.refreshAll();
	}

	/** Adds a run's report (debug session or test run); source identifies who sent it. */
	addReport(source: string, report: Report): void {
		const list = this.reports.get(source) ?? [];
		list.push(report);
		this.reports.set(source, list);
		this.recomputeStatuses();
	}

	setReports(source: string, reports: Report[]): void {
		this.reports.set(source, reports);
		this.recomputeStatuses();
	}

	clearReportsWhere(match: (source: string) => boolean): void {
		const gone = [...this.reports.keys()].filter(match);
		gone.forEach((k) => this.reports.delete(k));
		if (gone.length) {
			this.recomputeStatuses();
		}
	}

	status(target: string): TargetStatus | undefined {
		return statusOf(this.statuses, target);
	}

	private recomputeStatuses(): void {
		this.statuses = mergeReports([...this.reports.values()].flat());
		this.hovers.clear();
		this.pruneLineTypes();
		this.refreshAll();
	}

	refreshAll(): void {
		for (const e of vscode.window.visibleTextEditors) {
			if (e.document.languageId === 'go') {
				void this.update(e);
			}
		}
	}

	private schedule(doc: vscode.TextDocument, delayMs: number): void {
		if (doc.languageId !== 'go') {
			return;
		}
		const key = doc.uri.toString();
		clearTimeout(this.pending.get(key));
		this.pending.set(
			key,
			setTimeout(() => {
				this.pending.delete(key);
				for (const e of vscode.window.visibleTextEditors) {
					if (e.document === doc) {
						void this.update(e);
					}
				}
			}, delayMs),
		);
	}

	private async update(editor: vscode.TextEditor): Promise<void> {
		const doc = editor.document;
		const empty = () => {
			for (const t of [...Object.values(this.marks), ...this.lineTypes.values()]) {
				editor.setDecorations(t, []);
			}
		};
		if (!this.enabled || this.targets.length === 0 || doc.uri.scheme !== 'file') {
			empty();
			return;
		}
		const key = doc.uri.toString();
		let cached = this.cache.get(key);
		let scanMs = 0;
		if (!cached || cached.version !== doc.version || cached.key !== this.generation) {
			const pkgPath = await this.packagePath(doc.uri.fsPath);
			const version = doc.version;
			const generation = this.generation;
			const text = doc.getText();
			const t = performance.now();
			let occs = findOccurrences(text, this.targets, pkgPath);
			scanMs = performance.now() - t;
			if (this.instanceSource && this.genericNames.size > 0 && mayUse(text, this.genericNames)) {
				occs = occs.concat(siteOccurrences(await this.instanceSource(key).catch(() => [])));
			}
			cached = { version, key: generation, occs, textOccs: occs };
			this.cache.set(key, cached);
			this.askForMethods(editor, cached);
		}
		// From here on everything is synchronous: no other work interleaves with the timing.
		const t0 = performance.now();
		const lines = new Map<vscode.TextEditorDecorationType, vscode.Range[]>();
		const marks: Record<Look, vscode.Range[]> = { redefined: [], applied: [], failed: [] };
		const lookOf = (target: string): Look => statusOf(this.statuses, target)?.status ?? 'redefined';
		for (const [line, occs] of byLine(cached.occs)) {
			if (line >= doc.lineCount) {
				continue;
			}
			const looks = occs.map((o) => lookOf(o.target));
			const look: Look = looks.includes('failed') ? 'failed' : looks.includes('applied') ? 'applied' : 'redefined';
			const type = this.lineType(look, occs.map((o) => this.afterText(o)).join('; '));
			const end = doc.lineAt(line).range.end;
			const list = lines.get(type);
			const r = new vscode.Range(end, end);
			if (list) {
				list.push(r);
			} else {
				lines.set(type, [r]);
			}
		}
		for (const o of cached.occs) {
			marks[lookOf(o.target)].push(new vscode.Range(o.line, o.start, o.line, o.end));
		}
		const t1 = performance.now();
		for (const look of Object.keys(this.marks) as Look[]) {
			editor.setDecorations(this.marks[look], marks[look]);
		}
		for (const type of this.lineTypes.values()) {
			editor.setDecorations(type, lines.get(type) ?? []);
		}
		const t2 = performance.now();
		// For benchmarks: set the output channel's log level to Trace to see these.
		this.log.trace(
			`decorations: ${doc.lineCount} lines, ${cached.occs.length} occurrences: scan ${scanMs.toFixed(2)} ms, options ${(t1 - t0).toFixed(2)} ms, setDecorations ${(t2 - t1).toFixed(2)} ms`,
		);
	}

	/**
	 * When a redefined target is a method, asks the server where this version of the document
	 * calls it on a value; the answer joins the text's occurrences and redraws the editor.
	 */
	private askForMethods(editor: vscode.TextEditor, entry: CacheEntry): void {
		const methods = this.targets.filter((t) => parseSymbol(t.target)?.recvType);
		if (methods.length === 0) {
			return;
		}
		const doc = editor.document;
		void this.methodSource(doc.uri).then((found) => {
			if (this.cache.get(doc.uri.toString()) !== entry || doc.version !== entry.version || found.length === 0) {
				return; // edited (or the list changed) meanwhile: a newer request is on its way
			}
			const replacement = new Map(methods.map((t) => [t.target, t.replacement]));
			const extra: Occurrence[] = [];
			for (const m of found) {
				const r = replacement.get(m.target);
				const dup = entry.textOccs.some((o) => o.line === m.range.start.line && o.start === m.range.start.character);
				if (r !== undefined && !dup) {
					extra.push({ kind: 'reference', target: m.target, replacement: r, line: m.range.start.line, start: m.range.start.character, end: m.range.end.character });
				}
			}
			entry.occs = [...entry.textOccs, ...extra];
			for (const e of vscode.window.visibleTextEditors) {
				if (e.document === doc) {
					void this.update(e);
				}
			}
		});
	}

	private lineType(look: Look, text: string): vscode.TextEditorDecorationType {
		const key = `${look}\0${text}`;
		let t = this.lineTypes.get(key);
		if (!t) {
			t = vscode.window.createTextEditorDecorationType({
				gutterIconPath: vscode.Uri.joinPath(this.ctx.extensionUri, 'images', `gutter-${look}.svg`),
				gutterIconSize: '70%',
				after: { contentText: text, color: new vscode.ThemeColor(colors[look]), margin: '0 0 0 2em', fontStyle: 'italic' },
				rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
			});
			this.lineTypes.set(key, t);
		}
		return t;
	}

	/** Forgets line types no visible editor uses (the list or statuses changed). */
	private pruneLineTypes(): void {
		for (const e of vscode.window.visibleTextEditors) {
			for (const t of this.lineTypes.values()) {
				e.setDecorations(t, []);
			}
		}
		for (const t of this.lineTypes.values()) {
			t.dispose();
		}
		this.lineTypes.clear();
	}

	private provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
		const cached = this.cache.get(doc.uri.toString());
		if (!this.enabled || !cached || cached.version !== doc.version) {
			return undefined;
		}
		const o = cached.occs.find((x) => x.line === pos.line && x.start <= pos.character && pos.character <= x.end);
		return o ? new vscode.Hover(this.hover(o), new vscode.Range(o.line, o.start, o.line, o.end)) : undefined;
	}

	private afterText(o: Occurrence): string {
		const by = `redefined by ${shortName(o.replacement)}`;
		const s = statusOf(this.statuses, o.target);
		return s?.status === 'failed' ? `${by} (failed)` : s?.status === 'applied' ? `${by} (applied)` : by;
	}

	/** One hover per target and replacement, rebuilt when the list or the statuses change. */
	private hover(o: Occurrence): vscode.MarkdownString {
		const key = `${o.target}\0${o.replacement}`;
		let md = this.hovers.get(key);
		if (!md) {
			md = this.makeHover(o);
			this.hovers.set(key, md);
		}
		return md;
	}

	private makeHover(o: Occurrence): vscode.MarkdownString {
		const md = new vscode.MarkdownString();
		const d = this.directives.find((r) => r.target === o.target);
		md.appendMarkdown(`**Go Redefine**: \`${o.target}\` is redefined by \`${o.replacement}\``);
		if (d) {
			const uri = vscode.Uri.parse(d.uri);
			const line = d.range.start.line + 1;
			md.appendMarkdown(` ([${path.basename(uri.fsPath)}:${line}](${uri.with({ fragment: `L${line}` }).toString()}))`);
		}
		md.appendMarkdown('.\n\n');
		const s = statusOf(this.statuses, o.target);
		if (s?.status === 'applied') {
			md.appendMarkdown('$(check) Applied in the last run.');
		} else if (s?.status === 'failed') {
			md.appendMarkdown('$(error) **Failed** in the last run: ');
			md.appendText(s.detail ?? 'no reason given');
		} else {
			md.appendMarkdown('Takes effect in builds with redefinitions (F5 with a `go-redefine` configuration, Run with Redefinitions, `redefine test`).');
		}
		if (s?.status === 'applied' && s.detail) {
			md.appendMarkdown('\n\n$(warning) ');
			md.appendText(s.detail);
		}
		md.supportThemeIcons = true;
		return md;
	}

	/** The file's package import path, from the nearest go.mod (cached per directory). */
	private async packagePath(file: string): Promise<string | undefined> {
		const dir = path.dirname(file);
		const mod = await this.moduleOf(dir);
		return mod ? importPathFor(mod.path, mod.dir, dir) : undefined;
	}

	private moduleOf(dir: string): Promise<{ dir: string; path: string } | undefined> {
		let p = this.modules.get(dir);
		if (!p) {
			p = (async () => {
				try {
					const text = await fs.promises.readFile(path.join(dir, 'go.mod'), 'utf8');
					const modPath = parseModulePath(text);
					return modPath ? { dir, path: modPath } : undefined;
				} catch {
					const parent = path.dirname(dir);
					return parent === dir ? undefined : this.moduleOf(parent);
				}
			})();
			this.modules.set(dir, p);
		}
		return p;
	}

	/** Forgets cached module paths (a go.mod changed). */
	forgetModules(): void {
		this.modules.clear();
		this.generation++;
		this.refreshAll();
	}

	dispose(): void {
		for (const t of this.pending.values()) {
			clearTimeout(t);
		}
		for (const t of [...Object.values(this.marks), ...this.lineTypes.values()]) {
			t.dispose();
		}
		for (const d of this.subscriptions) {
			d.dispose();
		}
	}
}

/** Wires the view to the language server's list and to go.mod changes. */
export function activateDecorations(
	ctx: vscode.ExtensionContext,
	view: DecorationsView,
	list: () => Promise<Redefinition[]>,
	onDidChangeList: vscode.Event<Redefinition[] | undefined>,
	methodOccurrences: (uri: vscode.Uri) => Promise<MethodOccurrence[]>,
	instances?: (uri: string) => Promise<InstanceSite[]>,
): void {
	view.setMethodSource(methodOccurrences);
	if (instances) {
		view.setInstanceSource(instances);
	}
	let inflight: Promise<void> | undefined;
	let again = false;
	const refresh = () => {
		if (inflight) {
			again = true;
			return;
		}
		inflight = list()
			.then((l) => view.setRedefinitions(l))
			.finally(() => {
				inflight = undefined;
				if (again) {
					again = false;
					refresh();
				}
			});
	};
	const gomod = vscode.workspace.createFileSystemWatcher('**/go.mod');
	const changed = (l: Redefinition[] | undefined) => (l ? view.setRedefinitions(l) : refresh());
	ctx.subscriptions.push(view, onDidChangeList(changed), gomod, gomod.onDidChange(() => view.forgetModules()), gomod.onDidCreate(() => view.forgetModules()));
}
