// Property: a guest's handle table against a model (CanonicalABI.md: resource.new, resource.drop, resource.rep,
// lifting an own handle out, lowering own and borrow handles in; the destructor runs once per own handle
// dropped). Random sequences mix valid and invalid indices (never issued, dropped, moved out, 0, huge): every
// valid step gives what the model says and leaves the model's live handles live; the first invalid one traps,
// and the instance then refuses to be entered, with the reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Linker, ResourceHandle, Trap } from '../../src/component/runtime/index.js';
import { COUNTED_RESOURCE, wat } from './helpers.js';

const TABLE = `
(component
${COUNTED_RESOURCE}
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (import "d" "n" (global $n (mut i32)))
    (func (export "new") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "drop") (param i32) (call $drop (local.get 0)))
    (func (export "rep") (param i32) (result i32) (call $rep (local.get 0)))
    (func (export "id") (param i32) (result i32) (local.get 0))
    (func (export "drops") (result i32) (global.get $n)))
  (core instance $i (instantiate $m
    (with "" (instance (export "new" (func $new)) (export "drop" (func $drop)) (export "rep" (func $rep))))
    (with "d" (instance $d))))
  (export $r "r" (type $R))
  (func (export "new") (param "v" u32) (result u32) (canon lift (core func $i "new")))
  (func (export "drop") (param "h" u32) (canon lift (core func $i "drop")))
  (func (export "rep") (param "h" u32) (result u32) (canon lift (core func $i "rep")))
  (func (export "give") (param "h" u32) (result (own $r)) (canon lift (core func $i "id")))
  (func (export "take") (param "h" (own $r)) (result u32) (canon lift (core func $i "id")))
  (func (export "peek") (param "h" (borrow $r)) (result u32) (canon lift (core func $i "id")))
  (func (export "drops") (result u32) (canon lift (core func $i "drops")))
)`;

type Step =
  | { op: 'new'; v: number }
  | { op: 'drop' | 'rep' | 'give'; pick: number; bogus: number }
  | { op: 'take' | 'peek' | 'host-drop'; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('new' as const), v: fc.nat() }),
  fc.record({ op: fc.constantFrom('drop' as const, 'rep' as const, 'give' as const), pick: fc.nat(), bogus: fc.nat({ max: 19 }) }),
  fc.record({ op: fc.constantFrom('take' as const, 'peek' as const, 'host-drop' as const), pick: fc.nat() }),
);

/** An index the guest table does not hold: one it issued before (dropped or moved out), 0, one never issued, or huge. */
function bogusIndex(bogus: number, pick: number, gone: number[], live: Map<number, number>): number {
  const candidates = [...gone.filter((i) => !live.has(i)), 0, 1000 + pick, 0xffffffff, 0x80000000];
  return candidates[(bogus + pick) % candidates.length]!;
}

describe('a guest handle table against the model', () => {
  it('valid steps do what the model says; the first invalid one traps and poisons the instance', async () => {
    const component = await wat(TABLE);
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), (steps) => {
        const inst = new Linker().instantiate(component);
        const f = (name: string, ...args: unknown[]) => inst.exports.func(name).call(args);
        const live = new Map<number, number>(); // guest index → rep
        const gone: number[] = []; // guest indices issued and no longer live
        const host: { h: ResourceHandle; rep: number }[] = []; // own handles the host holds
        let dtors = 0;
        for (const s of steps) {
          if (s.op === 'new') {
            const i = f('new', s.v) as number;
            expect(i).toBeGreaterThan(0);
            expect(live.has(i)).toBe(false);
            live.set(i, s.v);
          } else if (s.op === 'drop' || s.op === 'rep' || s.op === 'give') {
            const indices = [...live.keys()];
            const valid = indices.length > 0 && s.bogus < 18; // (one in ten invalid: a trap ends the sequence)
            const i = valid ? indices[s.pick % indices.length]! : bogusIndex(s.bogus, s.pick, gone, live);
            if (!valid) {
              expect(() => f(s.op, i)).toThrow(Trap);
              expect(() => f('drops')).toThrow(/cannot enter component instance/);
              return;
            }
            const rep = live.get(i)!;
            if (s.op === 'rep') expect(f('rep', i)).toBe(rep);
            else {
              const r = f(s.op, i);
              live.delete(i);
              gone.push(i);
              if (s.op === 'drop') dtors++;
              else host.push({ h: r as ResourceHandle, rep }); // lifted out: the host owns it now
            }
          } else {
            if (host.length === 0) continue;
            const k = s.pick % host.length;
            const { h, rep } = host[k]!;
            if (s.op === 'peek') expect(f('peek', h)).toBe(rep); // a borrow into the defining instance: the rep
            else {
              host.splice(k, 1);
              if (s.op === 'host-drop') {
                h.drop();
                dtors++;
              } else {
                const i = f('take', h) as number;
                expect(live.has(i)).toBe(false);
                live.set(i, rep);
              }
            }
          }
          expect(f('drops')).toBe(dtors);
          for (const [i, rep] of live) expect(f('rep', i)).toBe(rep);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
  });
});
