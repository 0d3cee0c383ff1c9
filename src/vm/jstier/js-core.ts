// What the JS tier's run time (runtime.ts, the opt-in entry `purewasm/js-runtime`) uses of the core it runs
// in. The run time is built as a bundle of its own that works with `purewasm` and `purewasm/core` alike, so it
// holds none of the core's classes or functions: a store hands it this object when it takes the run time
// (Store, `adoptJsRuntime`), and the helpers compiled code calls are made from it (a trap compiled code throws
// is the core's Trap, a call it makes through the interpreter is the core's execute). The numeric operations
// compiled code calls (src/vm/ops: i64 arithmetic, conversions) are not here: the run time carries its own
// copy, as most of them are nothing the interpreter calls (it has them inline), 4.8 KB of the core.
import { OOB_MEMORY, STACK_EXHAUSTED, Trap, Unsupported } from '../errors.js';
import { execute, tableCallee } from '../exec/interpreter.js';
import { fuelCheck } from '../exec/fuel.js';
import { callHost, intoWasm } from '../exec/host.js';
import { WasmException } from '../runtime/tag.js';
import { memoryCopy, memoryFill, memoryInit, tableCopy, tableFill, tableInit } from '../exec/bulk.js';
import { factorySource } from './factory-source.js';
import { validateFunction } from '../../validate/index.js';

/** See the header. */
export const JS_CORE = {
  Trap, Unsupported, WasmException, OOB_MEMORY, STACK_EXHAUSTED, execute, tableCallee, fuelCheck, callHost, intoWasm, memoryCopy, memoryFill, memoryInit, tableCopy, tableFill, tableInit, factorySource, validateFunction,
};
export type JsCore = typeof JS_CORE;
