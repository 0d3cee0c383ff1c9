// Properties: for random types of nesting depth ≥ 4 and random values, lowering then lifting gives the
// value back — through memory, through flat values (export params → import params, import result →
// export result, with spilling when the flat form is too long), in each string encoding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as T from '../../src/component/value-types.js';
import { AbiContext, exportPlan, flattenTypes, importPlan, layoutOf, memoryCodec, MAX_FLAT_PARAMS } from '../../src/abi/index.js';
import { depthOf, signatureArb, typedValueArb } from './arbitraries.js';
import { testOptions, TestHandles } from './helpers.js';

const ENCODINGS = ['utf8', 'utf16', 'latin1+utf16'] as const;
const RUNS = 300;

describe.each(ENCODINGS)('round trips (%s)', (enc) => {
  it('generated types have depth ≥ 4', () => {
    fc.assert(fc.property(typedValueArb(4), ([t]) => depthOf(t) >= 4), { numRuns: 50 });
  });

  it('store then load through memory', () => {
    fc.assert(
      fc.property(typedValueArb(4), ([t, v]) => {
        const o = testOptions(enc);
        const cx = new AbiContext(o, new TestHandles());
        const { align, size } = layoutOf(t);
        const ptr = cx.realloc(0, 0, align, size);
        const c = memoryCodec(t);
        c.store(cx, v, ptr);
        expect(c.load(cx, ptr)).toEqual(v);
      }),
      { numRuns: RUNS },
    );
  });

  it('lower params (export) then lift params (import), flat or spilled', () => {
    fc.assert(
      fc.property(signatureArb(), ({ params }) => {
        const ft = T.funcType(params.map(([type], i) => ({ name: `p${i}`, type })));
        const cx = new AbiContext(testOptions(enc), new TestHandles());
        const flat = exportPlan(ft).lowerParams(cx, params.map(([, v]) => v));
        const spilled = flattenTypes(params.map(([t]) => t)).length > MAX_FLAT_PARAMS;
        expect(flat.length).toBe(spilled ? 1 : flattenTypes(params.map(([t]) => t)).length);
        expect(importPlan(ft).liftParams(cx, flat)).toEqual(params.map(([, v]) => v));
      }),
      { numRuns: RUNS },
    );
  });

  it('lower result (import) then lift result (export), flat or via pointer', () => {
    fc.assert(
      fc.property(signatureArb(), ({ result: [rt, v] }) => {
        const ft = T.funcType([], rt);
        const cx = new AbiContext(testOptions(enc), new TestHandles());
        const imp = importPlan(ft);
        let args: number[] = [];
        let results;
        if (imp.coreParams.length === 1) {
          // The guest passes an out-pointer; the export then returns that pointer.
          const { align, size } = layoutOf(rt);
          const out = cx.realloc(0, 0, align, size);
          args = [out];
          expect(imp.lowerResult(cx, v, args)).toEqual([]);
          results = [out];
        } else {
          results = imp.lowerResult(cx, v, args);
        }
        expect(exportPlan(ft).liftResult(cx, results)).toEqual(v);
      }),
      { numRuns: RUNS },
    );
  });
});
