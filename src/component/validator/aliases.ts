// Alias definitions: instance exports, core instance exports and outer aliases (Binary.md "Alias
// Definitions"), with the rule that outer aliases may not capture resources of another component.
import { ResourceType } from '../value-types.js';
import { containsHandle } from './value-types.js';
import type { ComponentDefinedType, ExternType, InstanceType, ValueType } from '../types.js';
import type { Alias, Sort } from '../../decoder/component/ast.js';
import { CORE_SPACES, pushExtern } from './index-spaces.js';
import type { Scope } from './state.js';

const SORT_KIND: Record<string, ExternType['kind']> = {
  'core module': 'module',
  func: 'func',
  value: 'value',
  type: 'type',
  component: 'component',
  instance: 'instance',
};

const TYPES_OR_INSTANCES = 'aliases in a component or instance type may only refer to types or instances';

function sortWord(sort: Sort): string {
  return sort === 'core module' ? 'module' : sort;
}

/** True when `t` mentions a resource type anywhere (outer aliases may not capture resources). */
function mentionsResource(t: ComponentDefinedType): boolean {
  if (t instanceof ResourceType) return true;
  const seen = new Set<ValueType>();
  const walkV = (v: ValueType): boolean => containsHandle(v, ['own', 'borrow'], seen);
  if (t.kind === 'func') return t.params.some((p) => walkV(p.type)) || (t.result !== undefined && walkV(t.result));
  if (t.kind === 'instance' || t.kind === 'component') {
    // Resources the type introduces itself are fine; any other resource it mentions is captured.
    const own = new Set<ResourceType>(t.kind === 'component' ? [...t.importedResources, ...t.definedResources] : t.definedResources);
    const externs = t.kind === 'component' ? [...t.imports.values(), ...t.exports.values()] : [...t.exports.values()];
    return externs.some((e) => {
      if (e.kind === 'type') return e.type instanceof ResourceType ? !own.has(e.type) && !own.has(e.type.canonical) : mentionsResource(e.type);
      if (e.kind === 'func') return false;
      if (e.kind === 'instance' || e.kind === 'component') return mentionsResource(e.type);
      return false;
    });
  }
  return walkV(t);
}

/** True when going `count` scopes out leaves the nearest concrete component. */
function crossesComponent(scope: Scope, count: number): boolean {
  let s: Scope | undefined = scope;
  for (let i = 0; i < count && s !== undefined; i++) {
    if (s.kind === 'component') return true;
    s = s.parent;
  }
  return false;
}

export function applyAlias(scope: Scope, alias: Alias, offset: number): void {
  const { sort, target } = alias;
  const inType = scope.kind !== 'component';
  switch (target.kind) {
    case 'export': {
      if (inType && sort !== 'type' && sort !== 'instance') scope.fail(TYPES_OR_INSTANCES, offset);
      const inst: InstanceType = scope.instance(target.instance, offset);
      const e = inst.exports.get(target.name);
      if (e === undefined) scope.fail(`instance ${target.instance} has no export named \`${target.name}\``, offset);
      const want = SORT_KIND[sort];
      if (want === undefined) scope.fail(`invalid sort for an instance export alias: ${sort}`, offset);
      if (e.kind !== want) scope.fail(`export \`${target.name}\` for instance ${target.instance} is not a ${sortWord(sort)}`, offset);
      pushExtern(scope, e);
      return;
    }
    case 'core-export': {
      if (inType) scope.fail(TYPES_OR_INSTANCES, offset);
      const inst = scope.coreInstance(target.instance, offset);
      const e = inst.exports.get(target.name);
      if (e === undefined) scope.fail(`core instance ${target.instance} has no export named \`${target.name}\``, offset);
      if (`core ${e.kind}` !== sort) scope.fail(`export \`${target.name}\` for core instance ${target.instance} is not a ${sort.slice(5)}`, offset);
      (scope[CORE_SPACES[e.kind]] as unknown[]).push(e.type);
      return;
    }
    case 'outer': {
      if (sort !== 'type' && sort !== 'core type' && sort !== 'core module' && sort !== 'component') {
        scope.fail('only outer type, module and component aliases are allowed (outer item is not a module, type, or component)', offset);
      }
      if (inType && sort !== 'type' && sort !== 'core type') scope.fail(TYPES_OR_INSTANCES, offset);
      const outer = scope.outer(target.count, offset);
      switch (sort) {
        case 'type': {
          const t = outer.type(target.index, offset);
          if (crossesComponent(scope, target.count) && mentionsResource(t)) scope.fail('cannot alias outer type which transitively refers to resources not defined in the current component', offset);
          scope.types.push(t);
          return;
        }
        case 'core type': {
          const t = outer.coreType(target.index, offset);
          scope.coreTypes.push(t);
          return;
        }
        case 'core module':
          scope.coreModules.push(outer.coreModule(target.index, offset));
          return;
        case 'component':
          scope.components.push(outer.component(target.index, offset));
          return;
      }
    }
  }
}
