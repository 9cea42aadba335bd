// The cost of the debugger strategy's stops: a debug session of the seed example (time.Now
// frozen at 5 PM) with 1 redefinition, and of the same program with 50, from the end of the
// configuration (the program starts) to its end, with the debugger strategy and with the
// in-place one (the baseline: the engine writes its own code, no stop), interleaved.
// Run by scripts/bench-debugger.sh, which prints the command line for BENCHMARKS.md.

import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
const adapter = path.join(root, 'out', 'debug-adapter', 'main.js');
const redefinePath = process.env.GO_REDEFINE_TEST_REDEFINE ?? '';
const dlvPath = process.env.GO_REDEFINE_TEST_DLV ?? '';
const rounds = Number(process.env.ROUNDS ?? 5);

/** The seed example with `n` redefinitions: time.Now and n-1 functions of its own. */
function example(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `go-redefine-bench-${n}-`));
  const kitchen = path.join(root, 'test', 'fixtures', 'kitchen');
  for (const f of ['go.mod', 'redefine_now.go']) fs.copyFileSync(path.join(kitchen, f), path.join(dir, f));
  const calls: string[] = [];
  const funcs: string[] = [];
  const repls: string[] = [];
  for (let i = 1; i < n; i++) {
    calls.push(`\ttotal += step${i}(${i})`);
    funcs.push(`// step${i} is redefined by redefine_more.go.\nfunc step${i}(x int) int {\n\treturn x * ${i}\n}\n`);
    repls.push(`//redefine:func main.step${i}\nfunc fastStep${i}(x int) int {\n\treturn x\n}\n`);
  }
  fs.writeFileSync(
    path.join(dir, 'main.go'),
    `package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\ttotal := 0\n${calls.join('\n')}\n\tlabel := time.Now().Format(time.Kitchen)\n\tfmt.Println(label, total)\n}\n\n${funcs.join('\n')}`,
  );
  if (repls.length) fs.writeFileSync(path.join(dir, 'redefine_more.go'), `//go:build redefine\n\npackage main\n\n${repls.join('\n')}`);
  return dir;
}

interface Session {
  /** From configurationDone (the program starts) to its end. */
  ms: number;
  /** From launch (the build included) to the end. */
  totalMs: number;
  out: string;
  redefined: number;
  /** Hand-off stops, counted in Delve's log (showLog sessions only). */
  stops: number;
}

/** One debug session of `program`. */
async function session(program: string, strategy: string, showLog = false): Promise<Session> {
  const dc = new DebugClient('node', adapter, 'go-redefine');
  dc.defaultTimeout = 120_000;
  let out = '';
  let log = '';
  let redefined = 0;
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    if (e.body.category === 'stdout') out += e.body.output;
    else log += e.body.output;
  });
  dc.on('redefineReport', (e: DebugProtocol.Event) => {
    redefined = (e.body.redefinitions as Array<{ status: string }>).filter((r) => r.status === 'applied').length;
  });
  await dc.start();
  const initialized = dc.waitForEvent('initialized');
  const terminated = dc.waitForEvent('terminated');
  await dc.initializeRequest({ adapterID: 'go-redefine', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const start = process.hrtime.bigint();
  const launched = dc.launchRequest({ type: 'go-redefine', request: 'launch', program, redefinePath, dlvPath, showLog, env: { REDEFINE_STRATEGY: strategy } } as any);
  await initialized;
  const t0 = process.hrtime.bigint();
  await dc.configurationDoneRequest();
  await launched;
  await terminated;
  const end = process.hrtime.bigint();
  await dc.stop();
  const stops = (log.match(/"event":"stopped","body":\{"reason":"function breakpoint"/g) ?? []).length;
  return { ms: Number(end - t0) / 1e6, totalMs: Number(end - start) / 1e6, out, redefined, stops };
}

async function main(): Promise<void> {
  const results: string[] = [];
  for (const n of [1, 50]) {
    const program = n === 1 ? path.join(root, 'test', 'fixtures', 'kitchen') : example(n);
    const times: Record<string, number[]> = { inplace: [], debugger: [] };
    const totals: Record<string, number[]> = { inplace: [], debugger: [] };
    const counted = await session(program, 'debugger', true); // warms the build cache, counts the stops
    for (let r = 0; r < rounds; r++) {
      for (const strategy of ['inplace', 'debugger']) {
        const s = await session(program, strategy);
        if (!s.out.startsWith('5:00PM') || s.redefined !== n) throw new Error(`${strategy}, ${n}: printed ${JSON.stringify(s.out)}, ${s.redefined} applied`);
        times[strategy].push(s.ms);
        totals[strategy].push(s.totalMs);
      }
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const ip = med(times.inplace);
    const db = med(times.debugger);
    const list = (a: number[]) => a.map((t) => t.toFixed(0)).join(' ');
    results.push(
      `${n} redefinition${n > 1 ? 's' : ''}, ${counted.stops} hand-off stop${counted.stops === 1 ? '' : 's'}: ` +
        `program start to end, in place ${ip.toFixed(0)} ms, debugger ${db.toFixed(0)} ms (medians of ${rounds}), ` +
        `ratio ${(db / ip).toFixed(2)}, ${((db - ip) / Math.max(counted.stops, 1)).toFixed(1)} ms per stop; ` +
        `whole session (build, Delve, program) in place ${med(totals.inplace).toFixed(0)} ms, debugger ${med(totals.debugger).toFixed(0)} ms, ` +
        `ratio ${(med(totals.debugger) / med(totals.inplace)).toFixed(2)}\n` +
        `  runs: in place ${list(times.inplace)}; debugger ${list(times.debugger)}; sessions: in place ${list(totals.inplace)}; debugger ${list(totals.debugger)}`,
    );
    if (n !== 1) fs.rmSync(program, { recursive: true, force: true });
  }
  console.log(results.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
