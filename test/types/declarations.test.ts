// The published declarations (`tsc --declaration --emitDeclarationOnly --stripInternal`, as the build makes
// dist/types) show no internals: emitted in memory here, then the public classes are read member by member.
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const files = new Map<string, string>();

/** The members a class declares in the emitted `.d.ts` (`rel` under src/, e.g. 'vm/api.d.ts'). */
function members(rel: string, className: string): string[] {
  const text = files.get(rel);
  if (text === undefined) throw new Error(`${rel} was not emitted`);
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.ES2020, true);
  const cls = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === className);
  if (cls === undefined) throw new Error(`no class ${className} in ${rel}`);
  return cls.members.map((m) => {
    if (ts.isConstructorDeclaration(m)) return `${m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword) ? 'private ' : ''}constructor`;
    const name = m.name === undefined ? '?' : m.name.getText(sf);
    return ts.isMethodDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ? `static ${name}` : name;
  });
}

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error('tsconfig.json');
  const options: ts.CompilerOptions = {
    ...config.options, noEmit: false, declaration: true, emitDeclarationOnly: true, stripInternal: true,
    outDir: '/types', rootDir: join(root, 'src'),
  };
  const program = ts.createProgram([join(root, 'src/index.ts'), join(root, 'src/async/index.ts'), join(root, 'src/component-memory64/index.ts'), join(root, 'src/threads/index.ts'), join(root, 'src/legacy-exceptions/index.ts'), join(root, 'src/wide-arithmetic/index.ts')], options);
  program.emit(undefined, (name, text) => files.set(name.replace(/^\/types\//, ''), text));
}, 120_000);

describe('published declarations', () => {
  it('core classes: no VM objects, no validated module', () => {
    expect(members('vm/api.d.ts', 'Module')).toEqual(['constructor', 'static exports', 'static imports', 'static customSections']);
    // (grow has two overloads: a number for a 32-bit memory or table, a bigint for a 64-bit one)
    expect(members('vm/api.d.ts', 'Memory')).toEqual(['constructor', 'buffer', 'grow', 'grow']);
    expect(members('vm/api.d.ts', 'Table')).toEqual(['constructor', 'length', 'get', 'set', 'grow', 'grow']);
    expect(members('vm/api.d.ts', 'Global')).toEqual(['constructor', 'value', 'value', 'valueOf', 'getWasmValue']);
    expect(members('vm/api.d.ts', 'Instance')).toEqual(['exports', 'store', 'constructor', 'callAsync', 'invoke', 'getGlobal']);
    expect(files.get('vm/api.d.ts')).not.toMatch(/MemoryInst \||TableInst \||GlobalInst \|/);
  });

  it('component classes: no plans, states, raw run-time items or handle internals', () => {
    expect(members('component/runtime/component.d.ts', 'Component')).toEqual(['bytes', 'constructor', 'static decode', 'type', 'imports', 'exports']);
    expect(members('component/runtime/linker.d.ts', 'LinkerInstance')).toEqual(['func', 'func', 'resource', 'module', 'component', 'instance', 'define']);
    expect(members('component/runtime/linker.d.ts', 'Linker')).toEqual(['instantiate', 'defineUnknownImportsAsTraps']);
    expect(members('component/runtime/instance.d.ts', 'ComponentInstance')).toEqual(['exports', 'component', 'private constructor', 'handleCount']);
    expect(members('component/runtime/instance.d.ts', 'Exports')).toEqual(['private constructor', 'func', 'instance', 'resource', 'module', 'has', 'names']);
    expect(members('component/runtime/instance.d.ts', 'Func')).toEqual(['private constructor', 'type', 'call', 'callAsync', 'typed']);
    expect(members('component/runtime/resources.d.ts', 'ResourceHandle')).toEqual(['type', 'own', 'constructor', 'rep', 'alive', 'drop']);
    expect(members('component/value-types.d.ts', 'ResourceType')).toEqual(['state', 'name', 'destructor', 'id', 'constructor', 'static host', 'canonical']);
    // One public form of define: no run-time items in its signature.
    expect(files.get('component/runtime/linker.d.ts')).toContain('define(name: string, item: ComponentInstance | Exports | Func<any, any>): this;');
    expect(files.get('component/runtime/linker.d.ts')).not.toContain('RExtern');
  });

  it('the root entry declares no __internals (what the built debugger imports of the VM: src/internals.ts)', () => {
    expect(files.get('index.d.ts')).not.toContain('__internals');
  });

  it('component-model async (purewasm/async): the pack is an opaque object, the host classes show no shared state', () => {
    const text = files.get('component/runtime/async-pack.d.ts')!;
    const sf = ts.createSourceFile('async-pack.d.ts', text, ts.ScriptTarget.ES2020, true);
    const pack = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ComponentAsync');
    expect(pack?.members.map((m) => m.name?.getText(sf))).toEqual(['family']);
    expect(members('component/runtime/host-streams.d.ts', 'HostStreamReader')).not.toContain('shared');
    expect(members('component/runtime/host-streams.d.ts', 'HostStreamReader')).not.toContain('readableEnd');
    expect(files.get('async/index.d.ts')).toContain('componentAsync');
  });

  it('the 64-bit canonical ABI (purewasm/component-memory64): the pack is an opaque object', () => {
    const text = files.get('component/runtime/memory64-pack.d.ts')!;
    const sf = ts.createSourceFile('memory64-pack.d.ts', text, ts.ScriptTarget.ES2020, true);
    const pack = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'ComponentMemory64');
    expect(pack?.members.map((m) => m.name?.getText(sf))).toEqual(['family']);
    expect(files.get('component-memory64/index.d.ts')).toContain('componentMemory64');
  });

  it('instruction packs (purewasm/simd, purewasm/gc, purewasm/threads, purewasm/legacy-exceptions, purewasm/wide-arithmetic): opaque objects the core features take', () => {
    const text = files.get('decoder/features.d.ts')!;
    const sf = ts.createSourceFile('features.d.ts', text, ts.ScriptTarget.ES2020, true);
    const iface = (name: string) => sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
    // (the names for messages are internal)
    for (const name of ['InstructionPack', 'SimdPack', 'GcPack', 'ThreadsPack', 'LegacyExceptionsPack', 'WideArithmeticPack']) expect(iface(name)?.members.map((m) => m.name?.getText(sf)), name).toEqual(['family']);
    expect(iface('CoreFeatures')?.members.map((m) => m.name?.getText(sf))).toEqual(['sharedEverythingThreads', 'simd', 'gc', 'threads', 'legacyExceptions', 'wideArithmetic']);
    expect(files.get('threads/index.d.ts')).toContain('export declare const threads: ThreadsPack;');
    expect(files.get('legacy-exceptions/index.d.ts')).toContain('export declare const legacyExceptions: LegacyExceptionsPack;');
    expect(files.get('wide-arithmetic/index.d.ts')).toContain('export declare const wideArithmetic: WideArithmeticPack;');
  });

  it('doc comments of the public classes point at nothing that is not shipped', () => {
    for (const rel of ['index.d.ts', 'vm/api.d.ts', 'component/runtime/component.d.ts', 'component/runtime/linker.d.ts', 'component/runtime/instance.d.ts', 'component/runtime/resources.d.ts']) {
      expect(files.get(rel)).not.toMatch(/GUIDE|§/);
    }
  });
});
