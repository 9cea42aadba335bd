// The breakpoints Delve holds for a session: the client's own (what VS Code set, per source,
// and its function and instruction sets) and the adapter's hidden ones (the debugger
// strategy's hand-off, stepping's temporary stops). DAP requests replace a whole set, so every
// request that reaches Delve is the client's set plus the hidden ones, and every answer the
// client sees is its own part. Delve numbers breakpoints anew when the adapter sets the
// client's breakpoints again (handoff.ts lifts them around a write); `ids` maps Delve's new
// numbers back to those the client knows. Pure: no I/O, no DAP transport.

import { DebugProtocol } from '@vscode/debugprotocol';

export type Kind = 'function' | 'instruction';

type Hidden = DebugProtocol.FunctionBreakpoint | DebugProtocol.InstructionBreakpoint;

export class BreakpointBook {
  /** The client's last setBreakpoints arguments, per source path. */
  readonly sources = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  /** The client's last function and instruction breakpoints. */
  readonly client: Record<Kind, Hidden[]> = { function: [], instruction: [] };
  /** The adapter's own, by key. */
  private readonly hidden: Record<Kind, Map<string, Hidden>> = { function: new Map(), instruction: new Map() };
  /** Delve's ids of the hidden breakpoints, by key. */
  private readonly hiddenIds: Record<Kind, Map<string, number>> = { function: new Map(), instruction: new Map() };
  /** Delve's id -> the id the client knows (after the adapter set the client's breakpoints again). */
  private readonly ids = new Map<number, number>();
  /** The ids the client was last told, per source path and for each kind. */
  private readonly known = new Map<string, Array<number | undefined>>();

  /** Adds (or replaces) a hidden breakpoint; the caller then sends `request(kind)`. */
  hide(kind: Kind, key: string, bp: Hidden): void {
    this.hidden[kind].set(key, bp);
  }

  /** Removes a hidden breakpoint; the caller then sends `request(kind)`. */
  unhide(kind: Kind, key: string): void {
    this.hidden[kind].delete(key);
    this.hiddenIds[kind].delete(key);
  }

  hasHidden(kind: Kind, key: string): boolean {
    return this.hidden[kind].has(key);
  }

  /** The arguments for Delve: the client's breakpoints of `kind`, then the hidden ones. */
  request(kind: Kind): DebugProtocol.SetFunctionBreakpointsArguments | DebugProtocol.SetInstructionBreakpointsArguments {
    const all = [...this.client[kind], ...this.hidden[kind].values()];
    return { breakpoints: all } as DebugProtocol.SetFunctionBreakpointsArguments;
  }

  /** Records the client's new set of `kind` and returns the request for Delve. */
  setClient(kind: Kind, bps: Hidden[]): DebugProtocol.SetFunctionBreakpointsArguments | DebugProtocol.SetInstructionBreakpointsArguments {
    this.client[kind] = bps;
    return this.request(kind);
  }

  /**
   * Takes Delve's answer to `request(kind)`: notes the hidden breakpoints' ids and returns the
   * client's part, ids mapped.
   */
  answer(kind: Kind, bps: DebugProtocol.Breakpoint[]): DebugProtocol.Breakpoint[] {
    const n = this.client[kind].length;
    const keys = [...this.hidden[kind].keys()];
    keys.forEach((key, i) => {
      const bp = bps[n + i];
      if (bp?.id !== undefined) this.hiddenIds[kind].set(key, bp.id);
      else this.hiddenIds[kind].delete(key);
    });
    const mine = bps.slice(0, n).map((b) => this.mapOut(b));
    this.known.set(`#${kind}`, mine.map((b) => b.id));
    return mine;
  }

  /** The arguments for Delve with the hidden breakpoints of `kind` only (the client's lifted). */
  hiddenOnly(kind: Kind): DebugProtocol.SetFunctionBreakpointsArguments | DebugProtocol.SetInstructionBreakpointsArguments {
    return { breakpoints: [...this.hidden[kind].values()] } as DebugProtocol.SetFunctionBreakpointsArguments;
  }

  /** Takes Delve's answer to `hiddenOnly(kind)`. */
  answerHiddenOnly(kind: Kind, bps: DebugProtocol.Breakpoint[]): void {
    [...this.hidden[kind].keys()].forEach((key, i) => {
      const id = bps[i]?.id;
      if (id !== undefined) this.hiddenIds[kind].set(key, id);
    });
  }

  /** Takes Delve's answer to the client's breakpoints of `kind`, set again by the adapter. */
  answerAgain(kind: Kind, bps: DebugProtocol.Breakpoint[]): void {
    this.renumber(this.known.get(`#${kind}`) ?? [], bps.slice(0, this.client[kind].length).map((b) => b.id));
    this.answer(kind, bps);
  }

  /** Whether a hidden breakpoint was set and verified (Delve gave it an id). */
  hiddenId(kind: Kind, key: string): number | undefined {
    return this.hiddenIds[kind].get(key);
  }

  /** The key of the hidden breakpoint with Delve's `id`, if it is one. */
  hiddenKey(id: number): { kind: Kind; key: string } | undefined {
    for (const kind of ['function', 'instruction'] as Kind[]) {
      for (const [key, v] of this.hiddenIds[kind]) if (v === id) return { kind, key };
    }
    return undefined;
  }

  /** Whether every id is the adapter's own. */
  allHidden(ids: number[] | undefined): boolean {
    return !!ids && ids.length > 0 && ids.every((id) => this.hiddenKey(id) !== undefined);
  }

  /** Records the client's setBreakpoints for a source. */
  setSource(args: DebugProtocol.SetBreakpointsArguments): void {
    const key = sourceKey(args);
    if ((args.breakpoints ?? []).length === 0) this.sources.delete(key);
    else this.sources.set(key, args);
  }

  /** Takes Delve's answer to the client's setBreakpoints for a source; returns the client's view. */
  answerSource(args: DebugProtocol.SetBreakpointsArguments, bps: DebugProtocol.Breakpoint[]): DebugProtocol.Breakpoint[] {
    const mine = bps.map((b) => this.mapOut(b));
    this.known.set(sourceKey(args), mine.map((b) => b.id));
    return mine;
  }

  /** Takes Delve's answer to a source's breakpoints, set again by the adapter. */
  answerSourceAgain(args: DebugProtocol.SetBreakpointsArguments, bps: DebugProtocol.Breakpoint[]): void {
    this.renumber(this.known.get(sourceKey(args)) ?? [], bps.map((b) => b.id));
  }

  /** The ids the client knows, in order, against Delve's new ones after a set again. */
  private renumber(before: Array<number | undefined>, after: Array<number | undefined>): void {
    before.forEach((old, i) => {
      const now = after[i];
      if (old !== undefined && now !== undefined && old !== now) this.ids.set(now, this.clientId(old));
    });
  }

  /** The id the client knows for Delve's `id`. */
  clientId(id: number): number {
    return this.ids.get(id) ?? id;
  }

  mapOut(bp: DebugProtocol.Breakpoint): DebugProtocol.Breakpoint {
    return bp.id === undefined ? bp : { ...bp, id: this.clientId(bp.id) };
  }
}

function sourceKey(args: DebugProtocol.SetBreakpointsArguments): string {
  return args.source.path ?? args.source.name ?? '';
}
