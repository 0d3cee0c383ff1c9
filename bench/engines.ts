// The engines the benchmarks compare. Each one turns module bytes into an object with the
// WebAssembly JS API's shape, so the timing code is identical for all of them.
export type EngineName = 'purewasm' | 'purewasm-js' | 'native' | 'polywasm';

export interface Exports {
  run(n: number): number;
  default_n(): number;
}

/** The part of the WebAssembly JS API the benchmarks use (Node's own, or polywasm's). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

export async function loadEngine(name: EngineName): Promise<(bytes: Uint8Array) => Exports> {
  switch (name) {
    case 'native': {
      const native = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
      return (bytes) => new native.Instance(new native.Module(bytes), {}).exports as Exports;
    }
    case 'polywasm': {
      const poly = ((await import('polywasm')) as { WebAssembly: WasmApi }).WebAssembly;
      // polywasm ignores a view's byteOffset (see ../shared/bench/README.md): hand it an exact copy.
      return (bytes) => new poly.Instance(new poly.Module(bytes.slice()), {}).exports as Exports;
    }
    case 'purewasm':
    case 'purewasm-js': {
      // 'purewasm' is the interpreter alone; 'purewasm-js' a store with the JS tier's code generator
      // (purewasm/jit), which compiles the functions that get hot (src/vm/jstier)
      const pure = await import('../src/index.js');
      const { jit } = await import('../src/jit/index.js');
      const options = name === 'purewasm' ? { tier: 'interpreter' as const } : { tier: 'auto' as const, compiler: jit };
      return (bytes) => new pure.Instance(new pure.Module(bytes), {}, { store: new pure.Store(options) }).exports as unknown as Exports;
    }
  }
}
