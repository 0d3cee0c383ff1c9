// Preparation (Node): turns the subset of subset.ts into `.cache/engines/data.json` for the engine-side
// driver. The .wast files are read and converted by the spec runner's own code (spec-tests/), and each file
// is first run through the spec runner against purewasm in this process: a file with any failure (a known
// gap, an `Unsupported` feature, a regression the spec phase reports anyway) is left out, so that a failure
// in the engine phase always means "works in Node, breaks in this engine". Kernel results come from Node's
// own WebAssembly.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as purewasm from '../../src/index.js';
import * as purewasmSnapshot from '../../src/snapshot/index.js';
import type { WasmValue } from '../../src/vm/values.js';
import { componentValue } from '../../spec-tests/component-values.js';
import { ConversionCache } from '../../spec-tests/convert.js';
import { loadEngines } from '../../spec-tests/engines.js';
import { cacheDirOf, runFile } from '../../spec-tests/run-file.js';
import { assertedIn30 } from '../../spec-tests/superseded.js';
import { SUITES, fileOptions, listFiles, projectRoot, sharedDir, type SpecFile } from '../../spec-tests/suites.js';
import { HostRefs, argValue } from '../../spec-tests/values.js';
import { type Command as WastCommand, type ModuleForm, readCommands } from '../../spec-tests/wast/commands.js';
import { f32Bits, f64Bits, i32Bits, i64Bits } from '../../spec-tests/wast/numbers.js';
import { type SExpr, headOf, isAtom, isList, lineIndex, lineOf, parseSExprs } from '../../spec-tests/wast/sexpr.js';
import {
  type Action,
  type Command,
  type ComponentSmoke,
  type CoreArg,
  type CoreSmoke,
  type CoreWant,
  type EngineData,
  type FloatWant,
  type PolyfillChecks,
  type Script,
  type StoreChecks,
  bytesHash,
  memoryHash,
} from './data-format.js';
import { suspendAndSnapshot } from './driver/snapshot-steps.js';
import * as jsErrors from '../vm/js-errors-record.js';
import * as jspi from '../vm/jspi-record.js';
import { readRecording } from '../vm/oracle-run.js';
import { COMPONENTS, KERNELS, KERNEL_DIVISOR, SPEC_FILES, STORE_CHECKS, WASI_P2_LEFT_OUT, WASI_P3, WASI_PREVIEW1 } from './subset.js';
import { runWasiProgram, type WasiProgram } from './driver/wasi-programs.js';
import * as purewasmWasi from '../../src/wasi/index.js';
import * as purewasmAsync from '../../src/async/index.js';

export const ENGINES_CACHE = join(projectRoot, '.cache', 'engines');

/** Binaries, deduplicated: the data file refers to them by index. */
class Binaries {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  add(bytes: Uint8Array): number {
    const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    let i = this.index.get(b64);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(b64);
      this.index.set(b64, i);
    }
    return i;
  }
  bytes(i: number): Uint8Array {
    return new Uint8Array(Buffer.from(this.list[i]!, 'base64'));
  }
}

/** Thrown when a directive cannot be carried to the engines; the directive is dropped with this reason. */
class Drop extends Error {}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function coreArg(v: WasmValue): CoreArg {
  switch (v.type) {
    case 'i32': return { t: 'i32', v: v.value | 0 };
    case 'i64': return { t: 'i64', v: BigInt.asIntN(64, v.value).toString() };
    case 'f32': return { t: 'f32', bits: v.bits >>> 0 };
    case 'f64': return { t: 'f64', bits: v.bits.toString(16) };
    case 'v128': return { t: 'v128', hex: hex(v.bytes) };
    case 'ref': {
      if (v.value === null || v.value === undefined) return { t: 'null' };
      const key = (v.value as { hostRef?: string }).hostRef;
      if (key === undefined) throw new Drop('argument is a reference the data file cannot carry');
      return { t: 'host', n: key };
    }
  }
}

const atomText = (e: SExpr | undefined): string => (isAtom(e) ? e.text : '');

function floatWant(text: string, f64: boolean): FloatWant {
  if (text === 'nan:canonical' || text === 'nan:arithmetic') return text;
  return f64 ? f64Bits(text).toString(16) : f32Bits(text) >>> 0;
}

/** An expected-result form as data; mirrors spec-tests/values.ts `expectedMatcher`. */
function coreWant(e: SExpr, refs: HostRefs): CoreWant {
  if (!isList(e)) throw new Drop('expected result is not a constant');
  const head = headOf(e) ?? '';
  const a = atomText(e.items[1]);
  switch (head) {
    case 'either': return { t: 'either', alts: e.items.slice(1).map((x) => coreWant(x, refs)) };
    case 'i32.const': return { t: 'i32', v: i32Bits(a) };
    case 'i64.const': return { t: 'i64', v: i64Bits(a).toString() };
    case 'f32.const': return { t: 'f32', v: floatWant(a, false) };
    case 'f64.const': return { t: 'f64', v: floatWant(a, true) };
    case 'v128.const': {
      if (a === 'f32x4' || a === 'f64x2') return { t: 'v128f', shape: a, lanes: e.items.slice(2).map((l) => floatWant(atomText(l), a === 'f64x2')) };
      // Integer lanes are exact bytes: the runner's own argument reader produces them.
      return { t: 'v128', hex: hex((argValue(e, refs) as { bytes: Uint8Array }).bytes) };
    }
    case 'ref.null': return { t: 'null' };
    case 'ref.extern':
    case 'ref.host':
      if (e.items.length < 2) return { t: 'nonnull' };
      return { t: 'host', n: (refs.get('extern', a) as { hostRef: string }).hostRef };
    case 'ref.func': case 'ref.array': case 'ref.struct': case 'ref.i31': case 'ref.eq': case 'ref.any': case 'ref.exn':
      return { t: 'nonnull' };
  }
  throw new Drop(`unsupported expected result ${head}`);
}

/** Component values as JSON: bigints become { $big } (the driver revives them). */
function componentJson(e: SExpr): unknown {
  return JSON.parse(JSON.stringify(componentValue(e), (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v)));
}

interface Prepared {
  readonly script?: Script;
  readonly excluded?: string;
  readonly dropped: number;
}

async function prepareFile(file: SpecFile, binaries: Binaries, shared: string): Promise<Prepared> {
  const src = readFileSync(file.path, 'utf8');
  const opts = fileOptions(file, src, shared);
  if (opts.skipFile !== undefined) return { excluded: opts.skipFile, dropped: 0 };
  const cacheDir = cacheDirOf(projectRoot);
  const reference = await runFile(file, await enginesOnce(), shared, cacheDir);
  if (reference.failures.length > 0) {
    const f = reference.failures[0]!;
    return { excluded: `${reference.failures.length} failure(s) on Node (first: line ${f.line}: ${f.message.slice(0, 120)}); the spec phase reports them`, dropped: 0 };
  }
  const lines = lineIndex(src);
  const cache = new ConversionCache(cacheDir, `${file.suite}/${file.rel}`);
  const refs = new HostRefs();
  const layers = new Map<string | undefined, 'module' | 'component'>(); // module id → layer (undefined: current)
  const out: Command[] = [];
  let dropped = 0;

  const bytesOf = async (form: ModuleForm): Promise<number> => {
    if (form.shape === 'binary') return binaries.add(form.bytes!);
    const r = await cache.convert(form.text);
    if (!r.ok) throw new Drop(`converter failed: ${r.error}`);
    return binaries.add(r.bytes);
  };
  const action = (a: { kind: 'invoke' | 'get'; module: string | undefined; name: string; args: SExpr[] }): Action => {
    const layer = layers.get(a.module) ?? 'module';
    const args = layer === 'component' ? a.args.map(componentJson) : a.args.map((x) => coreArg(argValue(x, refs)));
    return { kind: a.kind, ...(a.module !== undefined ? { module: a.module } : {}), name: a.name, args };
  };
  const setLayer = (id: string | undefined, layer: 'module' | 'component'): void => {
    layers.set(undefined, layer);
    if (id !== undefined) layers.set(id, layer);
  };

  const convert = async (c: WastCommand, line: number): Promise<Command | undefined> => {
    switch (c.type) {
      case 'module': {
        const m = await bytesOf(c.form);
        const id = c.form.id !== undefined ? { id: c.form.id } : {};
        if (c.form.definition) {
          if (c.form.id !== undefined) layers.set(`def:${c.form.id}`, c.form.layer);
          return { k: 'definition', line, layer: c.form.layer, m, ...id };
        }
        setLayer(c.form.id, c.form.layer);
        return { k: 'module', line, layer: c.form.layer, m, ...id };
      }
      case 'module instance':
        setLayer(c.id, c.layer);
        return { k: 'instance', line, layer: c.layer, ...(c.id !== undefined ? { id: c.id } : {}), ...(c.def !== undefined ? { def: c.def } : {}) };
      case 'register':
        return { k: 'register', line, as: c.as, ...(c.module !== undefined ? { id: c.module } : {}) };
      case 'invoke':
      case 'get':
        return { k: 'action', line, a: action(c.action) };
      case 'assert_return': {
        const a = action(c.action);
        const component = (layers.get(c.action.module) ?? 'module') === 'component';
        return { k: 'return', line, a, want: c.expected.map((e) => (component ? componentJson(e) : coreWant(e, refs))) };
      }
      case 'assert_trap':
        if (c.form !== undefined) return { k: 'trap-module', line, layer: c.form.layer, m: await bytesOf(c.form) };
        return { k: 'trap', line, a: action(c.action!) };
      case 'assert_exhaustion':
        return { k: 'exhaustion', line, a: action(c.action) };
      case 'assert_exception':
        return { k: 'exception', line, a: action(c.action) };
      case 'assert_unlinkable':
        return { k: 'unlinkable', line, layer: c.form.layer, m: await bytesOf(c.form) };
      case 'assert_invalid':
      case 'assert_malformed': {
        // Text-format tests (quote, malformed text) have no binary to give an engine.
        if (c.form.shape === 'quote' || (c.type === 'assert_malformed' && c.form.shape === 'text')) return undefined;
        // 2.0-era rejections that Wasm 3.0 dropped (spec-tests/superseded.ts).
        if ((file.suite === 'core-2.0' || file.suite === 'threads') && !assertedIn30(c.form, shared)) return undefined;
        return { k: 'invalid', line, layer: c.form.layer, m: await bytesOf(c.form) };
      }
      default:
        return undefined; // custom-annotation text tests and unknown commands: nothing to run
    }
  };

  for (const c of readCommands(parseSExprs(src), src)) {
    const line = lineOf(lines, c.start);
    try {
      const cmd = await convert(c, line);
      if (cmd !== undefined) out.push(cmd);
      else dropped++;
    } catch (e) {
      // A module that cannot be carried would make the rest of the file meaningless: leave the file out.
      if (c.type === 'module' || c.type === 'module instance') return { excluded: `line ${line}: ${(e as Error).message}`, dropped };
      dropped++;
    }
  }
  cache.save();
  return {
    script: {
      suite: file.suite,
      file: file.rel,
      ...(opts.componentFeatures !== undefined ? { features: { ...opts.componentFeatures } as Record<string, boolean> } : {}),
      wasmtimeRestrictions: file.suite === 'component-wasmtime',
      validateOnly: file.suite === 'component-wasm-tools',
      commands: out,
    },
    dropped,
  };
}

let engines: ReturnType<typeof loadEngines> | undefined;
const enginesOnce = (): ReturnType<typeof loadEngines> => (engines ??= loadEngines());

function prepareComponents(binaries: Binaries, shared: string): ComponentSmoke[] {
  const dir = join(shared, 'fixtures/components/jco');
  const all = JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) as { components: { file: string; steps: Record<string, unknown>[] }[] };
  return COMPONENTS.map((file) => {
    const entry = all.components.find((c) => c.file === file);
    if (entry === undefined) throw new Error(`no expectations for ${file} in ${dir}/expectations.json`);
    const steps = entry.steps
      .filter((s) => typeof s.call === 'string')
      .map((s) => ({ call: s.call as string, args: (s.args as unknown[] | undefined) ?? [], result: s.result ?? null }));
    return { file, m: binaries.add(readFileSync(join(dir, file))), steps };
  });
}

interface NodeWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

function prepareKernels(binaries: Binaries, shared: string): CoreSmoke[] {
  const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;
  return KERNELS.map((name) => {
    const file = `${name}.wasm`;
    const bytes = new Uint8Array(readFileSync(join(shared, 'bench/wasm', file)));
    const inst = new node.Instance(new node.Module(bytes), {});
    const n = Math.max(1, Math.round((inst.exports.default_n as () => number)() / KERNEL_DIVISOR));
    const result = (inst.exports.run as (n: number) => number)(n) | 0;
    const buffer = (inst.exports.memory as { buffer: ArrayBuffer }).buffer;
    return { file, m: binaries.add(bytes), n, result, memoryBytes: buffer.byteLength, memoryHash: memoryHash(new Int32Array(buffer)) };
  });
}

const hexBytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
/** (module (func (export "spin") (loop (br 0)))): README's spinning guest. */
const SPIN = hexBytes('0061736d0100000001040160000003020100070801047370696e00000a0901070003400c000b0b');
/** (module (import "h" "get" (func (param i32) (result i32))) (func (export "sum") (param $n i32) (result i32) …)):
 *  README's async example, the sum of get(i) for i = n … 1. */
const SUM = hexBytes('0061736d0100000001060160017f017f0209010168036765740000030201000707010373756d00010a25012301017f024003402000450d012001200010006a2101200041016b21000c000b0b20010b');

/** run(n) of a kernel with Node's WebAssembly. */
function nodeRun(bytes: Uint8Array, n: number): number {
  const node = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;
  return ((new node.Instance(new node.Module(bytes), {}).exports.run as (n: number) => number)(n)) | 0;
}

/** Fuel consumed by run(n) in purewasm (deterministic: the same in every engine). */
function fuelOf(bytes: Uint8Array, n: number): number {
  const start = 1e15;
  const store = new purewasm.Store({ fuel: start });
  (new purewasm.Instance(new purewasm.Module(bytes), {}, { store }).exports.run as (n: number) => number)(n);
  return start - store.fuel;
}

/** What the engines must reproduce in driver/stores.ts, computed here with purewasm (fuel) and Node's WebAssembly. */
async function prepareStores(binaries: Binaries, shared: string): Promise<StoreChecks> {
  const c = STORE_CHECKS;
  const spinStore = new purewasm.Store({ fuel: c.spinFuel });
  try {
    (new purewasm.Instance(new purewasm.Module(SPIN), {}, { store: spinStore }).exports.spin as () => void)();
    throw new Error('prepare: the spinning guest returned');
  } catch (e) {
    if (!(e instanceof purewasm.Trap) || e.reason !== 'all fuel consumed') throw e;
  }
  const kernel = (file: string): Uint8Array => new Uint8Array(readFileSync(join(shared, 'bench/wasm', file)));
  const fuelBytes = kernel(c.fuelKernel.file);
  const snapBytes = kernel(c.snapshotKernel.file);
  const total = fuelOf(snapBytes, c.snapshotKernel.n);
  const fuel = Math.floor(total / 2); // suspends once, half-way
  const s = await suspendAndSnapshot(purewasm, purewasmSnapshot, new purewasm.Module(snapBytes), c.snapshotKernel.n, fuel);
  s.store.addFuel(1e15);
  const result = nodeRun(snapBytes, c.snapshotKernel.n);
  if (((await s.pending) as number | 0) !== result) throw new Error(`prepare: purewasm's resumed ${c.snapshotKernel.file} differs from Node's WebAssembly`);
  const jco = join(shared, 'fixtures/components/jco');
  return {
    spin: { m: binaries.add(SPIN), fuel: c.spinFuel, left: spinStore.fuel },
    sum: { m: binaries.add(SUM), n: c.asyncCalls, result: c.asyncCalls * (c.asyncCalls + 1) },
    fuelKernel: { ...c.fuelKernel, m: binaries.add(fuelBytes), result: nodeRun(fuelBytes, c.fuelKernel.n), consumed: fuelOf(fuelBytes, c.fuelKernel.n) },
    snapshot: {
      ...c.snapshotKernel, m: binaries.add(snapBytes), result, fuel, total,
      snapshotBytes: s.snapshot.length, snapshotHash: bytesHash(s.snapshot),
    },
    component: { ...c.component, m: binaries.add(new Uint8Array(readFileSync(join(jco, c.component.file)))) },
  };
}

export interface PrepareSummary {
  readonly path: string;
  readonly scripts: number;
  readonly commands: number;
  readonly excluded: readonly string[];
}

/** The polyfill's cases with V8's recorded outcomes (test/vm/jspi.test.ts and js-errors.test.ts on Node). */
async function preparePolyfill(binaries: Binaries): Promise<PolyfillChecks> {
  const { main, legacy } = await jsErrors.binaries();
  return {
    jspiCases: { m: binaries.add(await jspi.binary()), expected: readRecording(jspi.RECORDING).outcomes, kept: jspi.KEPT_DIFFERENCES },
    jsErrorCases: { m: binaries.add(main), legacy: binaries.add(legacy), expected: readRecording(jsErrors.RECORDING).outcomes, kept: jsErrors.KEPT_DIFFERENCES },
  };
}

/** A wasi-testsuite program's .json (the part the portable runs use). */
interface WasiSpec {
  args?: string[];
  env?: Record<string, string>;
  root?: string;
  operations?: { type: string; args?: string[]; env?: Record<string, string>; id?: string; payload?: string }[];
}

/** The WASI programs of subset.ts with what they do on Node (the same runner, purewasm from src/). */
async function prepareWasi(binaries: Binaries, shared: string): Promise<EngineData['wasi']> {
  const suite = join(shared, 'fixtures/wasi-testsuite');
  const spec = (path: string): WasiSpec => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as WasiSpec : {});
  const programs: WasiProgram[] = [];
  for (const name of WASI_PREVIEW1) {
    const s = spec(join(suite, 'wasip1', `${name}.json`));
    const given = { args: s.args ?? [], env: s.env ?? {}, stdin: '', preopen: s.root !== undefined };
    const base = name.slice(name.indexOf('/') + 1);
    programs.push({ name: base, form: 'preview1', m: binaries.add(new Uint8Array(readFileSync(join(suite, 'wasip1', `${name}.wasm`)))), ...given });
    if (!WASI_P2_LEFT_OUT.includes(name)) programs.push({ name: base, form: 'p2', m: binaries.add(new Uint8Array(readFileSync(join(suite, 'p2-from-p1', `${name}.component.wasm`)))), ...given });
  }
  for (const name of WASI_P3) {
    const ops = spec(join(suite, 'wasip3', `${name}.json`)).operations ?? [];
    const run = ops.find((o) => o.type === 'run');
    const stdin = ops.filter((o) => o.type === 'write' && o.id === 'stdin').map((o) => o.payload ?? '').join('');
    programs.push({
      // (argv0 the file's name, as upstream runs `wasmtime cli-env.wasm`: test/wasi-p3/harness.ts)
      name: `${name.slice(name.indexOf('/') + 1)}.wasm`, form: 'p3', m: binaries.add(new Uint8Array(readFileSync(join(suite, 'wasip3', `${name}.wasm`)))),
      args: run?.args ?? [], env: run?.env ?? {}, stdin, preopen: false,
    });
  }
  const out: EngineData['wasi'][number][] = [];
  for (const program of programs) {
    const expected = await runWasiProgram(purewasm, purewasmWasi, purewasmAsync.componentAsync, program, binaries.bytes(program.m));
    if (typeof expected.exit !== 'number') throw new Error(`WASI program ${program.form} ${program.name} fails on Node: ${expected.exit}`);
    out.push({ program, expected });
  }
  return out;
}

/** Writes data.json; returns what it holds and which files were left out (with the reason). */
export async function prepare(log: (line: string) => void): Promise<PrepareSummary> {
  const shared = sharedDir();
  const binaries = new Binaries();
  const scripts: Script[] = [];
  const excluded: string[] = [];
  let dropped = 0;
  for (const key of SPEC_FILES) {
    const slash = key.indexOf('/');
    const suite = SUITES.find((s) => s.name === key.slice(0, slash));
    const file = suite && listFiles(suite, shared).find((f) => f.rel === key.slice(slash + 1));
    if (file === undefined) throw new Error(`subset.ts names ${key}, which is not in ${shared}/fixtures/spec`);
    const p = await prepareFile(file, binaries, shared);
    dropped += p.dropped;
    if (p.script) scripts.push(p.script);
    else excluded.push(`${key}: ${p.excluded}`);
  }
  const data: EngineData = {
    binaries: binaries.list,
    scripts,
    components: prepareComponents(binaries, shared),
    kernels: prepareKernels(binaries, shared),
    stores: await prepareStores(binaries, shared),
    polyfill: await preparePolyfill(binaries),
    wasi: await prepareWasi(binaries, shared),
  };
  mkdirSync(ENGINES_CACHE, { recursive: true });
  const path = join(ENGINES_CACHE, 'data.json');
  writeFileSync(path, JSON.stringify(data));
  const commands = scripts.reduce((n, s) => n + s.commands.length, 0);
  log(`prepared ${scripts.length} .wast files (${commands} directives; ${dropped} text-format or superseded directives dropped), ` +
    `${data.components.length} components, ${data.kernels.length} kernels → ${path}`);
  for (const x of excluded) log(`  left out ${x}`);
  return { path, scripts: scripts.length, commands, excluded };
}
