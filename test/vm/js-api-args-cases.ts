// The JS API's objects as glue code makes them: descriptors and arguments of Memory, Table, Global, Tag and
// Exception (WebIDL's conversions: [EnforceRange] unsigned long, bigints for 64-bit memories and tables,
// required members, enums) and the errors they throw. js-api-args.test.ts runs these cases on purewasm's
// `WebAssembly` namespace (purewasm/polyfill) and js-api-args-record.ts on Node 26's V8, whose outcomes are
// in js-api-args-recorded.json. Engine-independent: only the JS API.

/** A module with an import and an export of every kind, for the cases of instances and exported functions. */
export const WAT = `(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "g" (global $g i32))
  (import "env" "mem" (memory 1))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "i64") (param i64) (result i64) (local.get 0))
  (func (export "multi") (result i32 i64) (i32.const 1) (i64.const 2))
  (func (export "callf") (param i32) (result i32) (call $f (local.get 0)))
  (global (export "gm") (mut i32) (i32.const 5))
  (table (export "t") 2 funcref)
  (export "f2" (func $f))
  (@custom "hello" "abc")
)`;

/** What each call did: `ok` and its value, or `threw` and the error's class. */
export function runCases(W: any, bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const show = (r: unknown): string =>
    r === undefined ? 'undefined' : typeof r === 'bigint' ? `${r}n` : Array.isArray(r) ? `[${r.map(show).join(',')}]` : typeof r === 'function' ? 'function' : String(r);
  const t = (k: string, f: () => unknown): void => {
    try {
      out[k] = `ok ${show(f())}`;
    } catch (e) {
      out[k] = `threw ${(e as Error).constructor?.name ?? typeof e}`;
    }
  };
  t('Memory i64', () => new W.Memory({ initial: 1n, address: 'i64' }).buffer.byteLength);
  t('Memory i64 number initial', () => new W.Memory({ initial: 1, address: 'i64' }).buffer.byteLength);
  t('Memory i64 grow', () => new W.Memory({ initial: 1n, maximum: 3n, address: 'i64' }).grow(1n));
  t('Memory i32 grow bigint', () => new W.Memory({ initial: 1 }).grow(1n));
  t('Memory bad address', () => new W.Memory({ initial: 1, address: 'i16' }));
  t('Memory shared no max', () => new W.Memory({ initial: 1, shared: true }));
  t('Memory shared', () => new W.Memory({ initial: 1, maximum: 2, shared: true }).buffer.constructor.name);
  t('Table i64', () => new W.Table({ initial: 2n, element: 'anyfunc', address: 'i64' }).length);
  t('Table i64 get', () => new W.Table({ initial: 2n, element: 'anyfunc', address: 'i64' }).get(1n));
  t('Table anyfunc', () => new W.Table({ initial: 1, element: 'anyfunc' }).length);
  t('Table externref init', () => new W.Table({ initial: 2, element: 'externref' }, 'x').get(1));
  t('Table grow init', () => { const tb = new W.Table({ initial: 0, element: 'externref' }); tb.grow(2, 'y'); return tb.get(1); });
  t('Table get out of range', () => new W.Table({ initial: 1, element: 'externref' }).get(5));
  t('Global anyfunc', () => new W.Global({ value: 'anyfunc' }).value);
  t('Global i64 default', () => new W.Global({ value: 'i64' }).value);
  t('Global i64 number', () => new W.Global({ value: 'i64' }, 5));
  t('Global v128', () => new W.Global({ value: 'v128' }));
  t('Global externref default', () => new W.Global({ value: 'externref' }).value);
  t('Global externref explicit undefined', () => new W.Global({ value: 'externref' }, undefined).value);
  t('Global mutable set immutable', () => { const g = new W.Global({ value: 'i32' }, 1); g.value = 2; });
  t('Memory maximum < initial', () => new W.Memory({ initial: 2, maximum: 1 }));
  t('Memory initial too big', () => new W.Memory({ initial: 65537 }));
  t('Table maximum < initial', () => new W.Table({ initial: 2, maximum: 1, element: 'externref' }));
  t('Memory grow beyond max', () => new W.Memory({ initial: 1, maximum: 1 }).grow(1));
  t('Memory no descriptor', () => new W.Memory());
  t('Memory initial negative', () => new W.Memory({ initial: -1 }));
  t('Memory initial fraction', () => new W.Memory({ initial: 1.5 }).buffer.byteLength);
  t('Memory initial string', () => new W.Memory({ initial: '2' }).buffer.byteLength);
  t('Tag i64 param', () => new W.Tag({ parameters: ['i64'] }) instanceof W.Tag);
  t('Tag bad param', () => new W.Tag({ parameters: ['i8'] }));
  t('Exception getArg i64', () => { const tg = new W.Tag({ parameters: ['i64'] }); return new W.Exception(tg, [3n]).getArg(tg, 0); });
  t('Exception i64 number', () => { const tg = new W.Tag({ parameters: ['i64'] }); return new W.Exception(tg, [3]); });
  t('Exception traceStack', () => { const tg = new W.Tag({ parameters: [] }); return typeof new W.Exception(tg, [], { traceStack: true }).stack; });
  t('Exception no traceStack', () => { const tg = new W.Tag({ parameters: [] }); return typeof new W.Exception(tg, []).stack; });
  t('validate garbage', () => W.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1])));
  t('validate not bytes', () => W.validate('abc'));
  t('Module not bytes', () => new W.Module('abc'));
  t('Module empty', () => W.Module.exports(new W.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))).length);
  t('Module.imports not module', () => W.Module.imports({}));
  t('Instance no module', () => new W.Instance({}));
  t('Memory buffer detached after grow', () => { const m = new W.Memory({ initial: 1 }); const b = m.buffer; m.grow(1); return b.byteLength; });
  t('Memory buffer same before grow', () => { const m = new W.Memory({ initial: 1 }); return m.buffer === m.buffer; });
  t('M32 initial bigint', () => new W.Memory({ initial: 1n }).buffer.byteLength);
  t('M32 maximum bigint', () => new W.Memory({ initial: 1, maximum: 2n }).buffer.byteLength);
  t('M64 maximum number', () => new W.Memory({ initial: 1n, maximum: 2, address: 'i64' }).buffer.byteLength);
  t('M64 grow number', () => new W.Memory({ initial: 1n, address: 'i64' }).grow(1));
  t('M64 grow result', () => typeof new W.Memory({ initial: 1n, address: 'i64' }).grow(0n));
  t('M64 initial huge', () => new W.Memory({ initial: 2n ** 48n, address: 'i64' }));
  t('M64 initial negative', () => new W.Memory({ initial: -1n, address: 'i64' }));
  t('M32 initial missing', () => new W.Memory({}));
  t('M32 initial 65537', () => new W.Memory({ initial: 65537 }));
  t('M32 initial 2^32', () => new W.Memory({ initial: 2 ** 32 }));
  t('M32 initial NaN', () => new W.Memory({ initial: NaN }));
  t('M32 initial Infinity', () => new W.Memory({ initial: Infinity }));
  t('M32 initial null', () => new W.Memory({ initial: null }).buffer.byteLength);
  t('M32 initial true', () => new W.Memory({ initial: true }).buffer.byteLength);
  t('M32 grow fraction', () => { const m = new W.Memory({ initial: 1 }); m.grow(1.7); return m.buffer.byteLength; });
  t('M32 grow negative', () => new W.Memory({ initial: 1 }).grow(-1));
  t('M32 grow 2^32', () => new W.Memory({ initial: 1 }).grow(2 ** 32));
  t('M32 grow none', () => new W.Memory({ initial: 1 }).grow());
  t('M32 grow beyond max', () => new W.Memory({ initial: 1, maximum: 1 }).grow(1));
  t('M32 maximum 65537', () => new W.Memory({ initial: 1, maximum: 65537 }).buffer.byteLength);
  t('M32 maximum < initial', () => new W.Memory({ initial: 2, maximum: 1 }));
  t('T32 initial bigint', () => new W.Table({ initial: 1n, element: 'externref' }).length);
  t('T64 length', () => typeof new W.Table({ initial: 1n, element: 'externref', address: 'i64' }).length);
  t('T64 get number', () => new W.Table({ initial: 2n, element: 'externref', address: 'i64' }, 'v').get(1));
  t('T64 get bigint', () => new W.Table({ initial: 2n, element: 'externref', address: 'i64' }, 'v').get(1n));
  t('T64 set bigint', () => { const tb = new W.Table({ initial: 2n, element: 'externref', address: 'i64' }); tb.set(1n, 'w'); return tb.get(1n); });
  t('T64 grow bigint', () => new W.Table({ initial: 2n, element: 'externref', address: 'i64' }).grow(1n));
  t('T64 grow number', () => new W.Table({ initial: 2n, element: 'externref', address: 'i64' }).grow(1));
  t('T64 initial number', () => new W.Table({ initial: 2, element: 'externref', address: 'i64' }).length);
  t('T32 get fraction', () => new W.Table({ initial: 2, element: 'externref' }, 'v').get(1.9));
  t('T32 get negative', () => new W.Table({ initial: 2, element: 'externref' }).get(-1));
  t('T32 get out of range', () => new W.Table({ initial: 2, element: 'externref' }).get(2));
  t('T32 get string', () => new W.Table({ initial: 2, element: 'externref' }, 'v').get('1'));
  t('T32 get bigint', () => new W.Table({ initial: 2, element: 'externref' }, 'v').get(1n));
  t('T32 grow fraction', () => { const tb = new W.Table({ initial: 1, element: 'externref' }); tb.grow(1.5); return tb.length; });
  t('T32 grow negative', () => new W.Table({ initial: 1, element: 'externref' }).grow(-1));
  t('T32 initial 10000001', () => new W.Table({ initial: 10000001, element: 'externref' }).length);
  t('T32 initial fraction', () => new W.Table({ initial: 1.5, element: 'externref' }).length);
  t('T32 maximum < initial', () => new W.Table({ initial: 2, maximum: 1, element: 'externref' }));
  t('T32 element bad', () => new W.Table({ initial: 1, element: 'i32' }));
  t('T32 element missing', () => new W.Table({ initial: 1 }));
  t('shared no max', () => new W.Memory({ initial: 1, shared: true }));
  t('M64 buffer', () => new W.Memory({ initial: 1n, address: 'i64' }).buffer.byteLength);
  // instances, exports, imports
  const m = new W.Module(bytes);
  const mem = new W.Memory({ initial: 1 });
  const f = (x: number): number => x + 1;
  const inst = new W.Instance(m, { env: { f, g: 7, mem } });
  const x = inst.exports;
  t('exports proto null', () => Object.getPrototypeOf(x) === null);
  t('exports frozen', () => Object.isFrozen(x));
  t('exports keys', () => Object.keys(x).join(','));
  t('add.name', () => x.add.name);
  t('add.length', () => x.add.length);
  t('f2 is f', () => x.f2 === f);
  t('f2.name', () => x.f2.name);
  t('add extra args', () => x.add(1, 2, 3));
  t('add missing args', () => x.add(1));
  t('add strings', () => x.add('2', '3'));
  t('add objects', () => x.add({ valueOf: () => 4 }, 1));
  t('add symbol', () => x.add(Symbol('s'), 1));
  t('add bigint', () => x.add(1n, 1));
  t('i64 number', () => x.i64(1));
  t('i64 string', () => x.i64('5'));
  t('i64 bool', () => x.i64(true));
  t('i64 big', () => x.i64(2n ** 64n + 3n));
  t('multi', () => x.multi());
  t('callf', () => x.callf(41));
  t('gm value', () => x.gm.value);
  t('gm set', () => { x.gm.value = 9; return x.gm.valueOf(); });
  t('gm set string', () => { x.gm.value = '11'; return x.gm.value; });
  t('t get', () => x.t.get(0));
  t('t set non-func', () => x.t.set(0, 5));
  t('t set wasm func', () => { x.t.set(0, x.add); return x.t.get(0) === x.add; });
  t('t set js func', () => x.t.set(0, () => 1));
  t('t length', () => x.t.length);
  t('customSections', () => W.Module.customSections(m, 'hello').map((b: ArrayBuffer) => b.byteLength));
  t('customSections missing name', () => W.Module.customSections(m));
  t('imports', () => W.Module.imports(m).map((i: any) => i.module + '.' + i.name + ':' + i.kind).join(' '));
  t('exports', () => W.Module.exports(m).map((i: any) => i.name + ':' + i.kind).join(' '));
  t('Instance no imports', () => new W.Instance(m));
  t('Instance imports not object', () => new W.Instance(m, 5));
  t('Instance missing module ns', () => new W.Instance(m, {}));
  t('Instance import not function', () => new W.Instance(m, { env: { f: 1, g: 7, mem } }));
  t('Instance global import wrong type', () => new W.Instance(m, { env: { f, g: 'x', mem } }));
  t('Instance global bigint for i32', () => new W.Instance(m, { env: { f, g: 1n, mem } }));
  t('Instance memory too small', () => new W.Instance(m, { env: { f, g: 7, mem: new W.Memory({ initial: 0 }) } }));
  t('Instance memory not Memory', () => new W.Instance(m, { env: { f, g: 7, mem: {} } }));
  t('Module toString', () => Object.prototype.toString.call(m));
  t('Instance toString', () => Object.prototype.toString.call(inst));
  t('Memory toString', () => Object.prototype.toString.call(mem));
  t('Table toString', () => Object.prototype.toString.call(x.t));
  t('Global toString', () => Object.prototype.toString.call(x.gm));
  t('Tag toString', () => Object.prototype.toString.call(new W.Tag({ parameters: [] })));
  t('Exception toString', () => Object.prototype.toString.call(new W.Exception(new W.Tag({ parameters: [] }), [])));
  t('Module called without new', () => W.Module(bytes));
  t('validate ArrayBuffer', () => W.validate(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  t('Module from DataView', () => W.Module.exports(new W.Module(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength))).length);
  t('Global i32 no value', () => new W.Global({ value: 'i32' }).value);
  t('Global mutable string', () => new W.Global({ value: 'i32', mutable: 'yes' }).value);
  t('Global f32 rounding', () => new W.Global({ value: 'f32' }, 0.1).value);
  t('Global bad type', () => new W.Global({ value: 'x' }));
  t('CompileError instanceof Error', () => { try { new W.Module(new Uint8Array([1])); } catch (e) { return e instanceof W.CompileError && e instanceof Error && e.name; } return 'no error'; });
  t('LinkError name', () => { try { new W.Instance(m, {env:{}}); } catch (e) { return (e as Error).name; } return 'no error'; });
  return out;
}
