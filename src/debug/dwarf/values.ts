// Variables in scope at a pc and expressions over them: location expressions run against the paused
// frame (FrameAccess), values rendered by render.ts.
import type { FrameAccess, VariableView } from '../source-info.js';
import { DebugInfoError } from '../source-info.js';
import { DW_AT, DW_TAG } from './constants.js';
import type { Expr } from './expression.js';
import { parseExpression } from './expression.js';
import { bytesOf, describeLocation, evaluateLocation } from './location.js';
import type { ExprContext, Location } from './location.js';
import { bytesSource, isCharType, memberOffset, memorySource, quote, readCString, Renderer, sourceOf } from './render.js';
import type { Source } from './render.js';
import type { Scopes } from './scopes.js';
import { num } from './types.js';
import { Types } from './types.js';
import type { DebugInfo, Die } from './units.js';

/** A typed value being evaluated: its type DIE and where its bytes are (undefined: optimized out). */
interface Val {
  readonly name: string;
  readonly type: Die | undefined;
  readonly src: Source | undefined;
  readonly location: string;
  /** Set for integer literals and computed integers (no DWARF type). */
  readonly int?: bigint;
}

export class Values {
  private readonly info: DebugInfo;
  private readonly scopes: Scopes;
  private readonly types: Types;
  private globals: Map<string, Die> | undefined;

  constructor(info: DebugInfo, scopes: Scopes) {
    this.info = info;
    this.scopes = scopes;
    this.types = new Types(info);
  }

  /** The variable DIEs in scope at pc for source frame `depth`, in DIE order, and the subprogram. */
  private scopeAt(pc: number, depth: number): { vars: Die[]; subprogram: Die } | undefined {
    const chain = this.scopes.chainAt(pc);
    if (chain.length === 0) return undefined;
    const instances = chain.filter((d) => d.tag !== DW_TAG.lexical_block).reverse(); // innermost first
    const inst = instances[depth];
    if (!inst) return undefined;
    const vars: Die[] = [];
    const walk = (d: Die): void => {
      for (const c of d.children) {
        if (c.tag === DW_TAG.formal_parameter || c.tag === DW_TAG.variable) vars.push(c);
        else if (c.tag === DW_TAG.lexical_block && this.scopes.contains(c, pc)) walk(c);
      }
    };
    walk(inst);
    return { vars, subprogram: chain[0] };
  }

  private context(subprogram: Die, pc: number, frame: FrameAccess): ExprContext {
    const info = this.info;
    let base: bigint | undefined;
    return {
      frame,
      addressSize: subprogram.unit.addressSize,
      addrx: (i) => info.addrx(subprogram.unit, i),
      frameBase: () => {
        if (base !== undefined) return base;
        const fb = subprogram.attrs.get(DW_AT.frame_base);
        const expr = fb && info.locationAt(subprogram, fb, pc);
        if (!expr) throw new DebugInfoError(`no frame base at pc 0x${pc.toString(16)}`);
        // The frame base's own expression cannot use DW_OP_fbreg (bad DWARF would recurse forever).
        const inner: ExprContext = {
          ...this.context(subprogram, pc, frame),
          frameBase: () => { throw new DebugInfoError('DW_AT_frame_base uses DW_OP_fbreg'); },
        };
        const loc = evaluateLocation(expr, inner, 'DW_AT_frame_base');
        if (loc.k === 'memory') base = BigInt(loc.address);
        else if (loc.k === 'value') base = BigInt.asUintN(64, readLE(loc.bytes));
        else throw new DebugInfoError('unsupported frame base location');
        return base;
      },
    };
  }

  /** A variable DIE as a typed value at pc. */
  private variable(v: Die, subprogram: Die | undefined, pc: number, frame: FrameAccess): Val {
    const name = this.scopes.name(v) ?? '<anonymous>';
    const t = this.scopes.attr(v, DW_AT.type);
    const type = t ? this.info.deref(t.value) : undefined;
    const locAttr = v.attrs.get(DW_AT.location);
    if (locAttr) {
      const expr = this.info.locationAt(v, locAttr, pc);
      if (!expr) return { name, type, src: undefined, location: '<optimized out>' };
      const location = describeLocation(expr, v.unit.addressSize);
      const ctxDie = subprogram ?? v.unit.root;
      let loc: Location;
      try {
        loc = evaluateLocation(expr, this.context(ctxDie, pc, frame));
      } catch (e) {
        if (!(e instanceof DebugInfoError)) throw e;
        return { name, type, location, src: { read: () => { throw e; } } };
      }
      return { name, type, src: sourceOf(loc, frame), location };
    }
    const cv = this.scopes.attr(v, DW_AT.const_value)?.value;
    if (cv) {
      const size = this.types.size(type) || 8;
      const bytes = cv.k === 'block' ? cv.v : cv.k === 'sdata' || cv.k === 'data' || cv.k === 'udata'
        ? bytesOf(BigInt(cv.v), size) : new Uint8Array(size);
      return { name, type, src: bytesSource(bytes), location: 'DW_AT_const_value' };
    }
    return { name, type, src: undefined, location: '<optimized out>' };
  }

  variablesAt(pc: number, depth: number, frame: FrameAccess): VariableView[] {
    const scope = this.scopeAt(pc, depth);
    if (!scope) return [];
    const r = new Renderer(this.info, this.types, frame);
    return scope.vars.map((v) => {
      const val = this.variable(v, scope.subprogram, pc, frame);
      return r.view(val.name, val.type, val.src, val.location);
    });
  }

  evaluate(expression: string, pc: number, frame: FrameAccess): VariableView {
    const ast = parseExpression(expression);
    const r = new Renderer(this.info, this.types, frame);
    const v = this.eval(ast, pc, frame, r);
    if (v.int !== undefined) return { ...Renderer.literal(v.int), name: expression };
    if (v.type === undefined && v.location === 'str') {
      return { name: expression, type: 'char *', value: v.name, location: 'str' };
    }
    return { ...r.view(expression, v.type, v.src, v.location), name: expression };
  }

  private eval(e: Expr, pc: number, frame: FrameAccess, r: Renderer): Val {
    switch (e.k) {
      case 'int': return { name: `${e.value}`, type: undefined, src: undefined, location: 'literal', int: e.value };
      case 'neg': {
        const v = this.integer(this.eval(e.of, pc, frame, r));
        return { name: `-${v}`, type: undefined, src: undefined, location: 'literal', int: -v };
      }
      case 'name': return this.lookup(e.name, pc, frame);
      case 'add': case 'sub': return this.arith(e.k, this.eval(e.left, pc, frame, r), this.eval(e.right, pc, frame, r));
      case 'member': {
        let base = this.eval(e.of, pc, frame, r);
        if (e.arrow) base = this.deref(base, frame);
        const t = this.types.strip(base.type);
        if (!t || (t.tag !== DW_TAG.structure_type && t.tag !== DW_TAG.union_type && t.tag !== DW_TAG.class_type)) {
          throw new DebugInfoError(`"${base.name}" is not a struct or union (${this.types.name(base.type)})`);
        }
        const m = t.children.find((c) => c.tag === DW_TAG.member && this.types.nameOf(c) === e.member);
        if (!m) throw new DebugInfoError(`${this.types.name(base.type)} has no member "${e.member}"`);
        const off = memberOffset(m);
        return { name: `${base.name}${e.arrow ? '->' : '.'}${e.member}`, type: this.types.target(m), src: this.offset(base, off, frame), location: `+${off}` };
      }
      case 'deref': return this.deref(this.eval(e.of, pc, frame, r), frame);
      case 'addr': {
        const v = this.eval(e.of, pc, frame, r);
        if (v.src?.address === undefined) throw new DebugInfoError(`"${v.name}" has no address`);
        return { name: `&${v.name}`, type: undefined, src: undefined, location: 'literal', int: BigInt(v.src.address) };
      }
      case 'index': {
        const base = this.eval(e.of, pc, frame, r);
        const k = Number(this.integer(this.eval(e.index, pc, frame, r)));
        const t = this.types.strip(base.type);
        if (t?.tag === DW_TAG.array_type) {
          const elem = this.types.target(t);
          const [, ...rest] = this.types.dimensions(t);
          if (rest.length > 0) throw new DebugInfoError('indexing a multi-dimensional array is not supported yet');
          const size = this.types.size(elem);
          return { name: `${base.name}[${k}]`, type: elem, src: this.offset(base, k * size, frame), location: `+${k * size}` };
        }
        if (t?.tag === DW_TAG.pointer_type) {
          const elem = this.types.target(t);
          const addr = this.pointerValue(base);
          const at = (addr + k * this.types.size(elem)) >>> 0;
          return { name: `${base.name}[${k}]`, type: elem, src: memorySource(frame, at), location: `0x${at.toString(16)}` };
        }
        throw new DebugInfoError(`"${base.name}" is not an array or pointer (${this.types.name(base.type)})`);
      }
      case 'str': {
        const v = this.eval(e.of, pc, frame, r);
        const t = this.types.strip(v.type);
        let src: Source;
        if (t?.tag === DW_TAG.pointer_type && isCharType(this.types, this.types.target(t))) src = memorySource(frame, this.pointerValue(v));
        else if (t?.tag === DW_TAG.array_type && isCharType(this.types, this.types.target(t)) && v.src) src = v.src;
        else throw new DebugInfoError(`str() needs a char pointer or array, "${v.name}" is ${this.types.name(v.type)}`);
        return { name: quote(readCString(src)), type: undefined, src: undefined, location: 'str' };
      }
    }
  }

  /** + and - as C does them: integers, pointer ± integer (scaled by the pointee size), pointer - pointer. */
  private arith(op: 'add' | 'sub', a: Val, b: Val): Val {
    const name = `${a.name} ${op === 'add' ? '+' : '-'} ${b.name}`;
    const pa = this.types.strip(a.type)?.tag === DW_TAG.pointer_type;
    const pb = this.types.strip(b.type)?.tag === DW_TAG.pointer_type;
    const scale = (p: Val): number => this.types.size(this.types.target(this.types.strip(p.type) as Die)) || 1;
    if (pa && pb) {
      if (op === 'add') throw new DebugInfoError(`cannot add two pointers (${name})`);
      const diff = BigInt(this.pointerValue(a) - this.pointerValue(b)) / BigInt(scale(a));
      return { name, type: undefined, src: undefined, location: 'literal', int: diff };
    }
    if (pa || (pb && op === 'add')) {
      const [p, n] = pa ? [a, b] : [b, a];
      const k = Number(this.integer(n)) * (op === 'sub' ? -1 : 1);
      const addr = (this.pointerValue(p) + k * scale(p)) >>> 0;
      return { name, type: p.type, src: bytesSource(bytesOf(BigInt(addr), p.type ? this.types.size(p.type) || 4 : 4)), location: 'computed' };
    }
    const x = this.integer(a), y = this.integer(b);
    return { name, type: undefined, src: undefined, location: 'literal', int: BigInt.asIntN(64, op === 'add' ? x + y : x - y) };
  }

  private integer(v: Val): bigint {
    if (v.int !== undefined) return v.int;
    const t = this.types.strip(v.type);
    if (!v.src) throw new DebugInfoError(`"${v.name}" is optimized out`);
    if (t?.tag === DW_TAG.pointer_type) return BigInt(this.pointerValue(v));
    if (t?.tag !== DW_TAG.base_type && t?.tag !== DW_TAG.enumeration_type) throw new DebugInfoError(`"${v.name}" is not an integer`);
    const size = this.types.size(t) || 4;
    return BigInt.asIntN(size * 8, readLE(v.src.read(0, size)));
  }

  private pointerValue(v: Val): number {
    if (!v.src) throw new DebugInfoError(`"${v.name}" is optimized out`);
    const size = this.types.size(this.types.strip(v.type)) || 4;
    return Number(readLE(v.src.read(0, size)) & 0xffff_ffffn);
  }

  private deref(v: Val, frame: FrameAccess): Val {
    const t = this.types.strip(v.type);
    if (t?.tag === DW_TAG.pointer_type || t?.tag === DW_TAG.reference_type || t?.tag === DW_TAG.rvalue_reference_type) {
      const addr = this.pointerValue(v);
      const target = this.types.target(t);
      if (!target) throw new DebugInfoError(`cannot dereference "${v.name}": it points to void`);
      return { name: `*${v.name}`, type: target, src: memorySource(frame, addr), location: `0x${addr.toString(16)}` };
    }
    if (t?.tag === DW_TAG.array_type) return { name: `*${v.name}`, type: this.types.target(t), src: v.src, location: v.location };
    throw new DebugInfoError(`cannot dereference "${v.name}" (${this.types.name(v.type)})`);
  }

  private offset(v: Val, off: number, frame: FrameAccess): Source | undefined {
    const src = v.src;
    if (!src) return undefined;
    if (src.address !== undefined) return memorySource(frame, src.address + off);
    return { read: (o, l) => src.read(off + o, l) };
  }

  /** A name: innermost-frame variables at pc (later, inner declarations shadow), then globals. */
  private lookup(name: string, pc: number, frame: FrameAccess): Val {
    const scope = this.scopeAt(pc, 0);
    if (scope) {
      for (let i = scope.vars.length - 1; i >= 0; i--) {
        if (this.scopes.name(scope.vars[i]) === name) return this.variable(scope.vars[i], scope.subprogram, pc, frame);
      }
    }
    const g = this.globalNamed(name);
    if (g) return this.variable(g, undefined, pc, frame);
    throw new DebugInfoError(`no variable named "${name}" in scope at pc 0x${pc.toString(16)} or among globals`);
  }

  /** Global variables (unit level, in namespaces, or static members with a location), by name. */
  private globalNamed(name: string): Die | undefined {
    if (!this.globals) {
      const map = new Map<string, Die>();
      const walk = (d: Die, prefix: string): void => {
        for (const c of d.children) {
          if (c.tag === DW_TAG.variable && c.attrs.has(DW_AT.location)) {
            const n = this.scopes.name(c);
            if (n === undefined) continue;
            if (!map.has(n)) map.set(n, c);
            if (prefix && !map.has(`${prefix}${n}`)) map.set(`${prefix}${n}`, c);
          } else if (c.tag === DW_TAG.namespace) {
            walk(c, `${prefix}${this.scopes.name(c) ?? ''}::`);
          }
        }
      };
      for (const u of this.info.units) {
        const root = this.info.tree(u).get(u.root.offset);
        if (root) walk(root, '');
      }
      this.globals = map;
    }
    return this.globals.get(name);
  }
}

function readLE(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}
