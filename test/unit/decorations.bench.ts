// Benchmark of the decoration update's pure part (lexing a document and finding every
// occurrence of the redefined functions) on a 5,000-line Go file. The VS Code part of an update
// (setDecorations with the results) is not measurable outside VS Code.
//
// Run: npm run bench:extension   (or: npx tsc -p . && node out/test/unit/decorations.bench.js)

import { byLine, findOccurrences } from '../../extension/decorations/ranges';
import { bigGoFile } from './fixtures';

const src = bigGoFile(5000);
const targets = [
	{ target: 'time.Now', replacement: 'main.fixedNow' },
	{ target: 'os.Getenv', replacement: 'main.fakeGetenv' },
	{ target: 'main.loadConfig', replacement: 'main.testConfig' },
	{ target: 'net/http.(*Client).Do', replacement: 'main.fakeDo' },
	{ target: 'strings.ToUpper', replacement: 'main.upper' },
];

function measure(label: string, fn: () => number, iterations: number): void {
	for (let i = 0; i < 20; i++) fn(); // warm up the JIT
	const times: number[] = [];
	let found = 0;
	for (let i = 0; i < iterations; i++) {
		const t0 = process.hrtime.bigint();
		found = fn();
		times.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	times.sort((a, b) => a - b);
	const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
	console.log(`${label}: median ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1].toFixed(2)} ms (${iterations} runs, ${found} occurrences)`);
}

console.log(`file: ${src.split('\n').length} lines, ${src.length} characters; ${targets.length} targets; node ${process.version}`);
measure('update (lex + find + group by line)', () => {
	const occs = findOccurrences(src, targets);
	byLine(occs);
	return occs.length;
}, 200);
measure('update with no target imported', () => findOccurrences(src, [{ target: 'net/http.Get', replacement: 'main.get' }]).length, 200);
