// Drives the VS Code workbench in Chromium the way a person does: the command palette (F1),
// Quick Open (Ctrl+P), Go to Line (Ctrl+G), the mouse for menus and views. Every step can be
// photographed; a failed step is photographed and its error names the picture.

import * as fs from 'fs';
import * as path from 'path';
import { Locator, Page } from 'playwright-core';

export class Workbench {
	private shotCount = 0;

	constructor(
		readonly page: Page,
		/** This session's screenshot folder. */
		readonly shots: string,
		/** Extra text for failure messages, e.g. the extension's log. */
		private readonly diagnostics: () => string = () => '',
	) {
		fs.mkdirSync(shots, { recursive: true });
	}

	/** Saves a numbered screenshot of the whole window and returns its path. */
	async shot(name: string): Promise<string> {
		const file = path.join(this.shots, `${String(++this.shotCount).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
		await this.page.screenshot({ path: file });
		return file;
	}

	/**
	 * Runs one step of a flow and photographs the screen after it. When it fails, the error
	 * says which step, where the picture of the failure is, and what the extension logged.
	 */
	async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
		try {
			const result = await fn();
			await this.shot(name);
			return result;
		} catch (err) {
			let picture = '(no screenshot: the page is gone)';
			try {
				picture = await this.shot(`FAILED-${name}`);
			} catch {
				// keep the original error
			}
			const notes = await this.notificationTexts().catch(() => [] as string[]);
			const e = err as Error;
			e.message =
				`step "${name}" failed: ${e.message}\n  screenshot: ${picture}` +
				(notes.length ? `\n  notifications on screen:\n    - ${notes.join('\n    - ')}` : '') +
				indent(this.diagnostics());
			throw e;
		}
	}

	/** Waits for the workbench to render and the extensions to be ready for input. */
	async waitReady(): Promise<void> {
		await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
		await this.page.locator('.statusbar').waitFor({ timeout: 30_000 });
		// The explorer shows the folder once the remote file system answers.
		await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
	}

	/** Runs a command from the command palette by its full label, e.g. "Go Redefine: Show Output". */
	async command(label: string): Promise<void> {
		await this.closeQuickInput();
		await this.page.keyboard.press('F1');
		const input = this.page.locator('.quick-input-widget input');
		await input.waitFor({ state: 'visible', timeout: 10_000 });
		await input.fill(`>${label}`);
		const row = this.quickPickRow(label);
		await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => {
			const offered = await this.quickPickLabels();
			throw new Error(`the command palette offers no "${label}" (it offers: ${offered.join(' | ') || 'nothing'})`);
		});
		// As with menus, a click during layout can be lost: click until the palette closes.
		const widget = this.page.locator('.quick-input-widget');
		for (let attempt = 1; attempt <= 3; attempt++) {
			await row.click().catch(() => undefined);
			if (await widget.waitFor({ state: 'hidden', timeout: 3_000 }).then(() => true, () => false)) {
				return;
			}
			if (!(await row.isVisible().catch(() => false))) {
				return; // the command opened a picker of its own
			}
		}
		throw new Error(`clicking "${label}" in the command palette three times did not run it`);
	}

	/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
	async openFile(name: string): Promise<void> {
		await this.closeQuickInput();
		await this.page.keyboard.press('Control+P');
		const input = this.page.locator('.quick-input-widget input');
		await input.waitFor({ state: 'visible', timeout: 10_000 });
		await input.fill(name);
		const row = this.quickPickRow(path.basename(name));
		await row.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
			throw new Error(`Quick Open does not find ${name} (it offers: ${(await this.quickPickLabels()).join(' | ') || 'nothing'})`);
		});
		// Results keep arriving (recent files, then the file search): walk the list with the
		// keyboard until the row for exactly this file has the focus, then open it.
		await this.page.waitForTimeout(300);
		const base = path.basename(name);
		for (let i = 0; i < 10; i++) {
			const focused = await this.page.locator('.quick-input-list .monaco-list-row.focused .label-name').first().innerText().catch(() => '');
			if (focused.trim() === base) {
				break;
			}
			await this.page.keyboard.press('ArrowDown');
		}
		await this.page.keyboard.press('Enter');
		await this.waitForActiveEditor(path.basename(name));
	}

	/** Waits until the window title names file as the active editor ("main.go - kitchen - …"). */
	async waitForActiveEditor(file: string, timeoutMs = 20_000): Promise<void> {
		await this.waitFor(`the editor of ${file} to be active`, timeoutMs, async () => (await this.page.title()).startsWith(`${file} - `) || (await this.page.title()).startsWith(`● ${file} - `));
		await this.editor().waitFor({ timeout: timeoutMs });
	}

	/** The active text editor. */
	editor(): Locator {
		return this.page.locator('.editor-group-container.active .monaco-editor').first();
	}

	/** Moves the cursor with Go to Line/Column (Ctrl+G), 1-based like the status bar. */
	async goto(line: number, column: number): Promise<void> {
		await this.editor().click({ position: { x: 200, y: 10 } }).catch(() => undefined);
		await this.page.keyboard.press('Control+G');
		const input = this.page.locator('.quick-input-widget input');
		await input.waitFor({ state: 'visible', timeout: 10_000 });
		await input.fill(`:${line}:${column}`);
		await this.page.keyboard.press('Enter');
		// The status bar counts columns visually (a tab is 4 wide): check the line only.
		await this.page.locator('.statusbar-item', { hasText: new RegExp(`^Ln ${line}, Col \\d+`) }).waitFor({ timeout: 10_000 }).catch(async () => {
			const at = await this.page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first().innerText().catch(() => '?');
			throw new Error(`the cursor is at ${at}, not on line ${line}`);
		});
	}

	/** The rendered line of the active editor that contains text (the view lines, not the model). */
	viewLine(text: string | RegExp): Locator {
		return this.editor().locator('.view-line', { hasText: text }).first();
	}

	/** Opens the editor's context menu with a right click on the given text of a visible line. */
	async rightClickOn(lineText: string | RegExp, word: string): Promise<void> {
		const line = this.viewLine(lineText);
		await line.waitFor({ timeout: 10_000 });
		const span = line.locator('span > span', { hasText: word }).first();
		// The line's tokens may still be coming (the grammar loads after the editor opens).
		await span.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
		const box = await span.boundingBox();
		if (!box) {
			throw new Error(`"${word}" is not visible on the line with ${lineText}`);
		}
		await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2, { button: 'right' });
		await this.page.locator('.context-view .monaco-menu, .monaco-menu-container').first().waitFor({ timeout: 10_000 });
	}

	/** Clicks a context menu item by its label. */
	async clickMenuItem(label: string): Promise<void> {
		const item = this.page.getByRole('menuitem', { name: label, exact: true }).first();
		await item.waitFor({ timeout: 10_000 }).catch(async () => {
			const items = await this.page.getByRole('menuitem').allInnerTexts();
			throw new Error(`the menu has no "${label}" (it has: ${items.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' | ')})`);
		});
		// A click that lands while the menu is still laying itself out is lost (the menu stays
		// open): click again until the menu closes, which is when the item ran.
		for (let attempt = 1; ; attempt++) {
			await item.click();
			const closed = await item.waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false);
			if (closed) {
				return;
			}
			if (attempt === 3) {
				throw new Error(`clicking "${label}" three times did not run it: the menu stays open`);
			}
		}
	}

	/** The messages of the notification toasts and of the notification center, when open. */
	async notificationTexts(): Promise<string[]> {
		const texts = await this.page.locator('.notification-list-item-message').allInnerTexts();
		return [...new Set(texts.map((t) => t.trim()).filter(Boolean))];
	}

	/** Dismisses every notification, so the next one seen is new. */
	async clearNotifications(): Promise<void> {
		await this.command('Notifications: Clear All Notifications');
		await this.waitFor('the notifications to clear', 10_000, async () => (await this.notificationTexts()).length === 0);
	}

	/** Waits for a notification whose message matches. */
	async waitForNotification(match: RegExp, timeoutMs: number): Promise<string> {
		return this.waitFor(`a notification matching ${match}`, timeoutMs, async () => {
			const hit = (await this.notificationTexts()).find((t) => match.test(t));
			return hit;
		});
	}

	/** Polls until probe returns a value, or fails with what it waited for. */
	async waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		let last: unknown;
		for (;;) {
			try {
				const v = await probe();
				if (v !== undefined && v !== false) {
					return v;
				}
			} catch (err) {
				last = err;
			}
			if (Date.now() > deadline) {
				throw new Error(`waited ${Math.round(timeoutMs / 1000)}s for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
			}
			await this.page.waitForTimeout(500);
		}
	}

	/** The visible text of an element, with the non-breaking spaces editors render as spaces. */
	async text(locator: Locator): Promise<string> {
		return (await locator.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
	}

	/** The visible text of the Debug Console. */
	async debugConsoleText(): Promise<string> {
		return this.text(this.page.locator('.repl'));
	}

	/** Texts of the status bar items. */
	async statusBarTexts(): Promise<string[]> {
		return (await this.page.locator('.statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
	}

	async closeQuickInput(): Promise<void> {
		if (await this.page.locator('.quick-input-widget').isVisible().catch(() => false)) {
			await this.page.keyboard.press('Escape');
		}
	}

	private quickPickRow(label: string): Locator {
		return this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRe(label)}$`) }) }).first();
	}

	private async quickPickLabels(): Promise<string[]> {
		return (await this.page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).slice(0, 10);
	}
}

export function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function indent(s: string): string {
	return s ? `\n  ${s.trim().split('\n').join('\n  ')}` : '';
}

/** What the editor shows beside a line: decoration texts after it and gutter icons before it. */
export interface LineDecorations {
	/** The rendered line, e.g. "\treturn time.Now().Format(time.Kitchen)". */
	line: string;
	/** Texts drawn after the line (decorations with `after.contentText`). */
	after: string[];
	/** Gutter icon image URLs of that line. */
	gutter: string[];
	/** Text decorations (underlines) on the words of the line: "Now: underline dotted". */
	underlines: string[];
}

/**
 * Reads the decorations the active editor draws on its visible lines containing text.
 * Decoration texts are CSS generated content, invisible to innerText, so this asks the
 * browser for the computed styles, as a screen reader or a person's eyes would see them.
 */
export async function lineDecorations(page: Page, text: string): Promise<LineDecorations[]> {
	const script = `(() => {
		const want = ${JSON.stringify(text)};
		const editor = document.querySelector('.editor-group-container.active .monaco-editor');
		if (!editor) return [];
		const out = [];
		const margin = editor.querySelector('.margin');
		for (const line of editor.querySelectorAll('.view-lines .view-line')) {
			const rendered = line.innerText.replace(/\\u00a0/g, ' ');
			if (!rendered.includes(want)) continue;
			const after = [];
			const underlines = [];
			for (const span of line.querySelectorAll('span')) {
				const c = getComputedStyle(span, '::after').content;
				if (c && c !== 'none' && c !== 'normal') after.push(c.replace(/^"|"$/g, '').replace(/\\\\"/g, '"'));
				const d = getComputedStyle(span).textDecorationLine + ' ' + getComputedStyle(span).textDecorationStyle;
				if (span.children.length === 0 && getComputedStyle(span).textDecorationLine !== 'none') underlines.push(span.innerText + ': ' + d);
			}
			// Gutter icons: whatever in the margin draws an image level with this line
			// (glyph margin widgets or margin overlays, depending on the VS Code release).
			const box = line.getBoundingClientRect();
			const mid = box.top + box.height / 2;
			const gutter = [];
			for (const g of margin ? margin.querySelectorAll('*') : []) {
				const r = g.getBoundingClientRect();
				if (r.height === 0 || r.top > mid || r.bottom < mid) continue;
				const bg = getComputedStyle(g).backgroundImage;
				if (bg && bg !== 'none') gutter.push(bg);
			}
			out.push({ line: rendered, after, gutter, underlines });
		}
		return out;
	})()`;
	return (await page.evaluate(script)) as LineDecorations[];
}
