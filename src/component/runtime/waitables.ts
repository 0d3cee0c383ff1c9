// Waitable sets (CanonicalABI.md WaitableSet, `canon waitable-set.*`, `canon waitable.join`) in the
// synchronous subset. The spec keeps sets in the instance's one handle table next to resource handles, so
// they share its index space: here a set is a table entry of a private resource type that no handle type
// or resource builtin can name (resource operations on a set's index trap with a type mismatch).
// No waitable (subtask, stream or future end) ever enters a table here: async lowers return RETURNED
// without a subtask and streams/futures are not supported yet. So sets stay empty, polling reports no
// event, joining always names a non-waitable, and waiting would block forever: it traps.
import { ResourceType } from '../value-types.js';
import { abiMemory } from './calls.js';
import { trap } from './resources.js';
import type { InstanceState } from './state.js';
import { suspensionTrap, taskOf } from './task.js';

/** The private resource type of waitable-set entries (snapshots name it specially). */
export const WAITABLE_SET = new ResourceType('instantiated', 'waitable-set');

/** Spec EventCode.NONE. */
const EVENT_NONE = 0;

function leaveCheck(st: InstanceState): void {
  if (!st.flags.mayLeave) trap('cannot leave component instance');
}

function checkSet(st: InstanceState, i: number): void {
  if (st.table.get(i).rt !== WAITABLE_SET) trap(`handle index ${i} is not a waitable set`);
}

export function waitableSetNew(st: InstanceState): number {
  leaveCheck(st);
  return st.table.add({ rt: WAITABLE_SET, rep: 0, own: false, scope: undefined, lends: 0 });
}

export function waitableSetDrop(st: InstanceState, i: number): void {
  leaveCheck(st);
  checkSet(st, i);
  // A set with members or waiters may not be dropped; sets here never have either.
  st.table.remove(i);
}

/** `waitable-set.poll`: no event is ever pending, so it stores (0, 0) at `ptr` and returns NONE. */
export function waitableSetPollFunc(st: InstanceState, memory: unknown): (si: unknown, ptr: unknown) => number {
  const mem = abiMemory(memory);
  return (si, ptr) => {
    leaveCheck(st);
    checkSet(st, si as number);
    // With a 64-bit memory the pointer is an i64, and the memory may be too large for a typed array.
    const p = typeof ptr === 'bigint' ? Number(BigInt.asUintN(64, ptr)) : (ptr as number) >>> 0;
    const large = mem.large?.();
    const bytes = mem.bytes();
    if ((p & 3) !== 0) trap('misaligned pointer (event payload)');
    if (p + 8 > (large === undefined ? bytes.length : large.byteLength)) trap('out-of-bounds event payload');
    if (large === undefined) bytes.fill(0, p, p + 8);
    else large.writeBytes(p, new Uint8Array(8), 0, 8);
    return EVENT_NONE;
  };
}

export function waitableSetWait(st: InstanceState, si: number): never {
  leaveCheck(st);
  if (!taskOf(st, 'waitable-set.wait').mayBlock()) trap('cannot block a synchronous task before returning');
  checkSet(st, si);
  suspensionTrap('waitable-set.wait on a set no event can reach');
}

export function waitableJoin(st: InstanceState, wi: number): never {
  leaveCheck(st);
  st.table.get(wi);
  trap(`handle index ${wi} is not a waitable`);
}
