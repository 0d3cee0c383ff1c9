// A compiled component: decoded, validated and planned once; instantiate it many times (Linker).
// It also answers reflection questions: its imports and exports as WIT-shaped trees (its WIT text is
// `printWit(component)` of `purewasm/wit`, src/wit).
import { decodeComponent } from '../../decoder/component/decode-component.js';
import type { ComponentType } from '../types.js';
import type { ValidateOptions } from '../validator/state.js';
import { worldItems, type WorldItems } from '../world.js';
import { buildPlan, type ComponentPlan } from './plan.js';

export type { ValidateOptions };

export class Component {
  /** The binary, as given (a view, not copied). */
  readonly bytes: Uint8Array;
  /** @internal The instantiation plan (built once). */
  readonly plan: ComponentPlan;
  /** @internal */
  private importsCache: WorldItems | undefined;
  /** @internal */
  private exportsCache: WorldItems | undefined;

  /**
   * Decode, validate and plan; throws CompileError when the binary is malformed or invalid. `options`
   * switches component-model extensions on or off (left out: the defaults of ValidateOptions).
   */
  constructor(bytes: ArrayBuffer | ArrayBufferView, options?: ValidateOptions) {
    this.bytes = bytes instanceof Uint8Array ? bytes
      : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
    this.plan = buildPlan(decodeComponent(this.bytes), options);
  }

  static decode(bytes: ArrayBuffer | ArrayBufferView, options?: ValidateOptions): Component {
    return new Component(bytes, options);
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
}
