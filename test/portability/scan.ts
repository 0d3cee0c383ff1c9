// Finds, in TypeScript source, what breaks the engines purewasm promises (Hermes, QuickJS, node --jitless,
// Chromium --jitless): globals they lack or forbid, code generation from strings, the host's WebAssembly,
// top-level await (the IIFE/CJS bundles cannot have it) and Node built-in modules. Works on the syntax tree,
// so comments, strings and property names that merely mention a name are not offences.
import { builtinModules } from 'node:module';
import ts from 'typescript';

/** Globals missing in at least one engine (or, for WebAssembly, the very thing purewasm replaces). */
const FORBIDDEN_GLOBALS: Record<string, string> = {
  WeakRef: 'WeakRef (missing in Hermes 0.12)',
  FinalizationRegistry: 'FinalizationRegistry (missing in Hermes 0.12)',
  TextEncoder: 'TextEncoder (missing in Hermes and QuickJS)',
  TextDecoder: 'TextDecoder (missing in Hermes and QuickJS)',
  WebAssembly: 'the host WebAssembly (missing where purewasm is needed)',
  eval: 'eval (forbidden by CSP, missing in some builds)',
};
const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);
const NODE_BUILTINS = new Set(builtinModules);

export interface Offence {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** Names bound anywhere in the file (a local binding shadows the global of the same name). */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    const name = (n as { name?: ts.Node }).name;
    if (
      name !== undefined &&
      ts.isIdentifier(name) &&
      (ts.isVariableDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isParameter(n) ||
        ts.isImportSpecifier(n) || ts.isImportClause(n) || ts.isNamespaceImport(n) || ts.isBindingElement(n))
    ) {
      names.add(name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return names;
}

/** Whether an identifier stands for a value here (not a property name, declaration name or type). */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) ||
    ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isQualifiedName(p) || ts.isTypeReferenceNode(p) || ts.isExpressionWithTypeArguments(p) && ts.isHeritageClause(p.parent) && p.parent.token === ts.SyntaxKind.ImplementsKeyword) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isLabeledStatement(p)) return false;
  // Inside a type (annotations, `typeof X` in a type position) nothing reaches the bundle.
  for (let n: ts.Node = id; n.parent !== undefined; n = n.parent) if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return false;
  return true;
}

function moduleName(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly) return undefined;
    if (ts.isExportDeclaration(node) && node.isTypeOnly) return undefined;
    return node.moduleSpecifier.text;
  }
  if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0]!)) {
    const callee = node.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) return node.arguments[0].text;
  }
  return undefined;
}

/** The offences in one file's text. */
export function scanSource(file: string, text: string): Offence[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const local = declaredNames(sf);
  const out: Offence[] = [];
  const report = (n: ts.Node, what: string): void => {
    out.push({ file, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
  };
  const visit = (n: ts.Node, inFunction: boolean): void => {
    if (ts.isIdentifier(n) && n.text in FORBIDDEN_GLOBALS && !local.has(n.text) && isValueReference(n)) {
      // `typeof X` only probes for the global and is safe everywhere.
      if (!(ts.isTypeOfExpression(n.parent) && n.parent.expression === n)) report(n, FORBIDDEN_GLOBALS[n.text]!);
    }
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && GLOBAL_OBJECTS.has(n.expression.text) && n.name.text in FORBIDDEN_GLOBALS) {
      report(n, `${n.expression.text}.${n.name.text}: ${FORBIDDEN_GLOBALS[n.name.text]!}`);
    }
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'Function' && !local.has('Function')) {
      report(n, 'new Function (code generation from strings: forbidden by CSP)');
    }
    if (!inFunction && (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined))) {
      report(n, 'top-level await (the IIFE and CommonJS bundles cannot contain it)');
    }
    const mod = moduleName(n);
    if (mod !== undefined && (mod.startsWith('node:') || NODE_BUILTINS.has(mod))) report(n, `import of the Node built-in "${mod}"`);
    const fn = inFunction || ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n);
    ts.forEachChild(n, (c) => visit(c, fn));
  };
  visit(sf, false);
  return out;
}
