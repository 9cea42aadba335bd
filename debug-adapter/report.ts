// The engine's redefinition report (ARCHITECTURE.md, "The redefinition report"): a JSON Lines
// file that every program built with redefinitions appends to when REDEFINE_REPORT is set.
// Tailing the file and wording its lines for people. No DAP.

import * as fs from 'fs';

export interface RedefinitionEntry {
  target: string;
  replacement: string;
  pos?: string;
  status: 'applied' | 'failed' | 'skipped' | string;
  error?: string;
  inlinedInto?: string[];
}

/** One line of the report: one program (or test binary) start. */
export interface RedefineReport {
  pid?: number;
  executable?: string;
  goVersion?: string;
  goos?: string;
  goarch?: string;
  strategy?: 'inplace' | 'duplicate' | 'debugger' | string;
  redefinitions?: RedefinitionEntry[];
}

/** Follows a JSON Lines file from its start, calling `onReport` for each complete line. */
export class ReportWatcher {
  private offset = 0;
  private partial = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly onReport: (r: RedefineReport) => void,
    private readonly onBadLine: (line: string, err: Error) => void = () => {},
  ) {}

  start(intervalMs = 100): void {
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads whatever was appended since the last call. */
  poll(): void {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      fs.readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      this.partial += buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        this.onReport(JSON.parse(line) as RedefineReport);
      } catch (e) {
        this.onBadLine(line, e as Error);
      }
    }
  }

  /** Reads the last lines and stops following. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.poll();
  }
}

export interface ReportLine {
  text: string;
  /** `important` lines deserve the user's attention (failures, lost breakpoints). */
  severity: 'info' | 'warning' | 'important';
  /** The directive's position, `/abs/file.go:line:col`, when the report gives one. */
  pos?: string;
}

/** Words a report for the Debug Console. `debugging` adds the breakpoint warning for `duplicate`. */
export function describeReport(r: RedefineReport, debugging: boolean): ReportLine[] {
  const lines: ReportLine[] = [];
  const where = [r.goos && r.goarch ? `${r.goos}/${r.goarch}` : '', r.goVersion ?? ''].filter(Boolean).join(', ');
  const entries = r.redefinitions ?? [];
  lines.push({
    text: `Redefinitions in ${r.executable ?? 'the program'}${r.pid ? ` (pid ${r.pid})` : ''}: ${entries.length}, strategy ${r.strategy ?? 'unknown'}${where ? ` (${where})` : ''}`,
    severity: 'info',
  });
  for (const e of entries) {
    const head = `${e.pos ? e.pos + ': ' : ''}${e.target} -> ${e.replacement}`;
    if (e.status === 'applied') {
      lines.push({ text: `  applied  ${head}`, severity: 'info', pos: e.pos });
    } else if (e.status === 'skipped') {
      lines.push({ text: `  skipped  ${head}${e.error ? ': ' + e.error : ''}`, severity: 'warning', pos: e.pos });
    } else {
      lines.push({ text: `  FAILED   ${head}: ${e.error || 'no reason given'}`, severity: 'important', pos: e.pos });
    }
    for (const site of e.inlinedInto ?? []) {
      lines.push({
        text: `    not seen at ${site}: ${e.target} was inlined there (build with -gcflags=all=-l)`,
        severity: 'warning',
        pos: e.pos,
      });
    }
  }
  if (debugging && r.strategy === 'duplicate') {
    lines.push({
      text:
        'Note: this program runs from a relocated copy of its code (strategy "duplicate"), ' +
        'so breakpoints set in your source are placed in the original code and will NOT be hit. ' +
        'Debug with the debugger strategy instead (debug sessions use it by default on macOS on Apple silicon): ' +
        'remove REDEFINE_STRATEGY from the launch configuration\'s "env", or set it to "debugger".',
      severity: 'important',
    });
  }
  return lines;
}
