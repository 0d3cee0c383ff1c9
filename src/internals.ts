// NOT API. What purewasm's own entries that are built apart from `purewasm` need of its internals — the
// debugger (`purewasm/debug`), which patches translated code and re-translates functions, snapshots
// (`purewasm/snapshot`), which read and rebuild the machine's and the component instances' state and resume
// suspended calls, and the WIT printer (`purewasm/wit`), which walks the component layer's types. The
// root entry re-exports this module as one namespace, `__internals` (marked @internal: no declarations are
// published for it), and scripts/build.mjs resolves those entries' imports of the modules listed here to
// that namespace of `./purewasm.mjs`, so each shares the VM's classes and state instead of bundling a second
// copy of them. purewasm/async (component-model async, src/async) is built the same way: the component
// layer's calls, tasks, threads and the ABI it extends are listed below; so is purewasm/component-memory64 (the 64-bit
// canonical ABI, src/component-memory64), which uses the ABI's string routines. Names may change in any release.
// Keep one line per module, `export { … } from '…';`: the build reads them.
export { operandStackAt, translateFunction } from './vm/translate/translator.js';
export { decodeModule } from './decoder/decode-module.js';
export { Reader, decodeUtf8 } from './decoder/reader.js';
export { ResourceType, isPrimitiveKind, string } from './component/value-types.js';
export { typeRoot } from './component/validator/visibility.js';
export { parseExternName } from './component/validator/names.js';
export { interfaceInfo, isNominal, worldItems } from './component/world.js';
export { driveAsync } from './vm/exec/async-call.js';
export { fuelLeft, setFuel } from './vm/exec/fuel.js';
export { Suspension, canSuspend } from './vm/exec/suspend.js';
export { Fiber, funcInstOf } from './vm/fiber.js';
export { funcOfJS, readResults, refToJS } from './vm/runtime/convert.js';
export { FuncInst, units, unitsOf } from './vm/runtime/func.js';
export { ArrayRef, I31Ref, StructRef, arrayLayout, structLayout } from './vm/runtime/gc-objects.js';
export { moduleHash } from './vm/runtime/module-hash.js';
export { BORROWS_REMAIN, CANNOT_LEAVE, CallScope, errorText, trap } from './component/runtime/resources.js';
export { ERROR_CONTEXT, FUTURE_END, STREAM_END, SUBTASK, WAITABLE_SET } from './component/runtime/async-kinds.js';
export { asyncOf } from './component/runtime/async-pack.js';
export { AbiContext, COPY_BUDGET, UTF16_TAG, UTF16_TAG_64, flattenTypes, importPlan, layoutOf, loadStringAt, memoryCodec, storeStringIntoRange, stringTooLong } from './abi/index.js';
export { perPointerSize } from './abi/layout.js';
export { ptrArg, spilledParamsLifter } from './abi/plan.js';
export { resolveValType } from './component/validator/value-types.js';
export { ShapeCtx, SubtypeCtx, valueEq, valueMismatch } from './component/validator/subtype.js';
export { abiMemory, callResolved, deliverLowered, deliverResolve, isMemory64, leaveCheck, startLowered, toAbiOptionsOf } from './component/runtime/calls.js';
export { optIndices, resolveOpts } from './component/runtime/canon-opts.js';
export { Blocker, Thread, currentThread } from './component/runtime/threads.js';
