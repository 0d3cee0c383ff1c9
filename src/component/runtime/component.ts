// A compiled component: decoded, validated and planned once; instantiate it many times (Linker).
// It also answers reflection questions: its imports and exports as WIT-shaped trees, and its WIT text.
import { decodeComponent } from '../../decoder/component/decode-component.js';
import type { ComponentType } from '../types.js';
import { printWit } from '../wit.js';
import { worldItems, type WorldItems } from '../world.js';
import { buildPlan, type ComponentPlan } from './plan.js';

export class Component {
  /** The binary, as given (a view, not copied). */
  readonly bytes: Uint8Array;
  readonly plan: ComponentPlan;
  private importsCache: WorldItems | undefined;
  private exportsCache: WorldItems | undefined;

  /** Decode, validate and plan; throws CompileError when the binary is malformed or invalid. */
  constructor(bytes: ArrayBuffer | ArrayBufferView) {
    this.bytes = bytes instanceof Uint8Array ? bytes
      : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
    this.plan = buildPlan(decodeComponent(this.bytes));
  }

  static decode(bytes: ArrayBuffer | ArrayBufferView): Component {
    return new Component(bytes);
  }

  /** Imports and exports with their (static) types. */
  get type(): ComponentType {
    return this.plan.type;
  }

  /** What the component imports, grouped as WIT sees it (interfaces → functions, resources, types). */
  get imports(): WorldItems {
    if (this.importsCache === undefined) this.importsCache = worldItems(this.type.imports);
    return this.importsCache;
  }

  /** What the component exports, grouped as WIT sees it. */
  get exports(): WorldItems {
    if (this.exportsCache === undefined) this.exportsCache = worldItems(this.type.exports);
    return this.exportsCache;
  }

  /** The component's world as WIT text: the root world, then every interface it uses. */
  toWit(): string {
    return printWit(this.type);
  }
}
