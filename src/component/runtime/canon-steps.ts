// Plan steps for `canon` definitions: lift, lower and the resource builtins (the async builtins are the
// component-model async pack's, async-pack.ts; a component that needs them and lacks it is refused here, as
// one whose memory option is a 64-bit memory without the 64-bit ABI's pack, memory64-pack.ts).
// The static parts (function type, option indices, static resource type) are read once at plan time; the
// step resolves them against the instance's index spaces.
import type { Canon } from '../../decoder/component/ast.js';
import { ResourceType, type FuncType } from '../value-types.js';
import type { Scope } from '../validator/state.js';
import { liftFunc, lowerFunc } from './calls.js';
import { optIndices, resolveOpts } from './canon-opts.js';
import { CANNOT_LEAVE, resourceDrop, resourceNew, resourceRep, trap } from './resources.js';
import type { Step } from './plan.js';
import { checkAsyncPack } from './async-pack.js';
import { checkMemory64Pack } from './memory64-pack.js';

type CoreFn = (...args: unknown[]) => unknown;

/** The step for one (already validated) canon definition. */
export function canonStep(c: Canon, scope: Scope, offset: number): Step {
  const pack = scope.options.componentAsync;
  checkMemory64Pack(c, scope, offset);
  switch (c.kind) {
    case 'lift': {
      const ft = scope.type(c.type!, offset) as FuncType;
      checkAsyncPack(c, ft, pack, offset);
      const o = optIndices(c);
      const fi = c.func!;
      return (st) => {
        st.funcs.push(liftFunc(st, ft, st.coreFuncs[fi] as CoreFn, resolveOpts(st, o)));
      };
    }
    case 'lower': {
      const o = optIndices(c);
      const fi = c.func!;
      const ft = scope.func(fi, offset);
      checkAsyncPack(c, ft, pack, offset);
      return (st) => {
        // The caller's own static type (not the callee's): its handle types resolve in this instance.
        st.coreFuncs.push(lowerFunc(st, ft, st.funcs[fi], resolveOpts(st, o)));
      };
    }
    case 'resource.new':
    case 'resource.rep':
    case 'resource.drop':
    // `resource.drop async` (wasmparser's 0x07, the more-async-builtins switch; CanonicalABI.md has dropped
    // it) has the sync drop's core type, (func (param i32)), so no subtask can come back from it; and a
    // destructor is a sync-typed `func(rep: u32)`, which may not block (canon_resource_drop). So it does
    // exactly what the sync drop does.
    case 'resource.drop-async': {
      checkAsyncPack(c, undefined, pack, offset);
      const r = scope.type(c.type!, offset) as ResourceType;
      if (!(r instanceof ResourceType)) throw new Error('resource builtin on a non-resource type');
      const kind = c.kind;
      return (st) => {
        const table = st.table;
        const flags = st.flags;
        // Builtins may not run while the instance may not leave (realloc, post-return): spec trap_if(not may_leave).
        const f: CoreFn =
          kind === 'resource.new' ? (rep) => {
            if (!flags.mayLeave) trap(CANNOT_LEAVE);
            return resourceNew(table, st.resolve(r), rep as number);
          }
            : kind === 'resource.rep' ? (i) => resourceRep(table, st.resolve(r), i as number)
              // (resource.drop and resource.drop-async)
              : (i) => {
                if (!flags.mayLeave) trap(CANNOT_LEAVE);
                resourceDrop(table, flags, st.resolve(r), i as number);
              };
        st.coreFuncs.push(f);
      };
    }
    default: {
      checkAsyncPack(c, undefined, pack, offset);
      const step = pack!.builtinStep(c, scope, offset);
      // Every canon definition the decoder knows has a step: a missing one is a bug here, not bad input.
      if (step === undefined) throw new Error(`internal: no run-time step for canon ${c.kind}`);
      return step;
    }
  }
}
