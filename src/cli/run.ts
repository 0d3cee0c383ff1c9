// `purewasm run --invoke NAME FILE [ARGS...]`: instantiate a core module with no imports, call one export
// and print each result on its own line (integers as signed decimals, floats as wasmtime prints them).
import { readFileSync } from 'node:fs';
import { Instance, Module, Trap } from '../vm/index.js';
import { reportTrap, takeRunLimits } from './run-limits.js';
import type { WasmValue } from '../vm/index.js';
import { F32, F64, I32, I64, V128 } from '../decoder/module.js';

const USAGE = 'usage: purewasm run [--fuel N] [--timeout SECONDS] --invoke NAME FILE [ARGS...]\n';

/** Plain decimal (no exponent), as Rust's Display for floats prints. */
function plainDecimal(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`.replace(/\.?0+$/, '');
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function formatFloat(x: number, single: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let s = String(x);
  if (single) {
    // Shortest decimal that reads back as the same f32.
    for (let p = 1; p <= 9; p++) {
      const t = x.toPrecision(p);
      if (Math.fround(Number(t)) === x) {
        s = String(Number(t));
        break;
      }
    }
  }
  return plainDecimal(s);
}

function f32FromBits(bits: number): number {
  const b = new ArrayBuffer(4);
  new Uint32Array(b)[0] = bits;
  return new Float32Array(b)[0];
}
function f64FromBits(bits: bigint): number {
  const b = new ArrayBuffer(8);
  new BigUint64Array(b)[0] = bits;
  return new Float64Array(b)[0];
}

export function formatValue(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
    case 'i64':
      return String(v.value);
    case 'f32':
      return formatFloat(f32FromBits(v.bits), true);
    case 'f64':
      return formatFloat(f64FromBits(v.bits), false);
    case 'v128':
      return '0x' + Array.from(v.bytes).reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
    case 'ref':
      return v.value === null ? 'null' : typeof v.value === 'function' ? `<func ${(v.value as { name: string }).name}>` : '<ref>';
  }
}

function parseArg(t: number, s: string): WasmValue {
  switch (t) {
    case I32: return { type: 'i32', value: Number(BigInt.asIntN(32, BigInt(s))) };
    case I64: return { type: 'i64', value: BigInt.asIntN(64, BigInt(s)) };
    case F32: {
      const b = new ArrayBuffer(4);
      new Float32Array(b)[0] = Number(s);
      return { type: 'f32', bits: new Uint32Array(b)[0] };
    }
    case F64: {
      const b = new ArrayBuffer(8);
      new Float64Array(b)[0] = Number(s);
      return { type: 'f64', bits: new BigUint64Array(b)[0] };
    }
    case V128: throw new Error('v128 arguments are not supported on the command line');
  }
  if (s === 'null') return { type: 'ref', value: null };
  throw new Error(`cannot pass ${JSON.stringify(s)} as a reference`);
}

export default function run(allArgs: string[]): number {
  let limits;
  try {
    limits = takeRunLimits(allArgs);
  } catch (e) {
    process.stderr.write(`purewasm: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const args = limits.rest;
  let name: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--invoke') name = args[++i];
    else if (a.startsWith('--invoke=')) name = a.slice('--invoke='.length);
    else rest.push(a);
  }
  const [file, ...callArgs] = rest;
  if (name === undefined || file === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const module = new Module(readFileSync(file));
    const exp = module.validated.module.exports.find((e) => e.name === name && e.kind === 'func');
    if (!exp) throw new Error(`no exported function ${JSON.stringify(name)} in ${file}`);
    const type = module.validated.funcTypes[exp.index];
    if (callArgs.length !== type.params.length) {
      throw new Error(`${name} expects ${type.params.length} arguments, got ${callArgs.length}`);
    }
    const instance = new Instance(module, {}, { store: limits.store });
    const results = instance.invoke(name, callArgs.map((s, i) => parseArg(type.params[i], s)));
    for (const r of results) process.stdout.write(formatValue(r) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof Trap) return reportTrap(e);
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    process.stderr.write(`purewasm: ${msg}\n`);
    return 1;
  }
}
