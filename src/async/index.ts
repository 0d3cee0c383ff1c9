// `purewasm/async`: component-model async (Async.md, CanonicalABI.md) as an opt-in pack (issue #12), as
// wasmtime makes it the config feature `component_model_async`. Give it to what compiles a component:
//
//   import { Component, Linker, Store } from 'purewasm';
//   import { componentAsync, hostStream, HostFuture } from 'purewasm/async';
//   const component = new Component(bytes, { componentAsync });
//
// Without it a component that uses async lift or lower, async function types, streams, futures, error
// contexts or any async builtin is refused by `new Component` with a CompileError naming the definition and
// this pack. The pack is a plain object of functions (src/component/runtime/async-pack.ts, ComponentAsync):
// the compiled component holds it and gives it to its instances, so there is no registry. Built apart, it
// imports `purewasm` (./purewasm.mjs) and uses the component layer's own classes through its `__internals`
// (as purewasm/snapshot does), so every class exists once.
import type { ComponentAsync } from '../component/runtime/async-pack.js';
import { builtinStep } from '../component/runtime/async-builtins.js';
import { HostLater, later, liftBody, lowerAsync, syncCallCheck } from '../component/runtime/async-calls.js';
import { liftAsyncValue, liftErrorContext, lowerAsyncValue, lowerErrorContext } from '../component/runtime/async-values.js';
import { WaitableSet } from '../component/runtime/waitables.js';

/** Component-model async: `new Component(bytes, { componentAsync })`. */
export const componentAsync: ComponentAsync = {
  family: 'component-async',
  builtinStep,
  liftBody,
  lowerAsync,
  syncCallCheck,
  later,
  liftAsyncValue,
  lowerAsyncValue,
  liftErrorContext,
  lowerErrorContext,
  newWaitableSet: () => new WaitableSet(),
};

export type { ComponentAsync };
export { HostFuture, HostFutureReader, HostStreamReader, hostStream } from '../component/runtime/host-streams.js';
export { ErrorContext } from '../component/runtime/async-builtins.js';
export { HostLater };
