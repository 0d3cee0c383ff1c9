// `compileToJs` for components (purewasm compile --js): the core VM's ahead-of-time writer
// (src/vm/jstier/aot.ts) over every distinct core module of a component. It lives here, not in the VM,
// because finding those modules needs the component decoder, which `purewasm/core` does not carry.
import { compile } from '../validate/index.js';
import type { ValidatedModule } from '../validate/index.js';
import type { CoreFeatures } from '../decoder/features.js';
import { decodeComponent } from '../decoder/component/decode-component.js';
import type { ComponentAst } from '../decoder/component/ast.js';
import { moduleHash } from '../vm/runtime/snapshot.js';
import { compileModulesToJs, type CompileToJsOptions, type CompileToJsResult } from '../vm/jstier/aot.js';

/** Compiles a core module or a component (every core module in it, nested components included) to JS. */
export function compileToJs(bytes: Uint8Array, options: CompileToJsOptions): CompileToJsResult {
  return compileModulesToJs(bytes, options, (b, features) => coreModulesOf(decodeComponent(b), features));
}

/** The distinct core modules of a component and of the components nested in it, validated. */
function coreModulesOf(ast: ComponentAst, features: CoreFeatures | undefined): ValidatedModule[] {
  const out: ValidatedModule[] = [];
  const seen = new Set<number>();
  const walk = (c: ComponentAst): void => {
    for (const d of c.definitions) {
      if (d.tag === 'component') walk(d.component);
      else if (d.tag === 'core-module') {
        const bytes = c.bytes.subarray(d.start, d.end);
        const h = moduleHash(bytes);
        if (seen.has(h)) continue;
        seen.add(h);
        out.push(compile(bytes, features));
      }
    }
  };
  walk(ast);
  return out;
}
