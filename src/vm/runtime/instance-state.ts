// What the interpreter needs of an instance: its index spaces resolved to store objects.
import type { Module } from '../../decoder/module.js';
import type { ValidatedModule } from '../../validate/validated-module.js';
import type { FuncInst } from './func.js';
import type { MemoryInst } from './memory.js';
import type { TableInst } from './table.js';
import type { TagInst } from './tag.js';

export interface InstanceOptions {
  /** Most nested wasm calls before `Trap('call stack exhausted')` (default 10,000). */
  maxCallDepth?: number;
  /** Most 64 KiB pages any memory of the instance may grow to (default: 65536 for a 32-bit memory, MAX_MEMORY64_BYTES for a 64-bit one). */
  maxMemoryPages?: number;
}

export const DEFAULT_MAX_CALL_DEPTH = 10_000;

export class InstanceState {
  readonly module: Module;
  readonly vm: ValidatedModule;
  readonly funcs: FuncInst[] = [];
  readonly tables: TableInst[] = [];
  readonly memories: MemoryInst[] = [];
  readonly tags: TagInst[] = [];
  /** Global index → address in machine.globals. */
  readonly globals: number[] = [];
  /** Element segments' references; null once dropped. */
  readonly elems: (unknown[] | null)[] = [];
  /** Data segments' bytes; null once dropped. */
  readonly datas: (Uint8Array | null)[] = [];
  readonly maxCallDepth: number;
  readonly maxMemoryPages: number | undefined;

  constructor(vm: ValidatedModule, options: InstanceOptions = {}) {
    this.vm = vm;
    this.module = vm.module;
    this.maxCallDepth = options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    this.maxMemoryPages = options.maxMemoryPages;
  }
}
