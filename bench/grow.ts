// `npm run --silent bench -- --grow [--pages N]`: a wasm function calls `memory.grow(1)` until the memory has
// N pages (default 4,096 = 256 MiB), in purewasm and in Node's WebAssembly, same process, same module; then
// the same through the JS API's `Memory#grow(1)`. Before issue 13 growth copied the whole memory every time
// (quadratic: 1,024 pages took 19.6 s); now memories keep amortized capacity.
import { Instance, Memory, Module } from '../src/index.js';

// (module (memory (export "mem") 1) (func (export "grow") (param i32) (result i32)
//   (loop (br_if 0 (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) ... ) — written out as bytes:
// grow(n): grows by 1 page n-1 times (until n pages), returns memory.size.
const GROW_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type 0: (i32) -> i32
  0x03, 0x02, 0x01, 0x00, // func 0: type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory: min 1
  0x07, 0x0e, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x67, 0x72, 0x6f, 0x77, 0x00, 0x00, // exports mem, grow
  0x0a, 0x18, 0x01, 0x16, 0x00,
  0x03, 0x40, //   loop
  0x3f, 0x00, 0x20, 0x00, 0x49, //     memory.size; local.get 0; i32.lt_u
  0x04, 0x40, //     if
  0x41, 0x01, 0x40, 0x00, 0x1a, //       memory.grow (i32.const 1); drop
  0x0c, 0x01, //       br 1 (the loop)
  0x0b, //     end
  0x0b, //   end
  0x3f, 0x00, //   memory.size
  0x0b,
]);

type Grow = (n: number) => number;

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export function runGrowBench(pages: number): Record<string, unknown> {
  const NodeWasm = (globalThis as { WebAssembly?: any }).WebAssembly;
  const oursInst = new Instance(new Module(GROW_MODULE), {});
  const ours = oursInst.exports.grow as Grow;
  let oursPages = 0;
  const oursMs = time(() => { oursPages = ours(pages); });
  const out: Record<string, unknown> = { pages, purewasm_wasm_ms: round(oursMs) };
  if (oursPages !== pages) throw new Error(`purewasm grew to ${oursPages} pages, expected ${pages}`);
  const ourMem = new Memory({ initial: 1 });
  out.purewasm_js_api_ms = round(time(() => { for (let i = 1; i < pages; i++) ourMem.grow(1); }));
  if (NodeWasm !== undefined) {
    const node = new NodeWasm.Instance(new NodeWasm.Module(GROW_MODULE), {});
    let nodePages = 0;
    const nodeMs = time(() => { nodePages = (node.exports.grow as Grow)(pages); });
    if (nodePages !== pages) throw new Error(`node grew to ${nodePages} pages`);
    const nodeMem = new NodeWasm.Memory({ initial: 1 });
    const nodeJs = time(() => { for (let i = 1; i < pages; i++) nodeMem.grow(1); });
    out.native_wasm_ms = round(nodeMs);
    out.native_js_api_ms = round(nodeJs);
    out.wasm_vs_native = round(oursMs / Math.max(nodeMs, 0.01));
    out.js_api_vs_native = round((out.purewasm_js_api_ms as number) / Math.max(nodeJs, 0.01));
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
