// Which src/ modules a test harness bundled from src/ must take from the built library instead of bundling a
// second copy: the engine driver (bundle.ts, through the global `purewasm`) and the spec runner's --dist mode
// (spec-tests/dist.ts, through dist/purewasm.mjs). A class that exists twice breaks `instanceof` checks and
// would test src/ where the built file was meant.

/** src modules whose classes the driver must take from the artifact: module → public names it provides. */
export const PUBLIC_MODULES: Record<string, readonly string[]> = {
  'decoder/errors.ts': ['CompileError'],
  'vm/errors.ts': ['Trap', 'LinkError', 'CompileError', 'Unsupported'],
  'vm/api.ts': ['Module', 'Instance', 'Memory', 'Table', 'Global'],
  'vm/index.ts': ['Module', 'Instance', 'Memory', 'Table', 'Global', 'Trap', 'LinkError', 'CompileError', 'Unsupported'],
  'component/runtime/component.ts': ['Component'],
  'component/runtime/linker.ts': ['Linker', 'LinkerInstance'],
  'component/runtime/instance.ts': ['ComponentInstance', 'Exports', 'Func'],
  'component/runtime/resources.ts': ['ResourceHandle', 'ResourceType', 'hostResource'],
  'component/runtime/index.ts': ['Component', 'Linker', 'LinkerInstance', 'ComponentInstance', 'Exports', 'Func', 'ResourceHandle', 'ResourceType', 'hostResource', 'Trap', 'LinkError'],
};

/**
 * src modules whose classes come from component-model async's artifact (`purewasm/async`: dist/async.mjs, the
 * global `purewasmAsync`): wasmtime's test host makes its slow results with the artifact's own HostLater (the
 * runtime checks the class).
 */
export const ASYNC_MODULES: Record<string, readonly string[]> = {
  'component/runtime/async-calls.ts': ['HostLater'],
  'async/index.ts': ['componentAsync', 'HostLater', 'HostFuture', 'HostFutureReader', 'HostStreamReader', 'hostStream', 'ErrorContext'],
};

/**
 * wasmtime's test host records the module type of its `simple-module` in a table private to the runtime;
 * the artifact's own table is out of reach, so the linker falls back to checking that module by import
 * and export names (what it does for any module it did not compile itself).
 */
export const MODULE_TYPES_SHIM = 'export const recordModuleType = (m) => m;';

