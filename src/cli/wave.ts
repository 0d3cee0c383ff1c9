// WAVE (the WebAssembly Value Encoding wasmtime's `--invoke` uses) for component values: parse a call
// `name(arg, …)` against the function's parameter types into the JS values of the dynamic API, and print
// results back as WAVE. Bad literals are errors that say what was expected and where.
//
//   bool true/false · integers -12 · floats 1.5, -inf, nan · chars 'x' · strings "a\n\u{1F600}"
//   lists [a, b] · tuples (a, b) · records {field: v} (option fields may be left out) · variants case(v)
//   · enums case · options some(v)/none · results ok(v)/err(v) · flags {a, b}
import type { ValueType } from '../component/value-types.js';
import { toLowerCamelCase } from '../abi/names.js';
import { typedArrayFor } from '../abi/typed-lists.js';

export class WaveError extends Error {
  override name = 'WaveError';
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  u8: [0n, 255n], s8: [-128n, 127n], u16: [0n, 65535n], s16: [-32768n, 32767n],
  u32: [0n, 0xffffffffn], s32: [-0x80000000n, 0x7fffffffn],
  u64: [0n, 0xffffffffffffffffn], s64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(what: string): never {
    const near = this.text.slice(this.pos, this.pos + 20);
    throw new WaveError(`expected ${what} at offset ${this.pos}${near ? ` (near ${JSON.stringify(near)})` : ' (end of input)'}`);
  }
  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }
  peek(): string {
    this.ws();
    return this.text[this.pos] ?? '';
  }
  eat(c: string): boolean {
    if (this.peek() === c) {
      this.pos++;
      return true;
    }
    return false;
  }
  expect(c: string): void {
    if (!this.eat(c)) this.fail(`'${c}'`);
  }
  /** A kebab-case label (`%` escapes a keyword, as in WIT). */
  label(): string {
    this.ws();
    const m = /^%?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)/i.exec(this.text.slice(this.pos));
    if (!m) this.fail('a name');
    this.pos += m[0].length;
    return m[1];
  }
  /** Items between `open` and `close`, separated by commas (a trailing comma is allowed). */
  seq(open: string, close: string, item: () => void): void {
    this.expect(open);
    if (this.eat(close)) return;
    for (;;) {
      item();
      if (this.eat(close)) return;
      this.expect(',');
      if (this.eat(close)) return;
    }
  }
  number(): string {
    this.ws();
    const m = /^[+-]?(?:inf|nan|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(this.text.slice(this.pos));
    if (!m) this.fail('a number');
    this.pos += m[0].length;
    return m[0];
  }
  quoted(q: string): string {
    this.ws();
    if (this.text[this.pos] !== q) this.fail(q === '"' ? 'a string' : 'a char');
    this.pos++;
    let s = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined) this.fail(`closing ${q}`);
      if (c === q) return s;
      if (c !== '\\') {
        s += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
      if (e in simple) s += simple[e];
      else if (e === 'u') {
        const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(this.text.slice(this.pos));
        if (!m) this.fail('\\u{HEX}');
        const cp = parseInt(m[1], 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('a Unicode scalar value');
        s += String.fromCodePoint(cp);
        this.pos += m[0].length;
      } else this.fail('an escape (\\n \\t \\r \\\\ \\\' \\" \\u{…})');
    }
  }

  value(t: ValueType): unknown {
    switch (t.kind) {
      case 'bool': {
        const l = this.label();
        if (l === 'true') return true;
        if (l === 'false') return false;
        this.pos -= l.length;
        return this.fail('true or false');
      }
      case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32': case 'u64': case 's64': {
        this.ws();
        const m = /^[+-]?[0-9]+(?![0-9.eE]|inf|nan)/.exec(this.text.slice(this.pos));
        if (!m) this.fail(`an integer (${t.kind})`);
        this.pos += m[0].length;
        const s = m[0];
        const v = BigInt(s);
        const [lo, hi] = INT_RANGES[t.kind];
        if (v < lo || v > hi) throw new WaveError(`${s} is out of range for ${t.kind}`);
        return t.kind === 'u64' || t.kind === 's64' ? v : Number(v);
      }
      case 'f32': case 'f64': {
        const s = this.number();
        const body = s.replace(/^[+-]/, '');
        const v = body === 'inf' ? Infinity : body === 'nan' ? NaN : Number(body);
        return s.startsWith('-') ? -v : v;
      }
      case 'char': {
        const s = this.quoted("'");
        if ([...s].length !== 1) throw new WaveError(`a char is one character, got '${s}'`);
        return s;
      }
      case 'string':
        return this.quoted('"');
      case 'list': {
        const items: unknown[] = [];
        this.seq('[', ']', () => items.push(this.value(t.element)));
        if (t.length !== undefined && items.length !== t.length) throw new WaveError(`expected ${t.length} elements, got ${items.length}`);
        const ctor = t.element.kind === 'list' ? undefined : typedArrayFor(t.element.kind);
        return ctor === undefined ? items : (ctor as unknown as { from(a: unknown[]): unknown }).from(items);
      }
      case 'tuple': {
        const items: unknown[] = [];
        let i = 0;
        this.seq('(', ')', () => {
          if (i >= t.elements.length) this.fail(`')' after ${t.elements.length} elements`);
          items.push(this.value(t.elements[i++]));
        });
        if (items.length !== t.elements.length) throw new WaveError(`expected a tuple of ${t.elements.length}, got ${items.length}`);
        return items;
      }
      case 'record': {
        const out: Record<string, unknown> = {};
        const seen = new Set<string>();
        this.seq('{', '}', () => {
          const name = this.label();
          const f = t.fields.find((x) => x.name === name);
          if (f === undefined) throw new WaveError(`unknown field ${name} (fields: ${t.fields.map((x) => x.name).join(', ')})`);
          this.expect(':');
          out[toLowerCamelCase(name)] = this.value(f.type);
          seen.add(name);
        });
        for (const f of t.fields) {
          if (!seen.has(f.name) && f.type.kind !== 'option') throw new WaveError(`missing field ${f.name}`);
        }
        return out;
      }
      case 'variant': {
        const name = this.label();
        const c = t.cases.find((x) => x.name === name);
        if (c === undefined) throw new WaveError(`unknown case ${name} (cases: ${t.cases.map((x) => x.name).join(', ')})`);
        if (c.type === undefined) return { tag: name };
        this.expect('(');
        const val = this.value(c.type);
        this.expect(')');
        return { tag: name, val };
      }
      case 'enum': {
        const name = this.label();
        if (!t.names.includes(name)) throw new WaveError(`unknown case ${name} (cases: ${t.names.join(', ')})`);
        return name;
      }
      case 'option': {
        const name = this.label();
        const nested = t.element.kind === 'option';
        if (name === 'none') return nested ? { tag: 'none' } : undefined;
        if (name !== 'some') throw new WaveError(`expected some(…) or none, got ${name}`);
        this.expect('(');
        const val = this.value(t.element);
        this.expect(')');
        return nested ? { tag: 'some', val } : val;
      }
      case 'result': {
        const name = this.label();
        if (name !== 'ok' && name !== 'err') throw new WaveError(`expected ok or err, got ${name}`);
        const payload = name === 'ok' ? t.ok : t.err;
        if (payload === undefined) return { tag: name };
        this.expect('(');
        const val = this.value(payload);
        this.expect(')');
        return { tag: name, val };
      }
      case 'flags': {
        const out: Record<string, boolean> = {};
        for (const n of t.names) out[toLowerCamelCase(n)] = false;
        this.seq('{', '}', () => {
          const name = this.label();
          if (!t.names.includes(name)) throw new WaveError(`unknown flag ${name} (flags: ${t.names.join(', ')})`);
          out[toLowerCamelCase(name)] = true;
        });
        return out;
      }
      default:
        throw new WaveError(`values of type ${t.kind} cannot be written on the command line`);
    }
  }
}

/** Parses `name(args…)` (or a bare `name` for no arguments): the name and the argument text. */
export function splitCall(text: string): { name: string; args: string | undefined } {
  const m = /^\s*([^\s(]+)\s*(?:\((.*)\))?\s*$/s.exec(text);
  if (!m) throw new WaveError(`cannot parse ${JSON.stringify(text)}: expected NAME or NAME(ARGS)`);
  return { name: m[1], args: m[2] };
}

/** The arguments of a call, parsed against the parameter types. */
export function parseWaveArgs(text: string, types: readonly ValueType[]): unknown[] {
  const p = new Parser(`(${text})`);
  const out: unknown[] = [];
  p.seq('(', ')', () => {
    if (out.length >= types.length) throw new WaveError(`too many arguments: the function takes ${types.length}`);
    out.push(p.value(types[out.length]));
  });
  p.ws();
  if (p.pos !== p.text.length) p.fail('the end of the arguments');
  if (out.length !== types.length) throw new WaveError(`the function takes ${types.length} arguments, got ${out.length}`);
  return out;
}

/** One value of type `t`, as WAVE. */
export function parseWave(text: string, t: ValueType): unknown {
  const p = new Parser(text);
  const v = p.value(t);
  p.ws();
  if (p.pos !== p.text.length) p.fail('the end of the value');
  return v;
}

function quote(s: string, q: string): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A JS value of type `t` (as the dynamic API returns it) printed as WAVE. */
export function formatWave(v: unknown, t: ValueType): string {
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32': case 'u64': case 's64': return String(v);
    case 'f32': case 'f64': return formatFloat(v as number);
    case 'char': return quote(v as string, "'");
    case 'string': return quote(String(v), '"');
    case 'list': return `[${Array.from(v as ArrayLike<unknown>, (e) => formatWave(e, t.element)).join(', ')}]`;
    case 'tuple': return `(${(v as unknown[]).map((e, i) => formatWave(e, t.elements[i])).join(', ')})`;
    case 'record': {
      const o = v as Record<string, unknown>;
      const parts = t.fields.flatMap((f) => {
        const x = o[toLowerCamelCase(f.name)];
        return f.type.kind === 'option' && x === undefined ? [] : [`${f.name}: ${formatWave(x, f.type)}`];
      });
      return `{${parts.join(', ')}}`;
    }
    case 'variant': {
      const x = v as { tag: string; val?: unknown };
      const c = t.cases.find((k) => k.name === x.tag);
      return c?.type === undefined ? x.tag : `${x.tag}(${formatWave(x.val, c.type)})`;
    }
    case 'enum': return String(v);
    case 'option': {
      if (t.element.kind === 'option') {
        const x = v as { tag: string; val?: unknown };
        return x.tag === 'none' ? 'none' : `some(${formatWave(x.val, t.element)})`;
      }
      return v === undefined ? 'none' : `some(${formatWave(v, t.element)})`;
    }
    case 'result': {
      const x = v as { tag: 'ok' | 'err'; val?: unknown };
      const payload = x.tag === 'ok' ? t.ok : t.err;
      return payload === undefined ? x.tag : `${x.tag}(${formatWave(x.val, payload)})`;
    }
    case 'flags': {
      const o = v as Record<string, boolean>;
      return `{${t.names.filter((n) => o[toLowerCamelCase(n)]).join(', ')}}`;
    }
    case 'own': case 'borrow': return `<resource ${t.resource.name}>`;
    default: return `<${t.kind}>`;
  }
}
