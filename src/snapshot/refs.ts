// References in a snapshot (format "PWS3", issue #13): what a table element, a global, a stack slot, a passive
// element segment, a GC object's field, an exception's payload or a component's host resource handle holds,
// written so that it restores in another process.
//
// A reference is a kind (u32) and its data:
//   0 null                        1 function of the store (instance index, function index)
//   2 undefined                   3 i31ref (its 31 bits)
//   4 heap object (its id)        5 JS value by identity (its index in the caller's `hostValues`)
//   6 number (f64)                7 string (UTF-16 code units)
//   8 boolean (0/1)               9 bigint (sign, then the magnitude as hex digits)
//   10 function of no instance of this store: its JS function, by index in `hostValues`
// "PWS1"/"PWS2" snapshots have only kinds 0 and 1 (null and undefined were both written as 0).
//
// Heap objects — structs, arrays and exceptions — are written once each, with identity kept: an object
// reachable twice is one id, so a restore makes one object (ref.eq, `===`), and cycles are fine. The heap
// section comes before the tables, globals and stacks that refer to it, found by walking every reference
// the snapshot writes (a worklist, no recursion: a long list does not overflow the JS stack):
//   types: count; per type (instance index, type index) of a type of that instance's module with the
//     object's canonical id — canonical ids depend on the order this process canonicalized types in, so
//     they are never written; a restore maps the pair back to its own process's id;
//   shells: count; per object its kind (1 struct: type; 2 array: type, length; 3 exception: tag as
//     (0, instance, tag index) or (1, hostValues index) for a tag of no instance of the store, and whether
//     it is a JS-made `Exception`), so that every object exists before any field refers to it;
//   contents, per object in order: its units (struct fields, array elements, payload values: the layout
//     of gc-objects.ts and tag.ts, 2 units per value, 4 per v128, packed i8/i16 in the low unit) and its
//     references as (unit, reference) pairs.
// A GC object of a type that no instance of the store has (made by another store's module) is, like any JS
// object, a value by identity in `hostValues`. How many entries of that list a snapshot needs (the highest
// index + 1) is in its header (store.ts), so a restore checks the caller's list before anything else.
import { Exception, TagInst, WasmException } from '../index.js';
import { isRefType } from '../decoder/module.js';
import { funcOfJS, refToJS } from '../vm/runtime/convert.js';
import { FuncInst, units, unitsOf } from '../vm/runtime/func.js';
import { ArrayRef, I31Ref, StructRef, arrayLayout, structLayout } from '../vm/runtime/gc-objects.js';
import type { InstanceState } from '../vm/runtime/instance-state.js';
import type { Machine } from '../vm/runtime/machine.js';
import { SnapshotWriter, type SnapshotReader } from './bytes.js';

const NULL = 0;
const FUNC = 1;
const UNDEFINED = 2;
const I31 = 3;
const OBJECT = 4;
const HOST = 5;
const NUMBER = 6;
const STRING = 7;
const BOOLEAN = 8;
const BIGINT = 9;
const HOST_FUNC = 10;

const STRUCT = 1;
const ARRAY = 2;
const EXCEPTION = 3;

/** Where a reference was found, for messages: a table element, a global cell, a stack slot, a unit of a
 *  heap object (then `a` is the object's id), a handle or a segment's element. Built into text only when a
 *  message needs it. */
export const enum At {
  Table,
  Global,
  Stack,
  Object,
  /** A handle of a component instance (`a`) at index `b` (components.ts: a host resource's rep). */
  Handle,
  /** Element `b` of element segment `a % 2^26` of instance `floor(a / 2^26)` (store.ts writeSegments). */
  Segment,
}

type HeapObject = StructRef | ArrayRef | WasmException;

/** @internal Writes references; collects the heap objects, the types they name and the host values. */
export class RefWriter {
  private readonly objects: HeapObject[] = [];
  private readonly ids = new Map<HeapObject, number>();
  /** Where each object was first reached (its path in messages). */
  private readonly from: [At, number, number][] = [];
  private readonly typeIndex = new Map<number, number>();
  private readonly types: [number, number][] = [];
  private typeNames: Map<number, [number, number]> | null = null;
  private readonly tagNames = new Map<TagInst, [number, number]>();
  private readonly hostIndex = new Map<unknown, number>();
  /** New entries of `hostValues`, appended to it once the snapshot is written (a refused one adds none). */
  private readonly added: unknown[] = [];
  /** How many entries of `hostValues` the snapshot needs (the highest index + 1). */
  hostNeed = 0;

  constructor(
    private readonly m: Machine,
    private readonly names: Map<FuncInst, [number, number]>,
    private readonly hostValues: unknown[] | undefined,
  ) {
    // A list given again (one per run of snapshots, say) keeps its indices: values already in it are reused.
    hostValues?.forEach((v, i) => {
      if (!this.hostIndex.has(v)) this.hostIndex.set(v, i);
    });
    m.instances.forEach((st, i) => st.tags.forEach((t, j) => {
      if (!this.tagNames.has(t)) this.tagNames.set(t, [i, j]);
    }));
  }

  /** Writes reference r, found at (at, a, b). */
  ref(w: SnapshotWriter, r: unknown, at: At, a: number, b: number): void {
    if (r === null) return w.u32(NULL);
    switch (typeof r) {
      case 'undefined':
        return w.u32(UNDEFINED);
      case 'number':
        w.u32(NUMBER);
        return w.f64(r);
      case 'string':
        w.u32(STRING);
        return w.str(r);
      case 'boolean':
        w.u32(BOOLEAN);
        return w.u32(r ? 1 : 0);
      case 'bigint':
        w.u32(BIGINT);
        w.u32(r < 0n ? 1 : 0);
        return w.str((r < 0n ? -r : r).toString(16));
    }
    if (r instanceof FuncInst) {
      const n = this.names.get(r);
      if (n !== undefined) {
        w.u32(FUNC);
        w.u32(n[0]);
        return w.u32(n[1]);
      }
      w.u32(HOST_FUNC);
      return w.u32(this.host(refToJS(r), 'a function of no instance in this store', at, a, b));
    }
    if (r instanceof I31Ref) {
      w.u32(I31);
      return w.u32(r.v);
    }
    if (r instanceof StructRef || r instanceof ArrayRef || r instanceof WasmException) {
      let id = this.ids.get(r);
      if (id === undefined && (r instanceof WasmException || this.typeName(r.typeId) !== undefined)) {
        id = this.objects.length;
        this.objects.push(r);
        this.ids.set(r, id);
        this.from.push([at, a, b]);
      }
      if (id !== undefined) {
        w.u32(OBJECT);
        return w.u32(id);
      }
    }
    // (a GC object of a type no instance of the store has comes here too: another store's)
    w.u32(HOST);
    const what = typeof r === 'function' ? 'a JS function' : typeof r === 'symbol' ? 'a symbol'
      : r instanceof StructRef || r instanceof ArrayRef ? 'a GC object of a type no instance of this store has' : 'a JS object';
    w.u32(this.host(r, what, at, a, b));
  }

  /** Whether the caller gave a `hostValues` list. */
  get listing(): boolean {
    return this.hostValues !== undefined;
  }

  /** The index of JS value v in the caller's list (appended when new). */
  private host(v: unknown, what: string, at: At, a: number, b: number): number {
    const list = this.hostValues;
    if (list === undefined) {
      throw new Error(`snapshot: cannot write a reference to a JS value or a function of no instance in this store (${what} at ${this.where(at, a, b)}): pass snapshot(store, { hostValues: [] }) to have such values listed by identity, and the same list to restore(store, bytes, { hostValues })`);
    }
    let i = this.hostIndex.get(v);
    if (i === undefined) {
      i = list.length + this.added.length;
      this.added.push(v);
      this.hostIndex.set(v, i);
    }
    this.hostNeed = Math.max(this.hostNeed, i + 1);
    return i;
  }

  /** (instance, type index) of a type with canonical id `id`, or undefined when no instance has it. */
  private typeName(id: number): [number, number] | undefined {
    if (this.typeNames === null) {
      const names = new Map<number, [number, number]>();
      this.m.instances.forEach((st, i) => st.vm.canonicalTypeIds.forEach((c, x) => {
        if (!names.has(c)) names.set(c, [i, x]);
      }));
      this.typeNames = names;
    }
    return this.typeNames.get(id);
  }

  private typeOf(id: number): number {
    let k = this.typeIndex.get(id);
    if (k === undefined) {
      k = this.types.length;
      this.types.push(this.typeName(id)!);
      this.typeIndex.set(id, k);
    }
    return k;
  }

  /** A reference's path for messages: its root, then the fields it was reached through. */
  private where(at: At, a: number, b: number): string {
    const steps: string[] = [];
    for (;;) {
      if (at === At.Table) return [`table ${a} element ${b}`, ...steps].join(' → ');
      if (at === At.Global) return [`global cell ${a}`, ...steps].join(' → ');
      if (at === At.Stack) return [`stack slot ${a}`, ...steps].join(' → ');
      if (at === At.Handle) return `component instance ${a} handle ${b}`;
      if (at === At.Segment) return [`instance ${Math.floor(a / 2 ** 26)} element segment ${a % 2 ** 26} element ${b}`, ...steps].join(' → ');
      const o = this.objects[a];
      steps.unshift(o instanceof StructRef ? `struct field ${fieldAt(this.m, this.typeName(o.typeId)!, b)}`
        : o instanceof ArrayRef ? `array element ${b / o.esize}` : `exception payload value ${paramAt((o as WasmException).tag.params, b)}`);
      [at, a, b] = this.from[a];
    }
  }

  /**
   * The heap section: walks the objects found so far (and those their fields lead to) into `contents`
   * first, since that finds the rest, then writes the types and the shells to `w` followed by the
   * contents. Then `hostNeed` is final.
   */
  finish(w: SnapshotWriter, contents: SnapshotWriter): void {
    const objects = this.objects;
    for (let id = 0; id < objects.length; id++) {
      const o = objects[id];
      for (let k = 0; k < o.units.length; k++) contents.i32(o.units[k]);
      const refs = o.refs;
      let n = 0;
      if (refs !== null) for (let k = 0; k < refs.length; k++) if (refs[k] !== null) n++;
      contents.u32(n);
      if (refs === null || n === 0) continue;
      for (let k = 0; k < refs.length; k++) {
        if (refs[k] === null) continue;
        contents.u32(k);
        this.ref(contents, refs[k], At.Object, id, k);
      }
    }
    // shells (and with them the types) only now: the walk above is what found every object
    const shells = new SnapshotWriter();
    for (const o of objects) {
      if (o instanceof StructRef) {
        shells.u32(STRUCT);
        shells.u32(this.typeOf(o.typeId));
      } else if (o instanceof ArrayRef) {
        shells.u32(ARRAY);
        shells.u32(this.typeOf(o.typeId));
        shells.u32(o.length);
      } else {
        shells.u32(EXCEPTION);
        const t = this.tagNames.get(o.tag);
        if (t !== undefined) {
          shells.u32(0);
          shells.u32(t[0]);
          shells.u32(t[1]);
        } else {
          shells.u32(1);
          shells.u32(this.host(o.tag, 'the tag (made in JS or of another store) of an exception', ...this.from[this.ids.get(o)!]));
        }
        shells.u32(o instanceof Exception ? 1 : 0);
      }
    }
    w.u32(this.types.length);
    for (const [i, x] of this.types) {
      w.u32(i);
      w.u32(x);
    }
    w.u32(objects.length);
    w.append(shells);
    w.append(contents);
    for (const v of this.added) this.hostValues!.push(v);
  }
}

/** The field index of a struct unit, for messages. */
function fieldAt(m: Machine, [i, x]: [number, number], unit: number): number {
  return structLayout(m.instances[i].vm, x).offsets.indexOf(unit);
}

/** The payload value index of a unit, for messages. */
function paramAt(params: readonly number[], unit: number): number {
  let u = 0;
  for (let j = 0; j < params.length; j++) {
    if (u === unit) return j;
    u += units(params[j]);
  }
  return -1;
}

/** The unit offsets of the reference-typed values among `types`. */
function refUnits(types: readonly number[], offsets?: readonly number[]): Set<number> {
  const s = new Set<number>();
  let u = 0;
  types.forEach((t, k) => {
    if (isRefType(t)) s.add(offsets === undefined ? u : offsets[k]);
    u += units(t);
  });
  return s;
}

function bad(what: string): Error {
  return new Error(`restore: bad snapshot (${what})`);
}

/**
 * @internal Reads references of a snapshot; for "PWS3", the heap section (`readHeap`) before any reference
 * to an object. Changes nothing of the store.
 */
export class RefReader {
  private objects: HeapObject[] = [];
  private readonly hostValues: readonly unknown[];

  /** `need`: the entries of `hostValues` the snapshot says it needs (checked here, before anything else). */
  constructor(private readonly instances: readonly InstanceState[], hostValues: readonly unknown[] | undefined, private readonly need: number) {
    if (need > 0 && hostValues === undefined) {
      throw new Error(`restore: the snapshot refers to JS values by index in the \`hostValues\` list its snapshot call filled (${need} entries): pass restore(store, bytes, { hostValues }) with that list (or one of equivalent values in the same order)`);
    }
    if (hostValues !== undefined && hostValues.length < need) {
      throw new Error(`restore: the snapshot needs ${need} entries of \`hostValues\`, the list given has ${hostValues.length}`);
    }
    this.hostValues = hostValues ?? [];
  }

  /** The heap section ("PWS3"): makes every object, so that references to them resolve. */
  readHeap(r: SnapshotReader): void {
    const nt = r.u32();
    const types: { vm: InstanceState['vm']; x: number; kind: string }[] = [];
    for (let k = 0; k < nt; k++) {
      const i = r.u32();
      const x = r.u32();
      const vm = this.instances[i]?.vm;
      const kind = vm?.module.types[x]?.composite.kind;
      if (kind !== 'struct' && kind !== 'array') throw bad(`type ${k} names no struct or array type of this store`);
      types.push({ vm: vm!, x, kind });
    }
    const n = r.u32();
    // What each object's contents hold: its units and the units where a reference may be.
    const refAt: Set<number>[] = [];
    const objects: HeapObject[] = [];
    const typeOf = (kind: string): (typeof types)[number] => {
      const t = types[r.u32()];
      if (t === undefined || t.kind !== kind) throw bad(`object ${objects.length} is of no ${kind} type`);
      return t;
    };
    for (let id = 0; id < n; id++) {
      const kind = r.u32();
      if (kind === STRUCT) {
        const t = typeOf('struct');
        const l = structLayout(t.vm, t.x);
        objects.push(new StructRef(l.typeId, new Int32Array(l.units), l.hasRefs ? new Array<unknown>(l.units).fill(null) : null));
        refAt.push(refUnits(l.types, l.offsets));
        if (l.units > r.remaining() / 4) throw new Error('restore: the snapshot is truncated');
      } else if (kind === ARRAY) {
        const t = typeOf('array');
        const l = arrayLayout(t.vm, t.x);
        const length = r.u32();
        // (its units follow in the contents: a length the bytes cannot hold is refused before allocating)
        if (length * l.esize > r.remaining() / 4) throw bad(`array ${id} is longer than the snapshot`);
        objects.push(new ArrayRef(l.typeId, length, l.esize, new Int32Array(length * l.esize), l.isRef ? new Array<unknown>(length * l.esize).fill(null) : null));
        refAt.push(l.isRef ? ARRAY_REFS : NO_REFS);
      } else if (kind === EXCEPTION) {
        const form = r.u32();
        let tag: unknown;
        if (form === 0) {
          const i = r.u32();
          tag = this.instances[i]?.tags[r.u32()];
        } else if (form === 1) {
          const i = r.u32();
          if (i >= this.need) throw bad(`exception ${id}'s tag names entry ${i} of \`hostValues\`, past the ${this.need} the snapshot declared`);
          tag = this.hostValues[i];
          if (!(tag instanceof TagInst)) throw new Error(`restore: exception ${id}'s tag is an entry of \`hostValues\` that is no tag (a WebAssembly Tag was listed there)`);
        }
        if (!(tag instanceof TagInst)) throw bad(`exception ${id} names no tag of this store`);
        const nu = unitsOf(tag.params);
        const js = r.u32();
        const args: [TagInst, Int32Array, unknown[]] = [tag, new Int32Array(nu), new Array<unknown>(nu).fill(null)];
        objects.push(js === 1 ? Reflect.construct(WasmException, args, Exception) as WasmException : new WasmException(...args));
        refAt.push(refUnits(tag.params));
      } else throw bad(`object ${id} is of no kind`);
    }
    this.objects = objects;
    for (let id = 0; id < n; id++) {
      const o = objects[id];
      const u = o.units;
      for (let k = 0; k < u.length; k++) u[k] = r.i32();
      const nr = r.u32();
      for (let k = 0; k < nr; k++) {
        const unit = r.u32();
        const ok = refAt[id] === ARRAY_REFS ? unit < u.length && unit % (o as ArrayRef).esize === 0 : refAt[id].has(unit);
        if (!ok) throw bad(`object ${id} has a reference where it holds none (unit ${unit})`);
        o.refs![unit] = this.ref(r);
      }
    }
  }

  ref(r: SnapshotReader): unknown {
    const kind = r.u32();
    switch (kind) {
      case NULL:
        return null;
      case FUNC: {
        const i = r.u32();
        const f = this.instances[i]?.funcs[r.u32()];
        if (f === undefined) throw bad('a function reference names no function of this store');
        return f;
      }
      case UNDEFINED:
        return undefined;
      case I31:
        return new I31Ref(r.u32() & 0x7fffffff);
      case OBJECT: {
        const o = this.objects[r.u32()];
        if (o === undefined) throw bad('a reference names no object of the snapshot');
        return o;
      }
      case HOST:
      case HOST_FUNC: {
        const i = r.u32();
        if (i >= this.need) throw bad(`a reference names entry ${i} of \`hostValues\`, past the ${this.need} the snapshot declared`);
        const v = this.hostValues[i];
        if (kind === HOST) return v;
        const f = typeof v === 'function' ? funcOfJS.get(v) : undefined;
        if (f === undefined) throw new Error(`restore: entry ${i} of \`hostValues\` stands for a function reference but is no WebAssembly function (an exported function of an instance)`);
        return f;
      }
      case NUMBER:
        return r.f64();
      case STRING:
        return r.str();
      case BOOLEAN:
        return r.u32() !== 0;
      case BIGINT: {
        const negative = r.u32() === 1;
        const digits = r.str();
        if (!/^[0-9a-f]+$/.test(digits)) throw bad('a bigint');
        const v = BigInt('0x' + digits);
        return negative ? -v : v;
      }
    }
    throw bad(`reference kind ${kind}`);
  }
}

// (an array's references may be at any element: a marker instead of a set of every element)
const ARRAY_REFS = new Set<number>();
const NO_REFS = new Set<number>();
