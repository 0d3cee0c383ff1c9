// Property mangling for the built files (scripts/build.mjs): which property names are internal, and the one
// name map (an esbuild `mangleCache`) that every built file uses, so entries built apart — purewasm ↔ wasi ↔
// replay ↔ debug ↔ jit ↔ cli, and the `__internals` namespace — agree on every renamed property.
//
// A property name is renamed only when nothing outside the bundle can know it. The build computes that set;
// it is not a hand list:
//   candidates = every property name esbuild sees in the entries (propertyNames)
//   kept       = names a user's code can reach through the shipped declarations (publicNames: walked from
//                each entry's exports; `@internal` members are stripped from them, so they are not kept)
//              ∪ builtin names (builtinNames: member and declared names of TypeScript's lib and @types/node,
//                and the properties of this Node's globals and modules: a renamed `push` breaks arrays)
//              ∪ every identifier-like word of every string literal and template chunk in src/ (sourceNames:
//                the JS tier's generated source and AOT output name runtime properties in strings;
//                `'x' in o`, `o[name]`), every exported name and enum member (namespace objects such as
//                `__internals` are keyed by export name), every identifier of HOST_SOURCES
//              ∪ names keyed by a run-time string, found by TypeScript's checker (keyedNames)
//              ∪ KEEP below (what the analysis cannot see)
// Renamed = candidates − kept. Short names go to the most frequent properties; no short name is a kept
// name or any other property name of the bundles, so a renamed property never meets an existing one.
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/**
 * Names analysis cannot see, each with why. A name here is kept in every built file.
 */
export const KEEP = [
  // Object.prototype and the module namespace's own names, which esbuild handles itself.
  '__proto__', 'constructor', 'default', '__esModule',
];

/**
 * Host implementations of component interfaces: every identifier in them is kept. The values they make and
 * read cross the canonical ABI, which names record fields and flags by their WIT names in camelCase at run
 * time (`link-count` → `value.linkCount`, src/abi/shapes.ts), so a record the host builds as
 * `{ linkCount: st.nlink }` or reads as `flags.symlinkFollow` must keep those names; nothing in the
 * source says which properties these are.
 */
export const HOST_SOURCES = ['src/wasi/', 'src/component/runtime/wasmtime-host.ts'];

const IDENT = /[A-Za-z_$][\w$]*/g;

function* walkFiles(dir, test) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walkFiles(path, test);
    else if (test(name)) yield path;
  }
}

/** Member and declared names of every .d.ts under `root` (the builtin libraries' declarations). */
export function declarationNames(root) {
  const names = new Set();
  for (const file of walkFiles(root, (n) => n.endsWith('.d.ts'))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, false);
    const visit = (node) => {
      // A property or method name, an enum member, a declared or exported name, an imported name: each
      // one is something code may write as `x.name` or a key.
      if (node.name !== undefined && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) || ts.isPrivateIdentifier(node.name))) names.add(node.name.text);
      if (ts.isExportSpecifier(node) || ts.isImportSpecifier(node)) {
        names.add(node.name.text);
        if (node.propertyName !== undefined) names.add(node.propertyName.text);
      }
      // `typeof a.b`, `A.B` qualified type names.
      if (ts.isQualifiedName(node)) names.add(node.right.text);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return names;
}

/** Builtin property names: those declared by the TypeScript lib and Node declarations, and this Node's globals and modules. */
export function builtinNames() {
  const names = new Set();
  const require = createRequire(import.meta.url);
  const libs = [dirname(require.resolve('typescript/lib/lib.d.ts')), dirname(require.resolve('@types/node/package.json'))];
  for (const dir of libs) for (const n of declarationNames(dir)) names.add(n);
  const seen = new Set();
  const own = (value) => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') names.add(key);
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (d !== undefined && 'value' in d) own(d.value);
    }
    own(Object.getPrototypeOf(value));
  };
  own(globalThis);
  // Deprecated aliases (`sys`, `_stream_wrap`) and experimental ones (`wasi`) only print warnings.
  for (const m of builtinModules.filter((n) => !n.startsWith('_') && n !== 'sys' && n !== 'wasi')) {
    try { own(require(m)); } catch { /* modules that need a flag */ }
  }
  return names;
}

/** Words of every string literal and template chunk in src/, and every exported name and enum member. */
export function sourceNames(srcRoot) {
  const names = new Set();
  for (const file of walkFiles(srcRoot, (n) => n.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    if (HOST_SOURCES.some((h) => file.startsWith(h))) for (const m of text.matchAll(IDENT)) names.add(m[0]);
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true);
    const visit = (node) => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node) || ts.isRegularExpressionLiteral(node)) {
        for (const m of node.text.matchAll(IDENT)) names.add(m[0]);
      }
      if (ts.isEnumMember(node) && ts.isIdentifier(node.name)) names.add(node.name.text);
      if (ts.isExportSpecifier(node)) {
        names.add(node.name.text);
        if (node.propertyName !== undefined) names.add(node.propertyName.text);
      }
      if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        if (ts.isVariableStatement(node)) {
          for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
        } else if (node.name !== undefined && ts.isIdentifier(node.name)) {
          names.add(node.name.text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return names;
}

/**
 * Every property name esbuild would rename in the given builds (each an esbuild options object), with how
 * often it occurs in their unminified output: the most frequent get the shortest names.
 */
export async function propertyNames(builds) {
  const counts = new Map();
  for (const options of builds) {
    const out = await build({ ...options, write: false, minify: false, mangleProps: /./, mangleCache: {}, metafile: false });
    const names = Object.keys(out.mangleCache);
    const plain = await build({ ...options, write: false, minify: false });
    const text = plain.outputFiles.map((f) => f.text).join('\n');
    const seen = new Map();
    for (const m of text.matchAll(IDENT)) seen.set(m[0], (seen.get(m[0]) ?? 0) + 1);
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + (seen.get(n) ?? 1));
  }
  return counts;
}

/** Short names in order: a…z A…Z _ $, then two characters, three… */
function* shortNames() {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
  const rest = `${first}0123456789`;
  let tails = [''];
  for (;;) {
    for (const t of tails) for (const c of first) yield c + t;
    tails = tails.flatMap((t) => [...rest].map((c) => c + t));
  }
}

const RESERVED_WORDS = new Set('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield await of get set'.split(' '));

/**
 * The name map: `{ name: shortName }` for each renamed property, `{ name: false }` for each kept one that
 * esbuild sees (so a build with `mangleProps: /./` renames nothing else). `kept` is every name that must
 * stay; `counts` the candidates with their frequency.
 */
export function nameMap(counts, kept) {
  const cache = {};
  const renamed = [...counts.keys()].filter((n) => !kept.has(n)).sort((a, b) => counts.get(b) - counts.get(a) || (a < b ? -1 : 1));
  const taken = new Set([...kept, ...counts.keys()]);
  const short = shortNames();
  for (const name of renamed) {
    let s = short.next().value;
    while (taken.has(s) || RESERVED_WORDS.has(s)) s = short.next().value;
    // A short name never outgrows what it replaces.
    cache[name] = s.length < name.length ? s : false;
  }
  for (const name of counts.keys()) if (!(name in cache)) cache[name] = false;
  return cache;
}

/**
 * Every member name a user's code can reach through the shipped declarations (`root`: dist/types): starting
 * at each entry's exports, every declaration they name and, transitively, every declaration named in those
 * (types of members, parameters and results, base classes, `typeof`, `import('…').T`), following imports
 * and re-exports between the .d.ts files. A declaration is read as text, not typed: every member name in it
 * counts (private members excepted: a user's code cannot name them), which over-approximates safely.
 */
export function publicNames(root, entries) {
  const infos = new Map();
  const info = (file) => {
    let i = infos.get(file);
    if (i !== undefined) return i;
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
    i = { sf, locals: new Map(), imports: new Map(), reexports: [], stars: [] };
    // Only the package's own files: a builtin module's names (`node:fs`) are builtin names anyway.
    const target = (spec) => (spec.startsWith('.') ? join(dirname(file), spec.replace(/\.js$/, '.d.ts')) : null);
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && st.importClause !== undefined) {
        const from = target(st.moduleSpecifier.text);
        const c = st.importClause;
        if (c.name !== undefined) i.imports.set(c.name.text, { from, name: 'default' });
        if (c.namedBindings !== undefined && ts.isNamespaceImport(c.namedBindings)) i.imports.set(c.namedBindings.name.text, { from, name: '*' });
        if (c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings)) {
          for (const e of c.namedBindings.elements) i.imports.set(e.name.text, { from, name: (e.propertyName ?? e.name).text });
        }
      } else if (ts.isExportDeclaration(st)) {
        const from = st.moduleSpecifier === undefined ? undefined : target(st.moduleSpecifier.text);
        if (st.exportClause === undefined) i.stars.push(from);
        else if (ts.isNamespaceExport(st.exportClause)) i.reexports.push({ as: st.exportClause.name.text, from, name: '*' });
        else for (const e of st.exportClause.elements) i.reexports.push({ as: e.name.text, from, name: (e.propertyName ?? e.name).text });
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) i.locals.set(d.name.text, [...(i.locals.get(d.name.text) ?? []), st]);
      } else if (st.name !== undefined && ts.isIdentifier(st.name)) {
        i.locals.set(st.name.text, [...(i.locals.get(st.name.text) ?? []), st]);
      }
    }
    infos.set(file, i);
    return i;
  };
  const names = new Set();
  const reached = new Set();
  const queue = [];
  /** What `name` means inside `file`: its declarations, or (for a namespace) the file it names. */
  const resolveLocal = (file, name) => {
    const i = info(file);
    if (i.locals.has(name)) return i.locals.get(name).forEach((d) => queue.push(d));
    const imp = i.imports.get(name);
    if (imp !== undefined) resolveExport(imp.from, imp.name);
  };
  const exported = new Set();
  const resolveExport = (file, name) => {
    if (file === null) return;
    const key = `${file}\0${name}`;
    if (exported.has(key)) return;
    exported.add(key);
    const i = info(file);
    if (name === '*') {
      for (const n of exportNames(file)) {
        names.add(n);
        resolveExport(file, n);
      }
      return;
    }
    resolveLocal(file, name);
    for (const r of i.reexports) {
      if (r.as !== name) continue;
      if (r.from === undefined) resolveLocal(file, r.name);
      else resolveExport(r.from, r.name);
    }
    for (const from of i.stars) resolveExport(from, name);
  };
  const exportNames = (file, seen = new Set()) => {
    if (file === null || seen.has(file)) return [];
    seen.add(file);
    const i = info(file);
    const out = [...i.reexports.map((r) => r.as)];
    for (const [n, decls] of i.locals) if (decls.some((d) => ts.getModifiers(d)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))) out.push(n);
    for (const from of i.stars) out.push(...exportNames(from, seen));
    return out;
  };
  const isPrivate = (node) => ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
  const visit = (node, file) => {
    if ((ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isEnumMember(node)) && node.name !== undefined) {
      if (isPrivate(node)) return;
      if (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) names.add(node.name.text);
    }
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node) || ts.isTypeQueryNode(node)) {
      const ref = ts.isTypeReferenceNode(node) ? node.typeName : ts.isTypeQueryNode(node) ? node.exprName : node.expression;
      const parts = [];
      let r = ref;
      while (ts.isQualifiedName(r) || ts.isPropertyAccessExpression(r)) {
        parts.unshift((ts.isQualifiedName(r) ? r.right : r.name).text);
        r = ts.isQualifiedName(r) ? r.left : r.expression;
      }
      if (ts.isIdentifier(r)) {
        const imp = info(file).imports.get(r.text);
        if (parts.length > 0 && imp?.name === '*') resolveExport(imp.from, parts[0]);
        else resolveLocal(file, r.text);
      }
      for (const p of parts) names.add(p);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal) && node.qualifier !== undefined) {
      const spec = node.argument.literal.text;
      const from = spec.startsWith('.') ? join(dirname(file), spec.replace(/\.js$/, '.d.ts')) : null;
      resolveExport(from, ts.isIdentifier(node.qualifier) ? node.qualifier.text : node.qualifier.left.getText());
    }
    ts.forEachChild(node, (c) => visit(c, file));
  };
  for (const e of entries) resolveExport(join(root, e), '*');
  while (queue.length > 0) {
    const decl = queue.pop();
    if (reached.has(decl)) continue;
    reached.add(decl);
    visit(decl, decl.getSourceFile().fileName);
  }
  return names;
}

const ENUMERATORS = new Set(['JSON.stringify', 'Object.keys', 'Object.entries', 'Object.values', 'Object.getOwnPropertyNames', 'Object.assign', 'Reflect.ownKeys']);

/**
 * Names whose property is keyed by a run-time string, found with TypeScript's checker over the project
 * (`tsconfig`): keys of an object literal typed as a record (`Record<string, HostFn>`, an index signature,
 * `any`/`unknown`, a type parameter: e.g. the `wasi_snapshot_preview1` functions, whose names the guest
 * imports); a `.name` read or written through an index signature; and every property name of a value given
 * to JSON.stringify, Object.keys/entries/values/assign, Reflect.ownKeys or `for…in` (and of what it holds),
 * whose keys become data (a trace, a `--json` output) or are matched against strings.
 */
export function keyedNames(tsconfig) {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  const program = ts.createProgram(config.fileNames.filter((f) => f.includes('/src/')), config.options);
  const checker = program.getTypeChecker();
  const names = new Set();
  const keyed = (type) => {
    if (type === undefined) return false;
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.NonPrimitive)) return true;
    if (type.isUnionOrIntersection()) return type.types.some(keyed);
    return checker.getIndexInfosOfType(type).some((i) => i.keyType.flags & ts.TypeFlags.String);
  };
  const seen = new Set();
  const allProperties = (type, depth) => {
    if (depth > 6 || seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach((t) => allProperties(t, depth));
    const sym = type.getSymbol();
    if (sym?.declarations?.length > 0 && sym.declarations.every((d) => d.getSourceFile().fileName.includes('/node_modules/'))) {
      // An array, a Map…: what it holds is serialized.
      for (const t of checker.getTypeArguments?.(type) ?? []) allProperties(t, depth + 1);
      return;
    }
    for (const p of checker.getPropertiesOfType(type)) {
      names.add(p.getName());
      const d = p.valueDeclaration ?? p.declarations?.[0];
      if (d !== undefined) allProperties(checker.getTypeOfSymbolAtLocation(p, d), depth + 1);
    }
    for (const i of checker.getIndexInfosOfType(type)) allProperties(i.type, depth + 1);
  };
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || !sf.fileName.includes('/src/')) continue;
    const visit = (node) => {
      if (ts.isObjectLiteralExpression(node) && keyed(checker.getContextualType(node))) {
        for (const p of node.properties) if (p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) names.add(p.name.text);
      }
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && checker.getSymbolAtLocation(node.name) === undefined) {
        const t = checker.getTypeAtLocation(node.expression);
        if (keyed(checker.getApparentType(t))) names.add(node.name.text);
      }
      if (ts.isCallExpression(node) && ENUMERATORS.has(node.expression.getText(sf))) {
        for (const a of node.arguments) allProperties(checker.getTypeAtLocation(a), 0);
      }
      if (ts.isForInStatement(node)) allProperties(checker.getTypeAtLocation(node.expression), 0);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return names;
}
