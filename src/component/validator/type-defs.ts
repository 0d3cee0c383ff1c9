// Type definitions (section 7 and type declarators): value, function and resource types, and component
// and instance types, each validated in a fresh scope whose parent is the enclosing one (outer aliases).
import { ResourceType } from '../value-types.js';
import { I32, I64 } from '../../decoder/module.js';
import type { ComponentDefinedType, ComponentType, InstanceType } from '../types.js';
import type { CoreTypeDef, TypeDecl, TypeDef } from '../../decoder/component/ast.js';
import { moduleTypeFromDecls } from './core-module.js';
import { checkCoreRefs, pushGcTypes } from './core-types.js';
import { declareByDesc, resourceReps } from './externs.js';
import { applyAlias } from './aliases.js';
import { coreFuncEq } from './subtype.js';
import { resolveDefValType, resolveFuncType } from './value-types.js';
import { Scope } from './state.js';
import { checkTypeSize } from './type-size.js';


/** Add a core type definition to `scope`'s core type index space. */
export function defineCoreType(scope: Scope, t: CoreTypeDef, offset: number): void {
  switch (t.kind) {
    case 'module':
      scope.coreTypes.push(moduleTypeFromDecls(t.decls, scope));
      break;
    case 'func':
      checkCoreRefs(scope, [...t.params, ...t.results], scope.coreTypes.length + 1, offset); // may refer to itself
      scope.coreTypes.push(t);
      break;
    case 'gc':
      pushGcTypes(scope.coreTypes, t, scope, offset);
      break;
  }
  void offset;
}

export function resolveTypeDef(def: TypeDef, scope: Scope, offset: number): ComponentDefinedType {
  switch (def.kind) {
    case 'func':
      return resolveFuncType(def, scope, offset);
    case 'resource': {
      if (scope.kind !== 'component') scope.fail('resources can only be defined within a concrete component', offset);
      if (def.rep !== I32 && def.rep !== I64) scope.fail('resources can only be represented by `i32` or `i64`', offset);
      // i64 reps belong to the component-model 64-bit extension.
      if (def.rep === I64 && !scope.options.cm64) scope.fail('resources with `i64` require the `cm64` feature to be enabled', offset);
      if (def.dtor !== undefined) {
        const f = scope.coreFunc(def.dtor, offset);
        if (!coreFuncEq(f, { kind: 'func', params: [def.rep], results: [] })) scope.fail('wrong signature for a destructor', offset);
      }
      const r = new ResourceType('abstract', '');
      resourceReps.set(r, def.rep);
      scope.localResources.add(r);
      scope.definedResources.push(r);
      return r;
    }
    case 'component':
      return checkTypeSize(componentType(def.decls, scope), scope, offset);
    case 'instance':
      return checkTypeSize(instanceType(def.decls, scope), scope, offset);
    default:
      return resolveDefValType(def, scope, offset);
  }
}

function runDecls(decls: readonly TypeDecl[], inner: Scope): void {
  for (const d of decls) {
    switch (d.tag) {
      case 'core-type':
        defineCoreType(inner, d.type, d.offset);
        break;
      case 'type':
        inner.types.push(resolveTypeDef(d.type, inner, d.offset));
        break;
      case 'alias':
        applyAlias(inner, d.alias, d.offset);
        break;
      case 'import':
      case 'export':
        declareByDesc(inner, d, d.tag === 'import', d.offset);
        break;
    }
  }
}

function componentType(decls: readonly TypeDecl[], scope: Scope): ComponentType {
  const inner = new Scope('component-type', scope);
  inner.section = scope.section;
  runDecls(decls, inner);
  return {
    kind: 'component',
    imports: inner.imports,
    exports: inner.exports,
    importedResources: inner.importedResources,
    definedResources: inner.definedResources,
  };
}

function instanceType(decls: readonly TypeDecl[], scope: Scope): InstanceType {
  const inner = new Scope('instance-type', scope);
  inner.section = scope.section;
  runDecls(decls, inner);
  return { kind: 'instance', exports: inner.exports, definedResources: inner.definedResources };
}
