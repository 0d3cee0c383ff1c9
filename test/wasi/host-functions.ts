// The host functions a WasiP2 defines, callable directly with component values, as a guest would call them
// (for tests of one interface's semantics without building a guest for each case).
import type { Linker } from '../../src/component/runtime/index.js';
import type { WasiP2 } from '../../src/wasi/p2/index.js';

/** Records what addToLinker defines. */
class Recorder {
  readonly fns = new Map<string, (...args: unknown[]) => any>();
  instance(iface: string) {
    const self = this;
    const inst = {
      func(name: string, fn: (...args: unknown[]) => any) {
        self.fns.set(`${iface}#${name}`, fn);
        return inst;
      },
      resource() {
        return inst;
      },
    };
    return inst;
  }
}

/** `fn('wasi:io/streams@0.2.12', '[method]input-stream.read')` → that host function. */
export function hosted(wasi: WasiP2): (iface: string, name: string) => (...args: unknown[]) => any {
  const r = new Recorder();
  wasi.addToLinker(r as unknown as Linker);
  return (iface, name) => {
    const f = r.fns.get(`${iface}#${name}`);
    if (f === undefined) throw new Error(`no ${iface}#${name}`);
    return f;
  };
}
