// Flow e: a directive redefines one generic instantiation, example.com/kitchen/g.Max[int].
// Decorations mark the calls that use that instantiation, Max(3, 4), and not the ones that
// share its name but not its type arguments, Max(1.5, 2.5): only the language server's types
// tell them apart (redefine/instances).

import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { Session } from './harness/session';
import { lineDecorations } from './harness/workbench';

const files: Record<string, string> = {
	'g/g.go': `// Package g has one generic function.
package g

func Max[T ~int | ~float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}
`,
	'maxes.go': `package main

import "example.com/kitchen/g"

func maxes() (int, float64) {
	whole := g.Max(3, 4)
	fraction := g.Max(1.5, 2.5)
	return whole, fraction
}
`,
	'redefine_max.go': `//go:build redefine

package main

//redefine:func example.com/kitchen/g.Max[int]
func maxInt(a, b int) int { return a * b }
`,
};

describe('e. Decorations on one generic instantiation', () => {
	let s: Session;
	before(async () => {
		s = await Session.open({
			name: 'e-generic-decorations',
			trusted: true,
			prepare: (ws) => {
				for (const [name, text] of Object.entries(files)) {
					fs.mkdirSync(path.dirname(path.join(ws, name)), { recursive: true });
					fs.writeFileSync(path.join(ws, name), text);
				}
			},
		});
	});
	after(async () => s?.close());

	it('marks the calls of Max[int] only', async () => {
		const { wb, page } = { wb: s.wb, page: s.wb.page };
		await wb.step('maxes.go', () => wb.openFile('maxes.go'));
		await wb.step('Max-int-decorated', async () => {
			let seen: unknown;
			const decorated = await wb
				.waitFor('maxes.go to decorate its Max(3, 4) call', 180_000, async () => {
					const [d] = await lineDecorations(page, 'g.Max(3, 4)');
					seen = d;
					return d && d.after.length > 0 && d.gutter.length > 0 ? d : undefined;
				})
				.catch((err: Error) => {
					throw new Error(`${err.message}; the line shows ${JSON.stringify(seen)}`);
				});
			assert.match(decorated.after.join(' '), /maxInt/, `the text after the call names the replacement: ${JSON.stringify(decorated)}`);
			assert.ok(decorated.underlines.some((u) => u.startsWith('Max')), `Max is underlined: ${JSON.stringify(decorated)}`);
			const [other] = await lineDecorations(page, 'g.Max(1.5, 2.5)');
			assert.ok(other, 'the Max(1.5, 2.5) line is shown');
			assert.deepEqual(other.after, [], `Max(1.5, 2.5) calls Max[float64], which is not redefined: ${JSON.stringify(other)}`);
			assert.deepEqual(other.underlines, [], `Max(1.5, 2.5) is not underlined: ${JSON.stringify(other)}`);
		});
	});
});
