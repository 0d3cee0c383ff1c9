// Fuel and interruption checks. The translator puts a FUEL instruction (its fast path in the dispatch loop's
// default branch, the rest through exec/cold.ts) at the start of
// every straight-line segment of a function translated for an instrumented store: at function entry, and
// after every control instruction (block, loop, if, else, end, br, br_if, br_table, try…, calls excluded),
// which covers every branch target, loop header and fall-through. Its immediate is the segment's cost.
//
// COST MODEL: every wasm instruction executed costs 1 fuel, except the structural ones that do nothing by
// themselves — `nop`, `block`, `loop`, `end`, `else`, `try`, `try_table`, `catch`, `catch_all`, `delegate`
// (wasmtime's default costs: 0 for these, 1 for the rest). A segment is charged as a whole when control
// enters it, so a segment runs only if its whole cost is left; exhaustion happens at the first segment
// that costs more than what remains, and that remainder stays in the store (nothing is charged). The count
// depends only on the module and the inputs: identical on every run, engine and machine (no clocks).
//
// The fast path is one comparison and a subtraction on the store (`budget`); the slow path here refills
// `budget` from `reserve`, checks interrupt() and the deadline, and traps. With a deadline the budget is
// refilled in quanta of POLL_QUOTA fuel so that Date.now() is read about every POLL_QUOTA instructions.
import { Trap } from '../errors.js';
import type { Machine } from '../runtime/machine.js';
import { Suspension, canSuspend } from './suspend.js';

/** Fuel between two looks at the clock when a deadline is set. */
export const POLL_QUOTA = 1 << 16;

/** Called by FUEL when `m.budget < n`: charges n, or traps ('interrupted' / 'all fuel consumed'). */
export function fuelCheck(m: Machine, n: number, fp: number, pc: number): void {
  if (m.interruptRequested) {
    m.interruptRequested = false;
    throw new Trap('interrupted');
  }
  if (m.deadline !== 0 && Date.now() >= m.deadline) throw new Trap('interrupted');
  const left = m.budget + m.reserve;
  if (left < n) {
    m.budget = left;
    m.reserve = 0;
    if (m.outOfFuel === 'suspend' && canSuspend(m)) {
      // wait for addFuel; then this FUEL instruction runs again (exec/suspend.ts)
      const wait = new Promise<void>((r) => (m.fuelAdded = r));
      throw new Suspension(wait, null, 0, m.curFn!, fp, pc, m.depth);
    }
    throw new Trap('all fuel consumed');
  }
  const quota = m.deadline !== 0 ? Math.max(POLL_QUOTA, n) : left;
  const take = Math.min(left, quota) - m.budget;
  if (take === Infinity) {
    // interruption without metering or deadline: an unbounded budget (Infinity - Infinity would leave NaN
    // in the reserve, and every later check on the slow path)
    m.budget = Infinity;
    return;
  }
  m.budget += take;
  m.reserve -= take;
  m.budget -= n;
}

/** Remaining fuel (Infinity when not metered). */
export function fuelLeft(m: Machine): number {
  return m.budget + m.reserve;
}

/** Sets the remaining fuel. */
export function setFuel(m: Machine, fuel: number): void {
  m.budget = 0;
  m.reserve = fuel;
  const waiting = m.fuelAdded;
  if (waiting !== null && fuel > 0) {
    m.fuelAdded = null;
    waiting();
  }
}

/** Makes the next FUEL check take the slow path (interrupt(), a new deadline). */
export function forceCheck(m: Machine): void {
  m.reserve += m.budget;
  m.budget = 0;
}
