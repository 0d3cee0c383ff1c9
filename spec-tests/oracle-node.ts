// `--engine node`: runs the scripts against Node's own WebAssembly instead of purewasm. This is a check of
// the runner itself (value parsing, result comparison, linking, trap handling) against a known-good engine;
// it is never used to judge purewasm. Limits of the JS API show up as failures: v128 arguments and results
// cannot cross into JS, NaN payloads may be canonicalized, and features Node 20 lacks are rejected.
import { decodeModule } from '../src/decoder/decode-module.js';
import { F32, F64, I32, I64, V128, type Module, type ValType } from '../src/decoder/module.js';
import { LinkError, Trap } from '../src/vm/errors.js';
import type { WasmValue } from '../src/vm/values.js';
import type { Engines, VmApi, VmInstance } from './engines.js';

interface JsInstance {
  exports: Record<string, unknown>;
}
interface NodeWasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => JsInstance;
  Memory: new (d: object) => object;
  Table: new (d: object) => object;
  Global: new (d: object, v: unknown) => object;
  RuntimeError: new (...a: unknown[]) => Error;
  LinkError: new (...a: unknown[]) => Error;
}
const WA = (globalThis as unknown as { WebAssembly: NodeWasmApi }).WebAssembly;

const scratch = new DataView(new ArrayBuffer(8));

function toJs(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32': return v.value;
    case 'i64': return v.value;
    case 'f32': scratch.setUint32(0, v.bits); return scratch.getFloat32(0);
    case 'f64': scratch.setBigUint64(0, v.bits); return scratch.getFloat64(0);
    case 'ref': return v.value;
    case 'v128': throw new TypeError('v128 cannot cross the JS API');
  }
}

function fromJs(t: ValType, x: unknown): WasmValue {
  switch (t) {
    case I32: return { type: 'i32', value: (x as number) | 0 };
    case I64: return { type: 'i64', value: BigInt.asIntN(64, x as bigint) };
    case F32: scratch.setFloat32(0, x as number); return { type: 'f32', bits: scratch.getUint32(0) };
    case F64: scratch.setFloat64(0, x as number); return { type: 'f64', bits: scratch.getBigUint64(0) };
    case V128: throw new TypeError('v128 cannot cross the JS API');
    default: return { type: 'ref', value: x };
  }
}

/** Maps Node's errors onto purewasm's error classes so the runner judges them the same way. */
function mapError(e: unknown): unknown {
  if (e instanceof WA.RuntimeError) return new Trap(e.message);
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new Trap('call stack exhausted');
  if (e instanceof WA.LinkError) return new LinkError(e.message);
  return e;
}

class OracleModule {
  readonly js: object;
  readonly decoded: Module;
  constructor(bytes: Uint8Array) {
    this.js = new WA.Module(bytes);
    this.decoded = decodeModule(bytes);
  }
}

class OracleInstance implements VmInstance {
  private readonly js: JsInstance;
  constructor(
    private readonly module: OracleModule,
    imports: Record<string, Record<string, unknown>>,
  ) {
    try {
      this.js = new WA.Instance(module.js, imports);
    } catch (e) {
      throw mapError(e);
    }
  }

  get exports(): Record<string, unknown> {
    return this.js.exports;
  }

  invoke(name: string, args: WasmValue[]): WasmValue[] {
    const m = this.module.decoded;
    const ex = m.exports.find((e) => e.name === name && e.kind === 'func');
    if (!ex) throw new Error(`no exported function ${name}`);
    const sub = m.types[m.funcTypeIndices[ex.index]!]!;
    if (sub.composite.kind !== 'func') throw new Error('not a function type');
    const results = sub.composite.results;
    let r: unknown;
    try {
      r = (this.js.exports[name] as (...a: unknown[]) => unknown)(...args.map(toJs));
    } catch (e) {
      throw mapError(e);
    }
    if (results.length === 0) return [];
    if (results.length === 1) return [fromJs(results[0]!, r)];
    return (r as unknown[]).map((x, i) => fromJs(results[i]!, x));
  }

  getGlobal(name: string): WasmValue {
    const m = this.module.decoded;
    const ex = m.exports.find((e) => e.name === name && e.kind === 'global');
    if (!ex) throw new Error(`no exported global ${name}`);
    const imported = m.imports.filter((i) => i.desc.kind === 'global');
    const g = imported[ex.index];
    const type = g && g.desc.kind === 'global' ? g.desc.type.type : m.globals[ex.index - imported.length]!.type.type;
    return fromJs(type, (this.js.exports[name] as { value: unknown }).value);
  }
}

export function nodeEngines(): Engines {
  const vm: VmApi = {
    Module: OracleModule,
    Instance: OracleInstance as unknown as VmApi['Instance'],
    Memory: WA.Memory as VmApi['Memory'],
    Table: WA.Table as VmApi['Table'],
    Global: WA.Global as VmApi['Global'],
  };
  return {
    compile: { state: 'ok', api: (bytes) => new WA.Module(bytes) },
    validateComponent: { state: 'missing', reason: 'Node has no component validator' },
    vm: { state: 'ok', api: vm },
    components: { state: 'missing', reason: 'Node has no component runtime' },
  };
}
