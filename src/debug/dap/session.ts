// A Debug Adapter Protocol session (https://microsoft.github.io/debug-adapter-protocol/): requests in,
// responses and events out, as JS objects. No I/O and no Node here: `purewasm debug --dap` (src/cli)
// frames the messages on stdio or TCP and gives the session a launcher that loads the program with WASI.
//
// Order of a launch as VS Code makes it: initialize → (response) → launch → the adapter loads the program
// and sends `initialized` → setBreakpoints / setFunctionBreakpoints / setInstructionBreakpoints →
// configurationDone → (response), then the launch response, then the program runs. Breakpoints therefore
// resolve against the loaded program and are verified (or not) in their responses.
import type { Breakpoint, BreakpointSpec, Debugger, StackFrame, Stop } from '../engine/debugger.js';
import { Inspector } from '../engine/inspect.js';
import type { Variable } from '../engine/inspect.js';
import { readMemory, writeMemory } from '../engine/frames.js';
import { disassembleAround } from '../engine/disassemble.js';
import { fromBase64, toBase64 } from './base64.js';

export interface DapMessage {
  readonly seq: number;
  readonly type: string;
  readonly command?: string;
  readonly arguments?: Record<string, unknown>;
}

/** `launch` arguments (see editors/vscode/package.json for their documentation). */
export interface DapLaunchArguments {
  readonly program: string;
  readonly args?: readonly string[];
  /** The guest's argv[0] (default: `program` as given). */
  readonly argv0?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly preopens?: Readonly<Record<string, string>>;
  readonly stopOnEntry?: boolean;
  readonly invoke?: string;
  /** Where relative DWARF paths resolve (default: the program's directory). */
  readonly sourceRoot?: string;
  /** A trace of `purewasm record` to debug the replay of (the program runs from it alone). */
  readonly trace?: string;
  /** Wasm instructions between two time-travel snapshots. */
  readonly snapshotInterval?: number;
}

export interface DapProgram {
  readonly debugger: Debugger;
  /** @internal (a function of the VM) */
  readonly entry: Parameters<Debugger['stopAtEntry']>[0] | undefined;
  readonly boundary: string | undefined;
  start(): Promise<{ exitCode: number; result: string | undefined }>;
}

export type DapLauncher = (args: DapLaunchArguments, output: (category: 'stdout' | 'stderr', text: string) => void) => DapProgram;

const THREAD = 1;

export class DapSession {
  private seq = 1;
  private program: DapProgram | null = null;
  private inspector: Inspector | null = null;
  private launchRequest: DapMessage | null = null;
  private launchArgs: DapLaunchArguments | null = null;
  private configured = false;
  private frames: StackFrame[] | null = null;
  private refs = new Map<number, () => Variable[]>();
  private nextRef = 1;
  /** Breakpoints per setBreakpoints source path, and per kind for function/instruction breakpoints. */
  private readonly groups = new Map<string, Breakpoint[]>();
  private ended = false;
  private terminating = false;
  private sourceRoot = '';

  constructor(private readonly send: (msg: object) => void, private readonly launcher: DapLauncher,
    private readonly onDisconnect: () => void = () => {}) {}

  handle(msg: DapMessage): void {
    if (msg.type !== 'request' || msg.command === undefined) return;
    try {
      this.dispatch(msg, msg.arguments ?? {});
    } catch (e) {
      this.respond(msg, false, undefined, e instanceof Error ? e.message : String(e));
    }
  }

  private respond(req: DapMessage, success: boolean, body?: object, message?: string): void {
    this.send({ seq: this.seq++, type: 'response', request_seq: req.seq, command: req.command, success, ...(message === undefined ? {} : { message }), ...(body === undefined ? {} : { body }) });
  }

  private event(event: string, body?: object): void {
    this.send({ seq: this.seq++, type: 'event', event, ...(body === undefined ? {} : { body }) });
  }

  private output(category: string, text: string): void {
    this.event('output', { category, output: text });
  }

  private dispatch(req: DapMessage, a: Record<string, unknown>): void {
    switch (req.command) {
      case 'initialize':
        return this.respond(req, true, {
          supportsConfigurationDoneRequest: true,
          supportsFunctionBreakpoints: true,
          supportsInstructionBreakpoints: true,
          supportsHitConditionalBreakpoints: true,
          supportsDisassembleRequest: true,
          supportsReadMemoryRequest: true,
          supportsWriteMemoryRequest: true,
          supportsLoadedSourcesRequest: true,
          supportsTerminateRequest: true,
          supportsSteppingGranularity: true,
          supportsEvaluateForHovers: true,
          // time travel (core modules): stepBack and reverseContinue
          supportsStepBack: true,
        });
      case 'launch':
        return this.launch(req, a as unknown as DapLaunchArguments);
      case 'setBreakpoints': {
        const source = a.source as { path?: string; name?: string };
        const path = source.path ?? source.name ?? '';
        const specs = ((a.breakpoints as { line: number; hitCondition?: string }[] | undefined) ?? []).map((b) => ({ spec: { file: this.guestPath(path), line: b.line }, hit: b.hitCondition }));
        const bps = this.replace(`source:${path}`, specs);
        return this.respond(req, true, {
          breakpoints: bps.map((bp, i) => ({
            id: bp.id, verified: bp.locations.length > 0, line: specs[i].spec.line, source,
            ...(bp.locations.length > 0 ? { instructionReference: hex(Math.min(...bp.locations.map((l) => l.address))) } : { message: 'no code at this line' }),
          })),
        });
      }
      case 'setFunctionBreakpoints': {
        const specs = ((a.breakpoints as { name: string; hitCondition?: string }[]) ?? []).map((b) => ({ spec: { function: b.name }, hit: b.hitCondition }));
        const bps = this.replace('functions', specs);
        return this.respond(req, true, { breakpoints: bps.map((bp) => this.describe(bp)) });
      }
      case 'setInstructionBreakpoints': {
        const specs = ((a.breakpoints as { instructionReference: string; offset?: number; hitCondition?: string }[]) ?? [])
          .map((b) => ({ spec: { address: parseAddress(b.instructionReference) + (b.offset ?? 0) }, hit: b.hitCondition }));
        const bps = this.replace('instructions', specs);
        return this.respond(req, true, { breakpoints: bps.map((bp) => this.describe(bp)) });
      }
      case 'configurationDone':
        this.respond(req, true);
        this.configured = true;
        return this.startIfReady();
      case 'threads':
        return this.respond(req, true, { threads: [{ id: THREAD, name: 'wasm' }] });
      case 'stackTrace': {
        const frames = this.stackFrames();
        const start = (a.startFrame as number | undefined) ?? 0;
        const levels = (a.levels as number | undefined) || frames.length;
        const shown = frames.slice(start, start + levels).map((f, i) => this.dapFrame(f, start + i));
        if (this.program?.boundary !== undefined) shown.push({ id: 100000, name: this.program.boundary, line: 0, column: 0, presentationHint: 'label' });
        return this.respond(req, true, { stackFrames: shown, totalFrames: frames.length + (this.program?.boundary !== undefined ? 1 : 0) });
      }
      case 'scopes': {
        const f = this.frame(a.frameId as number);
        const scopes = this.requireInspector().scopes(f).map((s) => ({ name: s.name, variablesReference: this.ref(() => s.variables()), expensive: s.expensive }));
        return this.respond(req, true, { scopes });
      }
      case 'variables': {
        const get = this.refs.get(a.variablesReference as number);
        if (get === undefined) return this.respond(req, false, undefined, `unknown variablesReference ${String(a.variablesReference)}`);
        return this.respond(req, true, { variables: get().map((v) => this.dapVariable(v)) });
      }
      case 'evaluate': {
        const frameId = a.frameId as number | undefined;
        const f = this.frame(frameId ?? 1);
        const v = this.requireInspector().evaluate(String(a.expression), f);
        const d = this.dapVariable(v);
        return this.respond(req, true, { result: d.value, type: d.type, variablesReference: d.variablesReference, memoryReference: d.memoryReference });
      }
      case 'continue':
        this.respond(req, true, { allThreadsContinued: true });
        return this.resume(() => this.dbg().continue());
      case 'next':
        this.respond(req, true);
        return this.resume(() => this.dbg().stepOver(a.granularity === 'instruction' ? 'instruction' : 'line'));
      case 'stepIn':
        this.respond(req, true);
        return this.resume(() => this.dbg().stepIn(a.granularity === 'instruction' ? 'instruction' : 'line'));
      case 'stepOut':
        this.respond(req, true);
        return this.resume(() => this.dbg().stepOut());
      case 'stepBack': {
        const granularity = a.granularity === 'instruction' ? 'instruction' : a.granularity === undefined ? undefined : 'line';
        this.resume(() => this.dbg().stepBack(granularity));
        return this.respond(req, true);
      }
      case 'reverseContinue':
        this.resume(() => this.dbg().reverseContinue());
        return this.respond(req, true);
      case 'pause':
        this.dbg().pause();
        return this.respond(req, true);
      case 'disassemble': {
        const address = parseAddress(String(a.memoryReference)) + ((a.offset as number | undefined) ?? 0);
        const lines = disassembleAround(this.dbg(), address, (a.instructionOffset as number | undefined) ?? 0, (a.instructionCount as number | undefined) ?? 20);
        return this.respond(req, true, {
          instructions: lines.map((l) => ({
            address: hex(l.address), instruction: l.text, ...(l.symbol === undefined ? {} : { symbol: l.symbol }),
            ...(l.file === undefined ? {} : { location: { name: baseName(l.file), path: this.hostPath(l.file) }, line: l.line }),
          })),
        });
      }
      case 'readMemory': {
        const address = parseAddress(String(a.memoryReference)) + ((a.offset as number | undefined) ?? 0);
        const inst = this.memoryInstance();
        const size = inst.memories[0]?.u8.length ?? 0;
        const count = Math.max(0, Math.min(a.count as number, size - address));
        const bytes = readMemory(inst, address, count);
        return this.respond(req, true, { address: hex(address), data: toBase64(bytes), ...(count < (a.count as number) ? { unreadableBytes: (a.count as number) - count } : {}) });
      }
      case 'writeMemory': {
        const address = parseAddress(String(a.memoryReference)) + ((a.offset as number | undefined) ?? 0);
        const bytes = fromBase64(String(a.data));
        writeMemory(this.memoryInstance(), address, bytes);
        this.refs.clear();
        return this.respond(req, true, { bytesWritten: bytes.length });
      }
      case 'loadedSources': {
        const files = new Set<string>();
        for (const m of this.dbg().modules()) for (const f of m.source?.files() ?? []) files.add(f);
        return this.respond(req, true, { sources: [...files].map((f) => ({ name: baseName(f), path: this.hostPath(f) })) });
      }
      case 'terminate':
      case 'disconnect':
        this.respond(req, true);
        this.stop();
        if (req.command === 'disconnect') this.onDisconnect();
        return;
      default:
        return this.respond(req, false, undefined, `unsupported request '${req.command}'`);
    }
  }

  private launch(req: DapMessage, args: DapLaunchArguments): void {
    if (typeof args.program !== 'string' || args.program === '') return this.respond(req, false, undefined, 'launch: "program" (a .wasm file) is required');
    const program = this.launcher(args, (category, text) => this.output(category, text));
    this.program = program;
    this.inspector = new Inspector(program.debugger);
    this.launchRequest = req;
    this.launchArgs = args;
    this.sourceRoot = args.sourceRoot ?? dirName(args.program);
    program.debugger.on((e) => {
      if (e.kind === 'warning') this.output('console', e.message + '\n');
      else this.stopped(e.stop);
    });
    this.event('initialized');
  }

  private startIfReady(): void {
    const p = this.program;
    const req = this.launchRequest;
    if (p === null || req === null || !this.configured) return;
    this.launchRequest = null;
    if (this.launchArgs?.stopOnEntry === true && p.entry !== undefined) p.debugger.stopAtEntry(p.entry);
    this.respond(req, true);
    p.start().then((r) => {
      if (r.result !== undefined) this.output('console', r.result + '\n');
      this.finish(r.exitCode);
    }, (e: unknown) => {
      this.output('stderr', describeError(e) + '\n');
      this.finish(134);
    });
  }

  private finish(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.frames = null;
    this.event('exited', { exitCode: code });
    this.event('terminated');
  }

  private stop(): void {
    const p = this.program;
    if (p === null || this.ended) return;
    if (p.debugger.stopped !== null) p.debugger.abort(new Error('terminated by the debugger'));
    else {
      // running: stop at the next instruction it reaches (it yields to us every fuel quantum), then end it
      this.terminating = true;
      p.debugger.pause();
    }
  }

  private stopped(stop: Stop): void {
    if (this.terminating) {
      this.program!.debugger.abort(new Error('terminated by the debugger'));
      return;
    }
    this.frames = null;
    this.refs.clear();
    const reason = stop.reason === 'step-out' ? 'step' : stop.reason;
    this.event('stopped', {
      reason, threadId: THREAD, allThreadsStopped: true,
      description: stop.reason === 'step-out' ? 'step out' : stop.reason,
      ...(stop.breakpoints.length > 0 ? { hitBreakpointIds: stop.breakpoints } : {}),
    });
  }

  private resume(action: () => void): void {
    this.frames = null;
    this.refs.clear();
    action();
  }

  private replace(group: string, specs: { spec: BreakpointSpec; hit: string | undefined }[]): Breakpoint[] {
    const dbg = this.dbg();
    for (const bp of this.groups.get(group) ?? []) dbg.removeBreakpoint(bp.id);
    const bps = specs.map((s) => dbg.setBreakpoint(s.spec, s.hit));
    this.groups.set(group, bps);
    return bps;
  }

  private describe(bp: Breakpoint): object {
    const loc = bp.locations[0];
    return { id: bp.id, verified: loc !== undefined, ...(loc === undefined ? { message: 'not found in the program' } : { instructionReference: hex(loc.address) }) };
  }

  private dbg(): Debugger {
    if (this.program === null) throw new Error('no program: send launch first');
    return this.program.debugger;
  }

  private requireInspector(): Inspector {
    this.dbg();
    return this.inspector!;
  }

  private stackFrames(): StackFrame[] {
    this.frames ??= this.dbg().stack();
    return this.frames;
  }

  private frame(id: number): StackFrame {
    const f = this.stackFrames()[id - 1];
    if (f === undefined) throw new Error(`no frame ${id} (the program is paused with ${this.stackFrames().length} frames)`);
    return f;
  }

  private dapFrame(f: StackFrame, index: number): Record<string, unknown> {
    return {
      id: index + 1,
      name: f.name,
      line: f.line ?? 0,
      column: f.column ?? 0,
      instructionPointerReference: hex(f.address),
      ...(f.file === undefined ? {} : { source: { name: baseName(f.file), path: this.hostPath(f.file) } }),
      ...(f.hasDwarf ? {} : { presentationHint: 'subtle' }),
    };
  }

  private dapVariable(v: Variable): { name: string; value: string; type: string; variablesReference: number; memoryReference?: string } {
    const kids = v.children;
    return {
      name: v.name, value: v.value, type: v.type,
      variablesReference: kids === undefined ? 0 : this.ref(kids),
      ...(v.address === undefined ? {} : { memoryReference: hex(v.address) }),
    };
  }

  private ref(get: () => Variable[]): number {
    const id = this.nextRef++;
    this.refs.set(id, get);
    return id;
  }

  private memoryInstance() {
    const s = this.dbg().stopped;
    if (s !== null) return s.frame.map.inst;
    const withMemory = this.dbg().modules().find((m) => m.inst.memories.length > 0);
    if (withMemory === undefined) throw new Error('the program has no memory');
    return withMemory.inst;
  }

  /** A DWARF path as the client sees it: relative ones under the source root. */
  private hostPath(file: string): string {
    if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || this.sourceRoot === '') return file;
    return `${this.sourceRoot}/${file}`;
  }

  /** A client path back to what the DWARF reader matches (it also accepts a path ending in the file name). */
  private guestPath(path: string): string {
    const root = this.sourceRoot + '/';
    return this.sourceRoot !== '' && path.startsWith(root) ? path.slice(root.length) : path;
  }
}

function parseAddress(ref: string): number {
  const n = Number(ref.trim());
  if (!Number.isInteger(n) || n < 0) throw new Error(`bad memory or instruction reference ${JSON.stringify(ref)}`);
  return n;
}

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(8, '0');
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? p : p.slice(i + 1);
}

function dirName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '.' : p.slice(0, i);
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const stack = (e as { wasmStack?: { name?: string; funcIndex: number; offset?: number }[] }).wasmStack;
    const trace = stack === undefined ? '' : stack.map((f) => `\n    at ${f.name ?? `<wasm function ${f.funcIndex}>`}${f.offset === undefined ? '' : ` @ 0x${f.offset.toString(16)}`}`).join('');
    return `${e.name}: ${e.message}${trace}`;
  }
  return String(e);
}
