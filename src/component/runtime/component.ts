// A compiled component: decoded, validated and planned once; instantiate it many times (Linker).
import { decodeComponent } from '../../decoder/component/decode-component.js';
import type { ComponentType } from '../types.js';
import { buildPlan, type ComponentPlan } from './plan.js';

export class Component {
  readonly plan: ComponentPlan;

  constructor(bytes: ArrayBuffer | ArrayBufferView) {
    const u8 = bytes instanceof Uint8Array ? bytes
      : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
    this.plan = buildPlan(decodeComponent(u8));
  }

  static decode(bytes: ArrayBuffer | ArrayBufferView): Component {
    return new Component(bytes);
  }

  /** Imports and exports with their (static) types. */
  get type(): ComponentType {
    return this.plan.type;
  }
}
