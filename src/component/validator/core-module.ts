// Types of embedded core modules and core module types: what a core module imports and exports, for
// checking core instantiation arguments and core aliases.
import { compile } from '../../validate/index.js';
import { CompileError } from '../../decoder/errors.js';
import type { Module } from '../../decoder/module.js';
import type { CoreExternType, CoreFuncType, CoreImport, CoreModuleType } from '../types.js';
import type { CoreModuleDecl } from '../../decoder/component/ast.js';
import { coreFeatures, type CoreTypeEntry, type Scope } from './state.js';
import { pushGcTypes } from './core-types.js';


function funcTypeAt(m: Module, typeIndex: number, what: string): CoreFuncType {
  const t = m.types[typeIndex];
  if (t === undefined || t.composite.kind !== 'func') throw new CompileError(`${what}: type index ${typeIndex} is not a function type`, 'core module', 0, 'invalid');
  return t.composite;
}

/** Decode and validate a nested core module (the core validator); return its type. */
export function moduleTypeOf(bytes: Uint8Array, offset: number, scope: Scope): CoreModuleType {
  let m: Module;
  try {
    // Shared tables, globals and types in core modules belong to shared-everything-threads.
    m = compile(bytes, coreFeatures(scope.options)).module;
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.reason, `core module (${e.section})`, offset + e.offset, e.kind);
    throw e;
  }
  const imports: CoreImport[] = [];
  const seen = new Set<string>();
  for (const imp of m.imports) {
    // Two-level names mangle to one level in components, so duplicates are forbidden here.
    const key = `${imp.module}\u0000${imp.name}`;
    if (seen.has(key)) scope.fail(`duplicate import name \`${imp.module}:${imp.name}\``, offset);
    seen.add(key);
  }
  // The module's index spaces (imports first), by the extern kind that names them.
  const spaces: Record<CoreExternType['kind'], unknown[]> = { func: [], table: [], memory: [], global: [], tag: [] };
  for (const imp of m.imports) {
    const d = imp.desc;
    const t = d.kind === 'func' ? funcTypeAt(m, d.typeIndex, 'import') : d.kind === 'tag' ? funcTypeAt(m, d.type.typeIndex, 'import') : d.type;
    spaces[d.kind].push(t);
    imports.push({ module: imp.module, name: imp.name, type: { kind: d.kind, type: t } as CoreExternType });
  }
  for (const ti of m.functions) spaces.func.push(funcTypeAt(m, ti, 'function'));
  for (const t of m.tables) spaces.table.push(t.type);
  for (const mem of m.memories) spaces.memory.push(mem);
  for (const g of m.globals) spaces.global.push(g.type);
  for (const t of m.tags) spaces.tag.push(funcTypeAt(m, t.typeIndex, 'tag'));
  const exports = new Map<string, CoreExternType>();
  for (const e of m.exports) {
    const t = spaces[e.kind][e.index];
    if (t === undefined) scope.fail(`core module export \`${e.name}\` index out of bounds`, offset);
    exports.set(e.name, { kind: e.kind, type: t } as CoreExternType);
  }
  return { kind: 'module', imports, exports };
}

/** Validate a core module type's declarators (Binary.md core:moduletype) and build its type. */
export function moduleTypeFromDecls(decls: readonly CoreModuleDecl[], scope: Scope): CoreModuleType {
  const types: CoreTypeEntry[] = [];
  const imports: CoreImport[] = [];
  const exports = new Map<string, CoreExternType>();
  const importKeys = new Set<string>();
  const funcOf = (i: number, offset: number): CoreFuncType => {
    const t = types[i];
    if (t === undefined) scope.fail(`type index out of bounds (unknown type ${i})`, offset);
    if (t.kind !== 'func') scope.fail(`type index ${i} is not a function type`, offset);
    return t;
  };
  const descType = (d: CoreModuleDecl & { desc: unknown }, offset: number): CoreExternType => {
    const desc = d.desc as import('../../decoder/component/ast.js').CoreImportDesc;
    switch (desc.kind) {
      case 'func':
        return { kind: 'func', type: funcOf(desc.typeIndex, offset) };
      case 'tag':
        return { kind: 'tag', type: funcOf(desc.typeIndex, offset) };
      case 'table':
        return { kind: 'table', type: desc.type };
      case 'memory': {
        const l = desc.type.limits;
        const maxPages = l.index64 ? 2 ** 48 : 65536;
        if (l.min > maxPages || (l.max !== undefined && l.max > maxPages)) scope.fail(`memory size must be at most ${maxPages} pages (4GiB)`, offset);
        if (l.max !== undefined && l.max < l.min) scope.fail('size minimum must not be greater than maximum', offset);
        return { kind: 'memory', type: desc.type };
      }
      case 'global':
        return { kind: 'global', type: desc.type };
    }
  };
  for (const d of decls) {
    switch (d.tag) {
      case 'type':
        if (d.type.kind === 'module') scope.fail('core module types cannot be nested', d.offset);
        if (d.type.kind === 'gc') {
          pushGcTypes(types, d.type, scope, d.offset);
        } else types.push(d.type);
        break;
      case 'alias': {
        if (d.sort !== 'type') scope.fail('only type aliases are allowed in core module types', d.offset);
        if (d.count === 0) scope.fail('invalid outer alias count of 0', d.offset);
        // Count 1 is the scope enclosing the module type, 2 its parent, and so on.
        const t = scope.outer(d.count - 1, d.offset).coreType(d.index, d.offset);
        if (t.kind === 'module') scope.fail('cannot alias a core module type into a module type', d.offset);
        types.push(t);
        break;
      }
      case 'import': {
        const key = `${d.module}\u0000${d.name}`;
        if (importKeys.has(key)) scope.fail(`duplicate import name \`${d.module}:${d.name}\``, d.offset);
        importKeys.add(key);
        imports.push({ module: d.module, name: d.name, type: descType(d, d.offset) });
        break;
      }
      case 'export':
        if (exports.has(d.name)) scope.fail(`export name \`${d.name}\` already defined`, d.offset);
        exports.set(d.name, descType(d, d.offset));
        break;
    }
  }
  return { kind: 'module', imports, exports };
}
