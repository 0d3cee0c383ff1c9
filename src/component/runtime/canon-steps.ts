// Plan steps for `canon` definitions: lift, lower and the resource builtins. The static parts (function
// type, option indices, static resource type) are read once at plan time; the step resolves them against
// the instance's index spaces.
import type { Canon } from '../../decoder/component/ast.js';
import type { StringEncoding } from '../../abi/index.js';
import { ResourceType, type FuncType } from '../value-types.js';
import type { Scope } from '../validator/state.js';
import { liftFunc, lowerFunc, type CanonOpts } from './calls.js';
import { resourceDrop, resourceNew, resourceRep, trap } from './resources.js';
import type { InstanceState } from './state.js';
import type { Step } from './plan.js';

interface OptIndices {
  memory: number | undefined;
  realloc: number | undefined;
  postReturn: number | undefined;
  encoding: StringEncoding | undefined;
  async: boolean;
}

function optIndices(c: Canon): OptIndices {
  const o: OptIndices = { memory: undefined, realloc: undefined, postReturn: undefined, encoding: undefined, async: false };
  for (const x of c.opts) {
    switch (x.kind) {
      case 'memory': o.memory = x.index; break;
      case 'realloc': o.realloc = x.index; break;
      case 'post-return': o.postReturn = x.index; break;
      case 'string-encoding': o.encoding = x.encoding; break;
      case 'async': o.async = true; break;
      default: break;
    }
  }
  return o;
}

function resolveOpts(st: InstanceState, o: OptIndices): CanonOpts {
  return {
    memory: o.memory === undefined ? undefined : st.coreMemories[o.memory],
    realloc: o.realloc === undefined ? undefined : st.coreFuncs[o.realloc],
    postReturn: o.postReturn === undefined ? undefined : st.coreFuncs[o.postReturn],
    encoding: o.encoding,
  };
}

type CoreFn = (...args: unknown[]) => unknown;

/** The step for one (already validated) canon definition. */
export function canonStep(c: Canon, scope: Scope, offset: number): Step {
  const unsupported = (what: string): Step => (st) => {
    st.coreFuncs.push(() => trap(`${what} is not supported (component-model async)`));
  };
  switch (c.kind) {
    case 'lift': {
      const ft = scope.type(c.type!, offset) as FuncType;
      const o = optIndices(c);
      const fi = c.func!;
      if (o.async || ft.async) {
        return (st) => {
          st.funcs.push({ type: ft, call: () => trap('async lifted functions are not supported (component-model async)') });
        };
      }
      return (st) => {
        st.funcs.push(liftFunc(st, ft, st.coreFuncs[fi] as CoreFn, resolveOpts(st, o)));
      };
    }
    case 'lower': {
      const o = optIndices(c);
      const fi = c.func!;
      if (o.async) return unsupported('async lowering');
      const ft = scope.func(fi, offset);
      if (ft.async) return unsupported('lowering an async function');
      return (st) => {
        // The caller's own static type (not the callee's): its handle types resolve in this instance.
        st.coreFuncs.push(lowerFunc(st, ft, st.funcs[fi], resolveOpts(st, o)));
      };
    }
    case 'resource.new':
    case 'resource.rep':
    case 'resource.drop': {
      const r = scope.type(c.type!, offset) as ResourceType;
      if (!(r instanceof ResourceType)) throw new Error('resource builtin on a non-resource type');
      const kind = c.kind;
      return (st) => {
        const table = st.table;
        const flags = st.flags;
        // Builtins may not run while the instance may not leave (realloc, post-return): spec trap_if(not may_leave).
        const f: CoreFn =
          kind === 'resource.new' ? (rep) => {
            if (!flags.mayLeave) trap('cannot leave component instance');
            return resourceNew(table, st.resolve(r), rep as number);
          }
            : kind === 'resource.rep' ? (i) => resourceRep(table, st.resolve(r), i as number)
              : (i) => {
                if (!flags.mayLeave) trap('cannot leave component instance');
                resourceDrop(table, flags, st.resolve(r), i as number);
              };
        st.coreFuncs.push(f);
      };
    }
    default:
      return unsupported(`canon ${c.kind}`);
  }
}
