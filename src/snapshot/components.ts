// Component instances in store snapshots (issue #13). `snapshot(store)` writes the core state (memories,
// tables, globals, stacks: store.ts); the component runtime keeps more per instance, outside the machine:
// it lists its instances on the store when it instantiates them (component/runtime/store-instances.ts;
// calls do no work for snapshots), and this is the store's SnapshotExtension over that list. Per component
// instance, in instantiation order (a parent before the components it instantiates):
//   - identity: the FNV-1a hash of the component's bytes (its own range, for a nested component), checked
//     before anything is restored, so a snapshot of another component is refused by name and hash;
//   - flags: may-enter, may-leave and the lockdown cause (a trapped instance stays locked after a restore,
//     with the same message; an instance restored from before its trap is usable again);
//   - the backpressure counter;
//   - the handle table, slot by slot with its free list in order, so indices allocated after a restore are
//     those allocated after the snapshot the first time: per entry its resource type, rep, own/borrow and
//     lend count. A resource type is named by where it first appears among the store's component
//     instances' type index spaces (instance, type index), so it maps onto the same definition (or the
//     same import) of a fresh instantiation; waitable sets have a tag of their own.
// Task state needs no section: a task (its context slots, its borrow scope) lives for one call, and a
// snapshot is taken between calls — one taken while a component call is in flight (a Func.callAsync
// suspended in the store) is refused, because that call's rest is a JS continuation that cannot be written.
//
// Host resources: a handle whose resource type is a host type (ResourceType.host / Linker.resource) has a
// JS value as its rep, owned by the host. Without a `hostValues` list a snapshot refuses it, naming the
// resource type and the handle, so that a plain snapshot stays bytes that restore anywhere. With one, the
// rep is written as any JS value a store refers to (refs.ts: a primitive into the bytes, an object by its
// index in the list) and a restore puts the list's entry back as the rep. The host then answers for what
// identity means: restored into a second store of this process with the same list, two stores own the same
// host object (its destructor may run once per store); in another process the list holds the host's
// rebuilt objects, in the same order.
// Host-held ResourceHandle objects are the host's, not the store's: a restore does not revive or move them.
import { Trap } from '../index.js';
import { moduleHash } from '../vm/runtime/module-hash.js';
import type { Store } from '../vm/api.js';
import type { ResourceType } from '../component/value-types.js';
import { errorText, type HandleEntry, type InstanceFlags, type TrapCause } from '../component/runtime/resources.js';
import type { ComponentPlan } from '../component/runtime/plan.js';
import type { StoreComponentInstance } from '../component/runtime/store-instances.js';
import { FUTURE_END, ERROR_CONTEXT, STREAM_END, SUBTASK, WAITABLE_SET } from '../component/runtime/async-kinds.js';
import { asyncOf } from '../component/runtime/async-pack.js';
import type { WaitableSet } from '../component/runtime/waitables.js';
import type { SnapshotReader, SnapshotWriter } from './bytes.js';
import type { SnapshotExtension } from './store.js';
import { At, type RefReader, type RefWriter } from './refs.js';

function isAsyncKind(rt: ResourceType): boolean {
  return rt === SUBTASK || rt === STREAM_END || rt === FUTURE_END || rt === ERROR_CONTEXT;
}

const hashes = new WeakMap<ComponentPlan, number>();
function componentHash(plan: ComponentPlan): number {
  let h = hashes.get(plan);
  if (h === undefined) {
    h = moduleHash(plan.ast.bytes.subarray(plan.ast.start, plan.ast.end));
    hashes.set(plan, h);
  }
  return h;
}

/** A type reference in a handle entry: the waitable-set tag, or (instance, type index). */
const WAITABLE_TAG = -1;

/** Error constructors a lockdown cause is rebuilt with, so its name (and class) survive. */
const ERRORS: Record<string, new (message: string) => Error> = { Error, TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError };

/** No instance may be inside a call: its rest is a JS continuation that no snapshot can hold. */
function checkIdle(list: readonly StoreComponentInstance[], what: string, why: string, where = ''): void {
  list.forEach((x, i) => {
    const f = x.st.flags;
    // may-enter is cleared for the length of a call; a trap leaves it cleared with a cause recorded.
    const inFlight = !f.mayEnter && f.trapped === undefined;
    if (inFlight || (f.trapped === undefined && !x.st.threads[Symbol.iterator]().next().done)) {
      throw new Error(`${what}: component instance ${i}${where} is inside a call${why}`);
    }
  });
}

class StoreComponents implements SnapshotExtension {
  constructor(private readonly list: readonly StoreComponentInstance[]) {}

  write(w: SnapshotWriter, refs: RefWriter): void {
    const list = this.list;
    checkIdle(list, 'snapshot', ' (a suspended Func.callAsync?); a component call in flight cannot be written');
    w.u32(list.length);
    for (const x of list) w.u32(componentHash(x.plan));
    const typeNames = new Map<ResourceType, [number, number]>();
    list.forEach((x, i) => {
      x.st.types.forEach((t, j) => {
        if (t !== undefined && !typeNames.has(t.canonical)) typeNames.set(t.canonical, [i, j]);
      });
    });
    list.forEach((x, i) => {
      const { flags, table } = x.st;
      writeFlags(w, flags);
      w.u32(x.st.backpressure);
      const { slots, free } = table.contents();
      w.u32(slots.length);
      slots.forEach((e, k) => {
        if (e === undefined) {
          w.u32(0);
          return;
        }
        w.u32(1);
        const rt = e.rt.canonical;
        const host = rt.state === 'host';
        if (host && !refs.listing) {
          throw new Error(`snapshot: component instance ${i} holds a handle (index ${k}) to the host resource \`${rt.name}\`: its rep is a JS value the host owns, which a snapshot writes only by identity (pass snapshot(store, { hostValues: [] }) and the same list to restore), or drop the handle before taking the snapshot`);
        }
        let ti = WAITABLE_TAG;
        let tj = 0;
        if (rt === WAITABLE_SET) {
          // An empty set with nobody waiting is just its index; members and waiters live in a call.
          const ws = e.rep as WaitableSet;
          if (ws.elems.length > 0 || ws.numWaiting > 0) throw new Error(`snapshot: waitable set ${k} of component instance ${i} is in use (a component-model async call is in flight)`);
        } else if (isAsyncKind(rt)) {
          throw new Error(`snapshot: component instance ${i} holds a ${rt.name} (index ${k}): component-model async state in flight cannot be written`);
        } else {
          const n = typeNames.get(rt);
          if (n === undefined) throw new Error(`snapshot: component instance ${i} holds a handle (index ${k}) of the resource \`${rt.name}\`, whose type no component instance in this store defines or imports`);
          [ti, tj] = n;
        }
        if (rt !== WAITABLE_SET && !host && typeof e.rep !== 'number') throw new Error(`snapshot: handle ${k} of component instance ${i} (resource \`${rt.name}\`) has a rep that is not a number`);
        w.i32(ti);
        w.u32(tj);
        if (host) refs.ref(w, e.rep, At.Handle, i, k);
        else w.i32(rt === WAITABLE_SET ? 0 : (e.rep as number));
        w.u32(e.own ? 1 : 0);
        w.u32(e.lends);
      });
      w.u32(free.length);
      for (const k of free) w.u32(k);
    });
  }

  read(r: SnapshotReader, refs: RefReader): () => void {
    const list = this.list;
    const n = r.u32();
    // Hashes before counts: a snapshot of another component is reported as such.
    for (let i = 0; i < n; i++) {
      const h = r.u32();
      if (i >= list.length) continue;
      const want = componentHash(list[i].plan);
      if (h !== want) {
        throw new Error(`restore: component instance ${i} is of another component (hash mismatch: the snapshot's is 0x${h.toString(16).padStart(8, '0')}, this store's 0x${want.toString(16).padStart(8, '0')})`);
      }
    }
    if (n !== list.length) throw new Error(`restore: the snapshot has ${n} component instances, the store ${list.length}`);
    checkIdle(list, 'restore', '', ' of this store');
    // Read and check everything first; the store changes only in the returned function.
    const states: { flags: InstanceFlags; backpressure: number; slots: (HandleEntry | undefined)[]; free: number[] }[] = [];
    for (let i = 0; i < n; i++) {
      const flags = readFlags(r);
      const backpressure = r.u32();
      const size = r.u32();
      const slots: (HandleEntry | undefined)[] = new Array(size);
      for (let k = 0; k < size; k++) {
        if (r.u32() === 0) {
          slots[k] = undefined;
          continue;
        }
        const ti = r.i32();
        const tj = r.u32();
        let rt: ResourceType | undefined;
        if (ti === WAITABLE_TAG) rt = WAITABLE_SET;
        else rt = list[ti]?.st.types[tj]?.canonical;
        if (rt === undefined) throw new Error(`restore: handle ${k} of component instance ${i} names no resource type of this store`);
        // (a waitable set is the instance's component-model async pack's: only a component compiled with it
        // has one; a host resource's rep is a JS value, "PWS3")
        const rep: unknown = ti === WAITABLE_TAG ? (r.i32(), asyncOf(list[i].st).newWaitableSet()) : rt.state === 'host' ? refs.ref(r) : r.i32();
        const own = r.u32() === 1;
        const lends = r.u32();
        // A borrow's call scope ended with the call it belonged to (only a locked-down instance keeps such
        // an entry; nothing can use it again).
        slots[k] = { rt, rep, own, scope: undefined, lends };
      }
      const nf = r.u32();
      const free: number[] = new Array(nf);
      for (let k = 0; k < nf; k++) {
        const f = r.u32();
        if (f === 0 || f >= size || slots[f] !== undefined) throw new Error(`restore: bad free list of component instance ${i}`);
        free[k] = f;
      }
      states.push({ flags, backpressure, slots, free });
    }
    return () => {
      states.forEach((s, i) => {
        const st = list[i].st;
        const f = st.flags;
        f.mayEnter = s.flags.mayEnter;
        f.mayLeave = s.flags.mayLeave;
        // Assigned, not deleted: `delete` would turn the flags (read on every call) into a slow dictionary object.
        f.trapped = s.flags.trapped;
        st.backpressure = s.backpressure;
        st.table.replace(s.slots, s.free);
        st.resetAsync();
      });
    };
  }
}

// Flags: bit 0 may-enter, bit 1 may-leave, bit 2 locked down (then the cause follows).
function writeFlags(w: SnapshotWriter, f: InstanceFlags): void {
  const t = f.trapped;
  w.u32((f.mayEnter ? 1 : 0) | (f.mayLeave ? 2 : 0) | (t !== undefined ? 4 : 0));
  if (t === undefined) return;
  // The cause is kept for the message of the next entry: a Trap by its reason, an Error by name and
  // message, anything else as the text the message shows.
  const e = t.error;
  if (e instanceof Trap) {
    w.u32(1);
    w.str(e.reason);
  } else if (e instanceof Error) {
    w.u32(2);
    w.str(String(e.name));
    w.str(String(e.message));
  } else {
    w.u32(3);
    w.str(errorText(e));
  }
  w.u32(t.hostFunction === undefined ? 0 : 1);
  if (t.hostFunction !== undefined) w.str(t.hostFunction);
}

function readFlags(r: SnapshotReader): InstanceFlags {
  const bits = r.u32();
  const flags: InstanceFlags = { mayEnter: (bits & 1) !== 0, mayLeave: (bits & 2) !== 0 };
  if ((bits & 4) === 0) return flags;
  const kind = r.u32();
  let error: unknown;
  if (kind === 1) error = new Trap(r.str());
  else if (kind === 2) {
    const name = r.str();
    const message = r.str();
    const C = Object.prototype.hasOwnProperty.call(ERRORS, name) ? ERRORS[name] : Error;
    const err = new C(message);
    err.name = name;
    error = err;
  } else if (kind === 3) error = r.str();
  else throw new Error('restore: bad component instance flags');
  const cause: TrapCause = r.u32() === 1 ? { error, hostFunction: r.str() } : { error };
  flags.trapped = cause;
  return flags;
}

/** The snapshot section of the store's component instances; none for a store that never had one. */
export function componentsOf(store: Store): SnapshotExtension | undefined {
  const list = store.componentInstances as StoreComponentInstance[] | undefined;
  return list === undefined ? undefined : new StoreComponents(list);
}
