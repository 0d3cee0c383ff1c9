// `purewasm/js-runtime`: the JS tier's run time, what code compiled to JS runs with (src/vm/jstier/runtime.ts:
// tier-up counters, binding compiled functions to their instances, the helpers compiled code calls). Not part
// of the core (issue #12: an app that only interprets carries none of it); it comes with what needs it:
//
//   - the code generator of `purewasm/jit` carries it: `new Store({ compiler: jit })` needs nothing else;
//   - ahead-of-time output (`purewasm compile --js`) imports it as an ES module (`import { jsRuntime } from
//     'purewasm/js-runtime'`) and carries it, so `new Instance(module, imports, { compiled })` needs nothing
//     else either; the script form (`--format iife`) reads the global `purewasmJsRuntime` that
//     js-runtime.iife.js defines: load that script before the output's.
//
// Like the instruction packs it shares no class or state with `purewasm` or `purewasm/core`, so it works with
// either: the store hands it the core's functions it uses (src/vm/jstier/js-core.ts).
export { jsRuntime } from '../vm/jstier/runtime.js';
export type { JsRuntimePack } from '../vm/jstier/runtime.js';
