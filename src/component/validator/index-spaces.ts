// Adding items to a scope's component-level index spaces by extern kind.
import type { ExternType } from '../types.js';
import type { Scope } from './state.js';

/** The core index space of each core extern kind (the same field names in a Scope and an InstanceState). */
export const CORE_SPACES = { func: 'coreFuncs', table: 'coreTables', memory: 'coreMemories', global: 'coreGlobals', tag: 'coreTags' } as const;

/** Push an item of extern type `e` onto the matching index space. */
export function pushExtern(scope: Scope, e: ExternType, used = false): void {
  switch (e.kind) {
    case 'module':
      scope.coreModules.push(e.type);
      break;
    case 'func':
      scope.funcs.push(e.type);
      break;
    case 'value':
      scope.values.push({ type: e.type, used });
      break;
    case 'type':
      scope.types.push(e.type);
      break;
    case 'component':
      scope.components.push(e.type);
      break;
    case 'instance':
      scope.instances.push(e.type);
      break;
  }
}
