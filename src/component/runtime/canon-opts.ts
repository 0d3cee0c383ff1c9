// Canonical options of a `canon` definition: the indices read once at plan time, resolved against an
// instance's index spaces when the step runs.
import type { Canon } from '../../decoder/component/ast.js';
import type { StringEncoding } from '../../abi/index.js';
import type { CanonOpts } from './calls.js';
import type { InstanceState } from './state.js';

export interface OptIndices {
  memory: number | undefined;
  realloc: number | undefined;
  postReturn: number | undefined;
  callback: number | undefined;
  encoding: StringEncoding | undefined;
  async: boolean;
}

export function optIndices(c: Canon): OptIndices {
  const o: OptIndices = { memory: undefined, realloc: undefined, postReturn: undefined, callback: undefined, encoding: undefined, async: false };
  for (const x of c.opts) {
    switch (x.kind) {
      case 'memory': o.memory = x.index; break;
      case 'realloc': o.realloc = x.index; break;
      case 'post-return': o.postReturn = x.index; break;
      case 'callback': o.callback = x.index; break;
      case 'string-encoding': o.encoding = x.encoding; break;
      case 'async': o.async = true; break;
      default: break;
    }
  }
  return o;
}

export function resolveOpts(st: InstanceState, o: OptIndices): CanonOpts {
  return {
    memory: o.memory === undefined ? undefined : st.coreMemories[o.memory],
    realloc: o.realloc === undefined ? undefined : st.coreFuncs[o.realloc],
    postReturn: o.postReturn === undefined ? undefined : st.coreFuncs[o.postReturn],
    encoding: o.encoding,
    async: o.async,
    callback: o.callback === undefined ? undefined : st.coreFuncs[o.callback],
  };
}
