// Run-time state of one component instance: its index spaces (filled by executing the plan), handle
// table, reentrance flags and the map from the static resource types the validator assigned to this
// component's definitions to the run-time resource types of this instantiation.
import type { ResourceType } from '../value-types.js';
import type { FuncType } from '../value-types.js';
import { Store } from '../../vm/api.js';
import type { Module } from '../../vm/api.js';
import type { CompiledComponent, CompiledModule } from '../../vm/jstier/runtime.js';
import { moduleHash } from '../../vm/runtime/module-hash.js';
import { HandleTable, IndexTable, enterCheck, type InstanceFlags } from './resources.js';
import type { ComponentPlan } from './plan.js';
import type { ComponentAsync } from './async-pack.js';
import type { ComponentMemory64 } from './memory64-pack.js';
import type { OnCancel, OnResolve, OnStart } from './task.js';
import { schedulerOf, type Scheduler, type Thread } from './threads.js';

/** A component-level function at run time: JS values in, JS value out (the JS value mapping of src/abi). */
export interface RFunc {
  readonly type: FuncType;
  /** For messages: the import path of a host function. */
  readonly name?: string;
  /** `who` names the function in errors about the caller's values ("export ns:pkg/iface#f"). */
  call(args: readonly unknown[], who?: string): unknown;
  /** Like call, but the guest may wait for host functions that return Promises (core callAsync). */
  callAsync?(args: readonly unknown[], who?: string): Promise<unknown>;
  /**
   * The spec's FuncInst calling convention (CanonicalABI.md canon_lift / canon_lower): the callee asks for
   * its arguments with `onStart` when it starts, delivers its outcome with `onResolve` (possibly later,
   * from another thread), and returns how to request cancellation. `caller`: the calling instance (none
   * for the host).
   */
  invoke(onStart: OnStart, onResolve: OnResolve, caller: InstanceState | undefined): OnCancel;
  /**
   * True when `invoke` resolves (or throws) before it returns — a sync-typed function — except that a
   * sync-typed host function may return a Promise or HostLater: a *host stall*, not a block in the spec's
   * sense (CanonicalABI.md: a callee whose type lacks `async` must not block; the host's time is invisible
   * to the guest). The lowering detects it at run time (calls.ts lowerFunc). A lower of a function
   * without this flag makes its instance `mayBlock`.
   */
  readonly settlesAtOnce?: boolean;
}

/** A component instance as a value (what instances export / are passed as arguments). */
export interface RInstance {
  readonly exports: ReadonlyMap<string, RExtern>;
}

/** A component definition closed over the instance that defined it (for outer aliases). */
export interface RComponent {
  readonly plan: ComponentPlan;
  readonly env: InstanceState | undefined;
}

export type RExtern =
  | { readonly kind: 'func'; readonly func: RFunc }
  /** `type`: the run-time resource type, or undefined for value/func/instance types (no run-time identity). */
  | { readonly kind: 'type'; readonly type: ResourceType | undefined }
  | { readonly kind: 'instance'; readonly instance: RInstance }
  | { readonly kind: 'module'; readonly module: Module }
  | { readonly kind: 'component'; readonly component: RComponent }
  | { readonly kind: 'value'; readonly value: unknown };

/** A core instance as its export object (JS-API shape: functions, Memory, Table, Global). */
export type CoreExports = Record<string, unknown>;

export class InstanceState implements RInstance {
  readonly flags: InstanceFlags = { mayEnter: true, mayLeave: true };
  /** The component-model async pack its component was compiled with (`purewasm/async`), if any. */
  async: ComponentAsync | undefined = undefined;
  /** The 64-bit canonical ABI pack its component was compiled with (`purewasm/component-memory64`), if any. */
  memory64: ComponentMemory64 | undefined = undefined;
  /** @internal
   * Whether a call into this instance might block or need the event loop: set when the instance defines
   * an async lift, a builtin other than context.get/set and backpressure, an async lower, or a lower of an
   * async-typed function. While false, a sync call of a sync-lifted export runs directly on the caller's
   * stack without a fiber (calls.ts liftFunc, the direct path); a sync-typed host function it calls that
   * returns a Promise there cannot be waited for and traps (under callAsync the fiber path runs instead).
   */
  mayBlock = false;
  /** @internal
   * Threads of this instance waiting for a host stall (a sync-typed host function's Promise or HostLater,
   * directly or through a sync call of another component that waits for one). A sync-typed task that has
   * not returned may wait while this is nonzero: its wait ends when the host settles, with no other guest
   * code needed, so it is not the block CanonicalABI.md forbids (calls.ts liftFunc).
   */
  hostStalls = 0;
  /** Spec ComponentInstance.backpressure (`backpressure.inc/dec/set`). */
  backpressure = 0;
  /** Spec ComponentInstance.threads / num_waiting_to_enter / exclusive_thread. */
  threads = new IndexTable<Thread>('thread');
  /** @internal */
  numWaitingToEnter = 0;
  /** @internal */
  exclusiveThread: Thread | undefined = undefined;
  /** @internal The thread context realloc runs in (calls.ts), made on first use; its slots are cleared after each run. */
  reallocThread: Thread | undefined = undefined;
  readonly table = new HandleTable();
  readonly resMap = new Map<ResourceType, ResourceType>();
  readonly parent: InstanceState | undefined;
  /** The store every core instance of this component (and of its nested components) lives in. */
  readonly store: Store;

  readonly coreModules: Module[] = [];
  /** @internal */
  readonly coreInstances: CoreExports[] = [];
  readonly coreFuncs: unknown[] = [];
  readonly coreTables: unknown[] = [];
  readonly coreMemories: unknown[] = [];
  readonly coreGlobals: unknown[] = [];
  readonly coreTags: unknown[] = [];
  readonly funcs: RFunc[] = [];
  readonly types: (ResourceType | undefined)[] = [];
  readonly components: RComponent[] = [];
  readonly instances: RInstance[] = [];
  readonly values: unknown[] = [];
  readonly exports = new Map<string, RExtern>();

  /** Ahead-of-time JS for the core modules (Linker.instantiate's `compiled`): by module hash; null: none. */
  readonly aot: AotModules | null;

  constructor(parent: InstanceState | undefined, store?: Store, aot?: AotModules | null) {
    this.parent = parent;
    this.store = store ?? parent?.store ?? new Store();
    this.aot = aot ?? parent?.aot ?? null;
  }

  /** Static resource type (as the validator saw it in this component) → run-time resource type. */
  readonly resolve = (t: ResourceType): ResourceType => {
    const c = t.canonical;
    return this.resMap.get(c) ?? c;
  };

  /** Forgets the threads of calls that can never go on (a snapshot restore replaces the instance's state). */
  resetAsync(): void {
    this.threads = new IndexTable<Thread>('thread');
    this.exclusiveThread = undefined;
    this.numWaitingToEnter = 0;
    const w = this.sched.waiting;
    for (let i = w.length - 1; i >= 0; i--) if (w[i].task.inst === this) w.splice(i, 1);
  }

  /** @internal The event loop of this instance's store. */
  get sched(): Scheduler {
    return schedulerOf(this.store);
  }

  /** Spec ComponentInstance.may_enter_from: every instance entered by a call from `caller` may be entered. */
  mayEnterFrom(caller: InstanceState | undefined): boolean {
    for (let s: InstanceState | undefined = this; s !== undefined && !isAncestorOrSelf(s, caller); s = s.parent) {
      if (!s.flags.mayEnter || s.flags.trapped !== undefined) return false;
    }
    return true;
  }

  /** @internal Spec enter_from (traps, saying why, when an instance of the entering set may not be entered). */
  enterFrom(caller: InstanceState | undefined): void {
    for (let s: InstanceState | undefined = this; s !== undefined && !isAncestorOrSelf(s, caller); s = s.parent) enterCheck(s.flags);
    for (let s: InstanceState | undefined = this; s !== undefined && !isAncestorOrSelf(s, caller); s = s.parent) s.flags.mayEnter = false;
  }

  /** @internal */
  leaveTo(caller: InstanceState | undefined): void {
    for (let s: InstanceState | undefined = this; s !== undefined && !isAncestorOrSelf(s, caller); s = s.parent) s.flags.mayEnter = true;
  }

  outer(count: number): InstanceState {
    let s: InstanceState = this;
    for (let i = 0; i < count; i++) {
      if (s.parent === undefined) throw new Error('outer alias beyond the root component');
      s = s.parent;
    }
    return s;
  }
}

/** Whether `s` is `caller` or one of its ancestors (those are not entered by a call from `caller`). */
export function isAncestorOrSelf(s: InstanceState, caller: InstanceState | undefined): boolean {
  for (let c = caller; c !== undefined; c = c.parent) if (c === s) return true;
  return false;
}

/** A component's ahead-of-time JS, looked up per core module (its bytes' hash, computed once per module). */
export class AotModules {
  private readonly byHash = new Map<number, CompiledModule>();
  private readonly byModule = new Map<Module, CompiledModule | undefined>();
  constructor(compiled: CompiledComponent) {
    for (const m of compiled.modules) this.byHash.set(m.hash, m);
  }
  of(module: Module): CompiledModule | undefined {
    if (!this.byModule.has(module)) this.byModule.set(module, this.byHash.get(moduleHash(module.validated.module.bytes)));
    return this.byModule.get(module);
  }
}
