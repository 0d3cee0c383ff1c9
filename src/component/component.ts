// `Component`: a decoded and validated component binary with its type, and reflection over its imports
// and exports as WIT-shaped trees (interfaces → functions, resources, types).
import { decodeComponent } from '../decoder/component/decode-component.js';
import type { ComponentAst } from '../decoder/component/ast.js';
import { validateAst } from './validator/validate-component.js';
import type { ComponentType } from './types.js';
import { worldItems } from './world.js';
import type { WorldItems } from './world.js';
import { printWit } from './wit.js';

export class Component {
  /** The binary, as given. */
  readonly bytes: Uint8Array;
  /** The decoded structure (definitions in binary order; nested modules as byte ranges). */
  readonly ast: ComponentAst;
  /** The validated component type: imports and exports with their types. */
  readonly type: ComponentType;
  private importsCache: WorldItems | undefined;
  private exportsCache: WorldItems | undefined;

  private constructor(bytes: Uint8Array, ast: ComponentAst, type: ComponentType) {
    this.bytes = bytes;
    this.ast = ast;
    this.type = type;
  }

  /** Decode and validate; throws CompileError when the binary is malformed or invalid. */
  static decode(bytes: Uint8Array): Component {
    const ast = decodeComponent(bytes);
    const info = validateAst(ast);
    return new Component(bytes, ast, info.type);
  }

  /** What the component imports, grouped as WIT sees it. */
  get imports(): WorldItems {
    return (this.importsCache ??= worldItems(this.type.imports));
  }

  /** What the component exports, grouped as WIT sees it. */
  get exports(): WorldItems {
    return (this.exportsCache ??= worldItems(this.type.exports));
  }

  /** The component's world as WIT text (root world plus every interface it uses). */
  toWit(): string {
    return printWit(this.type);
  }
}
