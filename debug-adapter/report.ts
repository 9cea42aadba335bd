// Wording the engine's redefinition report for people (the Debug Console). The report's
// shape and its reader are in contracts/report.ts, shared with the extension. No DAP.

import { Report } from '../contracts/report';

export interface ReportLine {
  text: string;
  /** `important` lines deserve the user's attention (failures, lost breakpoints). */
  severity: 'info' | 'warning' | 'important';
  /** The directive's position, `/abs/file.go:line:col`, when the report gives one. */
  pos?: string;
}

/** Words a report for the Debug Console. `debugging` adds the breakpoint warning for `duplicate`. */
export function describeReport(r: Partial<Report>, debugging: boolean): ReportLine[] {
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
