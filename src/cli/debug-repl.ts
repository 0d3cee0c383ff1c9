// The terminal front-end of `purewasm debug FILE`: an lldb/gdb-like command loop over the engine (src/debug).
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Inspector, disassembleFunction, type BreakpointSpec, type StackFrame, type Stop, type Variable } from '../debug/index.js';
import { launch, type Launched } from './debug-launch.js';
import type { RunOptions } from './run.js';

const HELP = `commands:
  break SPEC | b SPEC     set a breakpoint: FILE:LINE, a function name, or *ADDRESS (code offset)
  run | r                 start the program
  continue | c            run to the next breakpoint
  step | s                step into (source line; an instruction where there is no line information)
  next | n                step over
  finish                  step out of the current function
  stepi | si, nexti | ni  step one wasm instruction (into / over calls)
  reverse-step | rs       back to the start of the previous source line executed (into calls)
  reverse-next | rn       the same, not into calls made since
  reverse-stepi | rsi     back one wasm instruction (reverse-nexti | rni: not into calls)
  reverse-continue | rc   back to the last breakpoint hit, or to the program's start
  bt | backtrace          the call stack
  frame N | f N           select frame N
  info locals             variables of the selected frame (DWARF), else its wasm locals
  info wasm               wasm locals and operand stack of the selected frame
  info globals            the instance's wasm globals
  info breakpoints        breakpoints with their locations and hit counts
  print EXPR | p EXPR     evaluate EXPR (C-like with DWARF; $name, localN, globalN, stackN at the wasm level)
  x/NFU ADDR              examine memory: N units, F = x (hex) or d (decimal), U = b (1 byte) or w (4)
  disas                   disassemble the selected frame's function, => marking its instruction
  delete [N]              delete breakpoint N, or all
  quit | q                leave
`;

type Out = { write(text: string): unknown };

export class Repl {
  private readonly program: Launched;
  private readonly inspector: Inspector;
  private selected = 0;
  private started = false;
  private finished = false;
  private waiter: (() => void) | null = null;
  private readonly sourceRoot: string;
  private readonly sources = new Map<string, string[] | null>();

  /** `trace`: a trace file of `purewasm record` to debug the replay of (`purewasm replay --debug`). */
  constructor(o: RunOptions, private readonly out: Out, trace?: string) {
    this.sourceRoot = dirname(o.file);
    let traceBytes: Uint8Array | undefined;
    if (trace !== undefined) {
      try {
        traceBytes = new Uint8Array(readFileSync(trace));
      } catch (e) {
        throw new Error(`cannot read the trace ${trace}: ${(e as Error).message}`);
      }
    }
    this.program = launch({
      trace: traceBytes,
      program: o.file, args: o.programArgs, env: o.env, preopens: o.dirs, invoke: o.invoke,
      stdout: (b) => out.write(Buffer.from(b).toString('utf8')),
      stderr: (b) => out.write(Buffer.from(b).toString('utf8')),
    });
    this.inspector = new Inspector(this.program.debugger);
    this.program.debugger.on((e) => {
      if (e.kind === 'warning') out.write(`warning: ${e.message}\n`);
      else {
        this.selected = 0;
        this.showStop(e.stop);
        this.wake();
      }
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    if (w !== null) w();
  }

  private until(action: () => void): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
      action();
    });
  }

  /** Runs one command line; resolves when its output is written (after the next stop for run/step). */
  async command(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === '') return true;
    const sp = text.search(/\s/);
    const cmd = sp < 0 ? text : text.slice(0, sp);
    const arg = sp < 0 ? '' : text.slice(sp + 1).trim();
    const dbg = this.program.debugger;
    try {
      switch (cmd) {
        case 'help': case 'h':
          this.out.write(HELP);
          break;
        case 'quit': case 'q': case 'exit':
          await this.close();
          return false;
        case 'break': case 'b': case 'breakpoint': {
          const bp = dbg.setBreakpoint(parseSpec(arg));
          const where = bp.locations.map((l) => `0x${l.address.toString(16)}`).join(', ');
          this.out.write(bp.locations.length === 0 ? `Breakpoint ${bp.id}: ${arg} (no location found yet)\n`
            : `Breakpoint ${bp.id}: ${arg}, ${bp.locations.length} location${bp.locations.length === 1 ? '' : 's'} (${where})\n`);
          break;
        }
        case 'delete': case 'd':
          if (arg === '') dbg.clearBreakpoints();
          else if (!dbg.removeBreakpoint(Number(arg))) this.out.write(`no breakpoint ${arg}\n`);
          break;
        case 'run': case 'r':
          if (this.started) {
            this.out.write('the program is already running\n');
            break;
          }
          this.started = true;
          await this.until(() => {
            this.program.start().then((r) => {
              if (r.result !== undefined) this.out.write(`result: ${r.result}\n`);
              this.out.write(`Process exited with status ${r.exitCode}\n`);
            }, (e: unknown) => {
              this.out.write(`Process stopped: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
            }).finally(() => {
              this.finished = true;
              this.wake();
            });
          });
          break;
        case 'continue': case 'c':
          await this.resume(() => dbg.continue());
          break;
        case 'step': case 's':
          await this.resume(() => dbg.stepIn());
          break;
        case 'next': case 'n':
          await this.resume(() => dbg.stepOver());
          break;
        case 'finish':
          await this.resume(() => dbg.stepOut());
          break;
        case 'stepi': case 'si':
          await this.resume(() => dbg.stepIn('instruction'));
          break;
        case 'nexti': case 'ni':
          await this.resume(() => dbg.stepOver('instruction'));
          break;
        case 'reverse-step': case 'rs':
          await this.resume(() => dbg.stepBack('line', false));
          break;
        case 'reverse-next': case 'rn':
          await this.resume(() => dbg.stepBack('line', true));
          break;
        case 'reverse-stepi': case 'rsi':
          await this.resume(() => dbg.stepBack('instruction', false));
          break;
        case 'reverse-nexti': case 'rni':
          await this.resume(() => dbg.stepBack('instruction', true));
          break;
        case 'reverse-continue': case 'rc':
          await this.resume(() => dbg.reverseContinue());
          break;
        case 'bt': case 'backtrace': case 'where':
          this.stack().forEach((f, i) => this.out.write(`${i === this.selected ? '*' : ' '} #${i}  ${describe(f)}\n`));
          if (this.program.boundary !== undefined) this.out.write(`   #${this.stack().length}  ${this.program.boundary}\n`);
          break;
        case 'frame': case 'f': {
          const n = arg === '' ? this.selected : Number(arg);
          if (!(n >= 0 && n < this.stack().length)) throw new Error(`no frame ${arg} (0..${this.stack().length - 1})`);
          this.selected = n;
          this.out.write(`#${n}  ${describe(this.stack()[n])}\n`);
          this.showSource(this.stack()[n]);
          break;
        }
        case 'info': case 'i':
          this.info(arg);
          break;
        case 'print': case 'p': {
          const v = this.inspector.evaluate(arg, this.frame());
          this.out.write(`(${v.type}) ${arg} = ${v.value}\n`);
          if (v.children !== undefined) this.printChildren(v, '  ', 1);
          break;
        }
        case 'disas': case 'disassemble': {
          const f = this.frame();
          for (const l of disassembleFunction(f.physical.map, f.physical.fn)) {
            this.out.write(`${l.address === f.address ? '->' : '  '} 0x${l.address.toString(16).padStart(6, '0')}: ${l.text}${l.line !== undefined ? `    ; ${l.file}:${l.line}` : ''}\n`);
          }
          break;
        }
        default:
          if (cmd.startsWith('x')) {
            this.examine(cmd, arg);
            break;
          }
          this.out.write(`unknown command '${cmd}' (try 'help')\n`);
      }
    } catch (e) {
      this.out.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    }
    return true;
  }

  /** Ends a paused program (its call fails with 'the debugger quit') and waits until it is gone. */
  async close(): Promise<void> {
    if (!this.started || this.finished) return;
    await this.until(() => this.program.debugger.abort(new Error('the debugger quit')));
  }

  private async resume(action: () => void): Promise<void> {
    if (this.finished || !this.started) throw new Error(this.finished ? 'the program has exited' : "the program is not running (use 'run')");
    await this.until(action);
  }

  private stack(): StackFrame[] {
    return this.program.debugger.stack();
  }

  private frame(): StackFrame {
    const s = this.stack();
    return s[Math.min(this.selected, s.length - 1)];
  }

  private info(what: string): void {
    const dbg = this.program.debugger;
    switch (what) {
      case 'breakpoints': case 'b': case 'break':
        if (dbg.breakpoints().length === 0) this.out.write('No breakpoints.\n');
        for (const bp of dbg.breakpoints()) {
          const spec = 'file' in bp.spec ? `${bp.spec.file}:${bp.spec.line}` : 'function' in bp.spec ? bp.spec.function : `*0x${bp.spec.address.toString(16)}`;
          this.out.write(`${bp.id}: ${spec}, hit ${bp.hits} time${bp.hits === 1 ? '' : 's'}, locations ${bp.locations.map((l) => `0x${l.address.toString(16)}`).join(', ') || '(none)'}\n`);
        }
        break;
      case 'locals': case 'args': {
        const f = this.frame();
        const vars = f.hasDwarf ? this.inspector.sourceLocals(f) : this.inspector.wasmLocals(f);
        if (vars.length === 0) this.out.write('No locals.\n');
        for (const v of vars) this.out.write(`(${v.type}) ${v.name} = ${v.value}\n`);
        break;
      }
      case 'wasm': {
        const f = this.frame();
        for (const v of this.inspector.wasmLocals(f)) this.out.write(`(${v.type}) ${v.name} = ${v.value}\n`);
        const ops = this.inspector.operands(f);
        this.out.write(ops.length === 0 ? 'operand stack: empty\n' : `operand stack: ${ops.map((o) => `${o.type} ${o.value}`).join(', ')}\n`);
        break;
      }
      case 'globals':
        for (const v of this.inspector.globals(this.frame())) this.out.write(`(${v.type}) ${v.name} = ${v.value}\n`);
        break;
      default:
        this.out.write(`info what? (breakpoints, locals, wasm, globals)\n`);
    }
  }

  private printChildren(v: Variable, indent: string, depth: number): void {
    for (const c of v.children?.() ?? []) {
      this.out.write(`${indent}(${c.type}) ${c.name} = ${c.value}\n`);
      if (depth < 2 && c.children !== undefined && c.value.startsWith('{')) this.printChildren(c, indent + '  ', depth + 1);
    }
  }

  private examine(cmd: string, arg: string): void {
    const m = /^x(?:\/(\d*)([xd]?)([bw]?))?$/.exec(cmd);
    if (m === null) throw new Error(`bad examine command '${cmd}' (x/NFU ADDR)`);
    const n = m[1] === '' || m[1] === undefined ? 1 : Number(m[1]);
    const dec = m[2] === 'd';
    const unit = m[3] === 'w' ? 4 : 1;
    let addr: number;
    if (/^(0x[0-9a-f]+|\d+)$/i.test(arg)) addr = Number(arg);
    else {
      const v = this.inspector.evaluate(arg, this.frame());
      addr = v.address !== undefined && !/^0x/.test(v.value) ? v.address : Number(v.value.split(' ')[0]);
    }
    if (!Number.isInteger(addr) || addr < 0) throw new Error(`cannot examine ${JSON.stringify(arg)}: not an address`);
    const inst = this.frame().physical.map.inst;
    const mem = inst.memories[0];
    if (mem === undefined || addr + n * unit > mem.u8.length) throw new Error(`memory [0x${addr.toString(16)}, +${n * unit}) is out of bounds`);
    const dv = new DataView(mem.u8.buffer, mem.u8.byteOffset, mem.u8.length);
    const perLine = unit === 1 ? 8 : 4;
    for (let i = 0; i < n; i += perLine) {
      const cells: string[] = [];
      for (let k = i; k < Math.min(n, i + perLine); k++) {
        const a = addr + k * unit;
        const v = unit === 1 ? dv.getUint8(a) : dv.getUint32(a, true);
        cells.push(dec ? String(unit === 1 ? v : v | 0) : '0x' + v.toString(16).padStart(unit * 2, '0'));
      }
      this.out.write(`0x${(addr + i * unit).toString(16).padStart(8, '0')}: ${cells.join(' ')}\n`);
    }
  }

  private showStop(stop: Stop): void {
    const f = this.stack()[0];
    const why = stop.reason === 'breakpoint' ? `breakpoint ${stop.breakpoints.join(', ')}` : stop.reason;
    this.out.write(`* stopped (${why}): ${describe(f)}\n`);
    this.showSource(f);
  }

  private showSource(f: StackFrame): void {
    if (f.file === undefined || f.line === undefined || f.line === 0) return;
    const path = isAbsolute(f.file) ? f.file : join(this.sourceRoot, f.file);
    let lines = this.sources.get(path);
    if (lines === undefined) {
      try {
        lines = readFileSync(path, 'utf8').split('\n');
      } catch {
        lines = null;
      }
      this.sources.set(path, lines);
    }
    if (lines === null || lines[f.line - 1] === undefined) return;
    this.out.write(`   ${String(f.line).padStart(4)}   ${lines[f.line - 1]}\n`);
  }
}

function describe(f: StackFrame): string {
  const where = f.file !== undefined && f.line !== undefined && f.line !== 0 ? ` at ${f.file}:${f.line}${f.column ? `:${f.column}` : ''}` : f.file !== undefined ? ` at ${f.file} (no line)` : '';
  return `${f.name}${f.inlined ? ' [inlined]' : ''}${where} (0x${f.address.toString(16)})`;
}

function parseSpec(arg: string): BreakpointSpec {
  if (arg === '') throw new Error('break what? (FILE:LINE, a function name, or *ADDRESS)');
  if (arg.startsWith('*')) {
    const n = Number(arg.slice(1));
    if (!Number.isInteger(n) || n < 0) throw new Error(`bad address ${JSON.stringify(arg.slice(1))}`);
    return { address: n };
  }
  const m = /^(.+):(\d+)$/.exec(arg);
  if (m !== null) return { file: m[1], line: Number(m[2]) };
  return { function: arg };
}

/** The REPL on a terminal (or any line stream): prompt, command, output, until quit or end of input. */
export async function repl(o: RunOptions, input: NodeJS.ReadableStream, output: Out, trace?: string): Promise<number> {
  let r: Repl;
  try {
    r = new Repl(o, output, trace);
  } catch (e) {
    output.write(`purewasm debug: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  output.write(`purewasm debugger: ${o.file}${trace === undefined ? '' : `, replaying ${trace}`} (type 'help' for commands)\n`);
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  for (;;) {
    output.write('(pwdb) ');
    const next = await lines.next();
    if (next.done === true) break;
    if (!(await r.command(next.value))) break;
  }
  await r.close(); // end of input: as quit
  rl.close();
  return 0;
}
