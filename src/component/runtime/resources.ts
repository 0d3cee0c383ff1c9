// Resources at run time (CanonicalABI.md "Handles" / "Resource Tables"): the per-instance handle table,
// the per-call borrow scope that implements the ABI's HandleTables interface, and the handle objects the
// host sees. A resource type at run time is a `ResourceType` object: one per `(type (resource ...))`
// definition per instantiation, or the embedder's `host` type. Its implementation (instance and dtor)
// sits in a side table so `ResourceType` stays a plain value type.
import { ResourceType, type HandleType } from '../value-types.js';
import type { HandleTables } from '../../abi/interfaces.js';
import { Trap } from '../../vm/errors.js';
import type { AsyncValueType } from '../value-types.js';
import type { ComponentAsync } from './async-pack.js';

export function trap(reason: string): never {
  throw new Trap(reason);
}

/** A builtin called while its instance may not leave (from realloc or post-return). */
export const CANNOT_LEAVE = 'cannot leave component instance';

/** What running a guest resource's destructor needs: the defining instance and its dtor core function. */
export interface ResourceImpl {
  readonly owner: InstanceFlags;
  readonly dtor: ((rep: number) => unknown) | undefined;
}
/** The reentrance flags of a component instance (CanonicalABI.md ComponentInstance). */
export interface InstanceFlags {
  /** @internal */
  mayEnter: boolean;
  /** @internal */
  mayLeave: boolean;
  /**
   * Why the instance may not be entered any more: the first failure that unwound its code (a trap, or an
   * exception thrown by a host function it called). Set on failure only; read by `enterCheck`.
   */
  trapped?: TrapCause;
}

/** The failure that locked an instance down (Explainer.md "Component Invariants" #1). */
export interface TrapCause {
  readonly error: unknown;
  /** The host function (import path) that threw `error`, when a host function did. */
  readonly hostFunction?: string;
}

/** Record the first failure that unwinds an instance's code; later ones are consequences of it. */
export function lockDown(flags: InstanceFlags, error: unknown, hostFunction?: string): void {
  if (flags.trapped === undefined) flags.trapped = { error, hostFunction };
}

/** Why entering is refused, for the message. */
function refusal(flags: InstanceFlags): string {
  const t = flags.trapped;
  if (t === undefined) return 'it is already running (a host function it called may not call back into it)';
  const why = t.hostFunction !== undefined ? `host function ${t.hostFunction} threw: ${errorText(t.error)}` : t.error instanceof Error ? t.error.message : errorText(t.error);
  return `it trapped earlier (${why})`;
}

/** Trap unless the instance with `flags` may be entered; the message says why not. */
export function enterCheck(flags: InstanceFlags, what = ''): void {
  if (!flags.mayEnter || flags.trapped !== undefined) trap(`cannot enter component instance${what}: ${refusal(flags)}`);
}

/** A JS exception as a message shows it: `Error: boom`. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return String(e);
  } catch {
    return typeof e;
  }
}

const impls = new WeakMap<ResourceType, ResourceImpl>();
export function setResourceImpl(rt: ResourceType, impl: ResourceImpl): void {
  impls.set(rt, impl);
}
export function resourceImpl(rt: ResourceType): ResourceImpl | undefined {
  return impls.get(rt.canonical);
}

/** Run the destructor of `rt` for `rep` (guest dtor through its instance's may-enter flag, or host dtor). */
export function destroy(rt: ResourceType, rep: unknown, from: InstanceFlags | undefined): void {
  const c = rt.canonical;
  if (c.state === 'host') {
    if (c.destructor !== undefined) c.destructor(rep);
    return;
  }
  const impl = impls.get(c);
  if (impl === undefined || impl.dtor === undefined) return;
  // A foreign instance's destructor is a call into it: it may not be re-entered (spec resource.drop).
  if (impl.owner !== from) enterCheck(impl.owner, ' (resource destructor)');
  try {
    impl.dtor(rep as number);
  } catch (e) {
    // The destructor's instance failed inside its own code: it is locked down like after any trap.
    impl.owner.mayEnter = false;
    lockDown(impl.owner, e);
    throw e;
  }
}

const disposeSymbol: symbol =
  ((Symbol as unknown as { dispose?: symbol }).dispose) ?? Symbol.for('Symbol.dispose');

/** The handle the ABI last refused to take or read, and why (value-errors.ts reports where it was). */
let rejected: { readonly handle: ResourceHandle; readonly reason: string; readonly error: Trap } | undefined;
export function rejectedHandle(): typeof rejected {
  return rejected;
}

/**
 * A resource value as the host sees it. `own` handles are owned by the holder: dropping one (`drop()` or
 * `[Symbol.dispose]()`) runs the destructor exactly once; passing it to the guest as `own` moves it.
 * `borrow` handles are valid only during the host call that received them. Create handles to host
 * resources with `hostResource(type, value)`.
 */
export class ResourceHandle {
  /** The handle's resource type (the original one when it was exported under another name). */
  readonly type: ResourceType;
  /** Whether the holder owns the resource (false: a borrow, valid during one host call). */
  readonly own: boolean;
  /** @internal */
  private _rep: unknown;
  /** @internal */
  private state: 'live' | 'moved' | 'dropped' | 'expired' = 'live';

  /** Prefer `hostResource(type, value)`; handles to guest resources come from the guest. */
  constructor(type: ResourceType, rep: unknown, own = true) {
    this.type = type.canonical;
    this._rep = rep;
    this.own = own;
  }

  /** For host resources, the host's representation (for guest resources, the guest's i32 rep). */
  get rep(): unknown {
    this.check('use');
    return this._rep;
  }
  /** False once the handle was moved into the guest, dropped, or (a borrow) its host call returned. */
  get alive(): boolean {
    return this.state === 'live';
  }

  /** @internal */
  private check(what: string): void {
    if (this.state !== 'live') this.refuse(`cannot ${what} a resource handle that was ${this.state}`);
  }

  /** @internal */
  private refuse(reason: string): never {
    const error = new Trap(reason);
    rejected = { handle: this, reason, error };
    throw error;
  }

  /** @internal Consume this handle (ownership moves into a guest table). */
  take(): unknown {
    this.check('move');
    if (!this.own) this.refuse('cannot pass a borrowed handle as an owned handle');
    this.state = 'moved';
    return this._rep;
  }
  /** @internal Borrowed handle lifetime ended (the host call that received it returned). */
  expire(): void {
    if (this.state === 'live') this.state = 'expired';
  }

  /** Drop an owned handle: the destructor runs (once). For a borrow, ends the host's use of it. */
  drop(): void {
    if (!this.own) {
      this.expire();
      return;
    }
    if (this.state !== 'live') return;
    this.state = 'dropped';
    destroy(this.type, this._rep, undefined);
  }
}
(ResourceHandle.prototype as unknown as Record<symbol, unknown>)[disposeSymbol] = function (this: ResourceHandle) {
  this.drop();
};

/** A new owned handle to `value`, an object of the host resource type `rt` (see `ResourceType.host`). */
export function hostResource(rt: ResourceType, value: unknown): ResourceHandle {
  if (rt.canonical.state !== 'host') throw new TypeError(`hostResource: \`${rt.name}\` is not a host resource type (make one with ResourceType.host)`);
  return new ResourceHandle(rt, value, true);
}

// ---------------------------------------------------------------------------------------------------
// Handle table

export interface HandleEntry {
  readonly rt: ResourceType;
  readonly rep: unknown;
  readonly own: boolean;
  /** Borrow handles: the call scope that must see them dropped. */
  readonly scope: CallScope | undefined;
  lends: number;
}

/**
 * A table of small indices (spec Table with free list): index 0 is never valid, freed slots are reused.
 * An instance's handle table and its thread table; `what` names which in traps.
 */
export class IndexTable<T> {
  private readonly slots: (T | undefined)[] = [undefined];
  private readonly free: number[] = [];
  constructor(private readonly what: string) {}

  add(e: T): number {
    const i = this.free.pop();
    if (i !== undefined) {
      this.slots[i] = e;
      return i;
    }
    if (this.slots.length >= 1 << 28) trap(`${this.what} table overflow`);
    this.slots.push(e);
    return this.slots.length - 1;
  }
  get(i: number): T {
    const e = i > 0 ? this.slots[i] : undefined;
    if (e === undefined) trap(`unknown ${this.what} index ${i}`);
    return e;
  }
  remove(i: number): T {
    const e = this.get(i);
    this.slots[i] = undefined;
    this.free.push(i);
    return e;
  }
  /** Number of live entries (for tests and leak checks). */
  get size(): number {
    return this.slots.length - 1 - this.free.length;
  }
  *[Symbol.iterator](): Generator<T> {
    for (const e of this.slots) if (e !== undefined) yield e;
  }
  /** Snapshots (src/snapshot/components.ts): the slots (index 0 included) and the free list (its last index is reused first). */
  contents(): { readonly slots: readonly (T | undefined)[]; readonly free: readonly number[] } {
    return { slots: this.slots, free: this.free };
  }
  /** Restore: replace the table's contents (what `contents` returned, in another store). */
  replace(slots: readonly (T | undefined)[], free: readonly number[]): void {
    this.slots.length = slots.length;
    for (let i = 0; i < slots.length; i++) this.slots[i] = slots[i];
    this.free.length = free.length;
    for (let i = 0; i < free.length; i++) this.free[i] = free[i];
  }
}

/** One instance's handle table (resources, waitables, waitable sets, error contexts). */
export class HandleTable extends IndexTable<HandleEntry> {
  constructor() {
    super('handle');
  }
  /** A new entry (not lent); `scope`: the call a borrow belongs to. */
  put(rt: ResourceType, rep: unknown, own = false, scope?: CallScope): number {
    return this.add({ rt, rep, own, scope, lends: 0 });
  }
}

/** Maps a static handle type to its run-time resource type, in the context of one instance. */
export type ResourceResolver = (t: ResourceType) => ResourceType;

/** A call ended with borrows of its own not dropped (canon_lift, task.return, task.cancel). */
export const BORROWS_REMAIN = 'borrow handles still remain at the end of the call';

/** The entry at `index`, which must be a handle of resource `rt` (resource.rep/drop, lift_own/borrow). */
function entryOf(table: HandleTable, index: number, rt: ResourceType): HandleEntry {
  const e = table.get(index);
  if (e.rt.canonical !== rt.canonical) trap(`handle index ${index} has resource type \`${e.rt.name}\`, expected \`${rt.name}\``);
  return e;
}

/** The rep a host value lowers to as a handle of `rt` (`own`: the host's handle moves into the table). */
function repOf(rt: ResourceType, value: unknown, own: boolean): unknown {
  if (value instanceof ResourceHandle) {
    if (value.type.canonical !== rt.canonical) throw new TypeError(`expected a handle of resource \`${rt.name}\`, got one of \`${value.type.name}\``);
    return own ? value.take() : value.rep;
  }
  // A host resource's own value stands for itself.
  if (rt.canonical.state === 'host') return value;
  throw new TypeError(`expected a ResourceHandle for resource \`${rt.name}\``);
}

/**
 * The handle side of one call into or out of an instance (spec CallContext / Task): implements the ABI's
 * HandleTables over the instance's table, counts borrows lent to the callee and remembers handles lent
 * by the caller so both can be checked / released when the call ends.
 */
export class CallScope implements HandleTables {
  /** @internal */
  numBorrows = 0;
  private lenders: HandleEntry[] | undefined;
  private hostBorrows: ResourceHandle[] | undefined;

  constructor(
    readonly table: HandleTable,
    readonly flags: InstanceFlags,
    readonly resolve: ResourceResolver,
    /** The instance's component-model async pack, if its component was compiled with one. */
    readonly async: ComponentAsync | undefined,
  ) {}

  // Async values (streams, futures, error contexts) are the component-model async pack's: a component
  // whose functions carry them was compiled with it (async-pack.ts).
  liftAsyncValue(t: AsyncValueType, index: number): unknown {
    return this.async!.liftAsyncValue(this.table, t, index);
  }

  lowerAsyncValue(t: AsyncValueType, value: unknown): number {
    return this.async!.lowerAsyncValue(this.table, t, value);
  }

  liftErrorContext(index: number): unknown {
    return this.async!.liftErrorContext(this.table, index);
  }

  lowerErrorContext(value: unknown): number {
    return this.async!.lowerErrorContext(this.table, value);
  }

  lowerOwn(t: HandleType, value: unknown): number {
    const rt = this.resolve(t.resource);
    return this.table.put(rt.canonical, repOf(rt, value, true), true);
  }

  lowerBorrow(t: HandleType, value: unknown): number {
    const rt = this.resolve(t.resource);
    const rep = repOf(rt, value, false);
    // The defining instance receives the rep itself (spec lower_borrow).
    const impl = resourceImpl(rt);
    if (impl !== undefined && impl.owner === this.flags) return rep as number;
    this.numBorrows++;
    return this.table.put(rt.canonical, rep, false, this);
  }

  liftOwn(t: HandleType, index: number): unknown {
    const e = entryOf(this.table, index, this.resolve(t.resource));
    if (e.lends !== 0) trap('cannot remove owned resource while borrowed');
    if (!e.own) trap(`handle index ${index} is a borrow, expected an owned handle`);
    this.table.remove(index);
    return new ResourceHandle(e.rt, e.rep, true);
  }

  liftBorrow(t: HandleType, index: number): unknown {
    const e = entryOf(this.table, index, this.resolve(t.resource));
    e.lends++;
    (this.lenders ??= []).push(e);
    const h = new ResourceHandle(e.rt, e.rep, false);
    (this.hostBorrows ??= []).push(h);
    return h;
  }

  /** End of a lowered call: lent handles are released, borrowed host views expire. */
  releaseLends(): void {
    const l = this.lenders;
    if (l !== undefined) for (const e of l) e.lends--;
    this.lenders = undefined;
    const b = this.hostBorrows;
    if (b !== undefined) for (const h of b) h.expire();
    this.hostBorrows = undefined;
  }

  /** Nothing of a call is left in this scope (no borrows, lends or host views): it may serve another call. */
  clean(): boolean {
    return this.numBorrows === 0 && this.lenders === undefined && this.hostBorrows === undefined;
  }
}

/** `canon resource.new`: a fresh owned handle in the defining instance's table. */
export function resourceNew(table: HandleTable, rt: ResourceType, rep: number): number {
  return table.put(rt.canonical, rep, true);
}

/** `canon resource.rep`. */
export function resourceRep(table: HandleTable, rt: ResourceType, index: number): unknown {
  return entryOf(table, index, rt).rep;
}

/** `canon resource.drop`: owned handles run the destructor, borrows end their lend. */
export function resourceDrop(table: HandleTable, flags: InstanceFlags, rt: ResourceType, index: number): void {
  const e = entryOf(table, index, rt);
  if (e.lends !== 0) trap('cannot drop a resource handle while it is borrowed');
  table.remove(index);
  if (e.own) destroy(e.rt, e.rep, flags);
  else if (e.scope !== undefined) e.scope.numBorrows--;
}

export { ResourceType };
