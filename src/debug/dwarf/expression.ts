// The C-like expressions a user types at a stop: x, p->m, s.m, *p, &x, a[k], str(p), integer literals,
// + and - (integers, pointer ± integer, pointer - pointer), parentheses. Parsed into a small tree; evaluated by values.ts against DWARF variables.
import { DebugInfoError } from '../source-info.js';

export type Expr =
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'int'; readonly value: bigint }
  | { readonly k: 'member'; readonly of: Expr; readonly member: string; readonly arrow: boolean }
  | { readonly k: 'index'; readonly of: Expr; readonly index: Expr }
  | { readonly k: 'deref'; readonly of: Expr }
  | { readonly k: 'addr'; readonly of: Expr }
  | { readonly k: 'neg'; readonly of: Expr }
  | { readonly k: 'str'; readonly of: Expr }
  | { readonly k: 'add' | 'sub'; readonly left: Expr; readonly right: Expr };

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)|([A-Za-z_$][A-Za-z0-9_$]*(?:::[A-Za-z_$][A-Za-z0-9_$]*)*)|(->|[.[\]()*&+-]))/y;

export function parseExpression(text: string): Expr {
  const tokens: { t: 'num' | 'id' | 'p'; v: string; at: number }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new DebugInfoError(`cannot parse expression "${text}" at column ${pos + 1}`);
    const at = m.index + m[0].length - (m[1] ?? m[2] ?? m[3]).length;
    if (m[1] !== undefined) tokens.push({ t: 'num', v: m[1], at });
    else if (m[2] !== undefined) tokens.push({ t: 'id', v: m[2], at });
    else tokens.push({ t: 'p', v: m[3], at });
    pos = TOKEN.lastIndex;
  }
  let i = 0;
  const peek = (v: string): boolean => tokens[i]?.t === 'p' && tokens[i].v === v;
  const fail = (what: string): never => {
    const at = tokens[i]?.at ?? text.length;
    throw new DebugInfoError(`${what} in expression "${text}" at column ${at + 1}`);
  };
  const expect = (v: string): void => {
    if (!peek(v)) fail(`expected "${v}"`);
    i++;
  };
  const additive = (): Expr => {
    let e = unary();
    while (peek('+') || peek('-')) {
      const k = tokens[i].v === '+' ? 'add' : 'sub';
      i++;
      e = { k, left: e, right: unary() };
    }
    return e;
  };
  const unary = (): Expr => {
    if (peek('*')) { i++; return { k: 'deref', of: unary() }; }
    if (peek('&')) { i++; return { k: 'addr', of: unary() }; }
    if (peek('-')) { i++; return { k: 'neg', of: unary() }; }
    return postfix();
  };
  const primary = (): Expr => {
    const tok = tokens[i];
    if (!tok) return fail('unexpected end');
    if (tok.t === 'num') { i++; return { k: 'int', value: BigInt(tok.v) }; }
    if (tok.t === 'id') {
      i++;
      if (tok.v === 'str' && peek('(')) {
        i++;
        const of = additive();
        expect(')');
        return { k: 'str', of };
      }
      return { k: 'name', name: tok.v };
    }
    if (peek('(')) {
      i++;
      const e = additive();
      expect(')');
      return e;
    }
    return fail(`unexpected "${tok.v}"`);
  };
  const postfix = (): Expr => {
    let e = primary();
    for (;;) {
      if (peek('.') || peek('->')) {
        const arrow = tokens[i].v === '->';
        i++;
        const tok = tokens[i];
        if (tok?.t !== 'id' && tok?.t !== 'num') fail('expected a member name');
        i++;
        e = { k: 'member', of: e, member: tok.v, arrow };
      } else if (peek('[')) {
        i++;
        const index = additive();
        expect(']');
        e = { k: 'index', of: e, index };
      } else return e;
    }
  };
  const e = additive();
  if (i < tokens.length) fail(`unexpected "${tokens[i].v}"`);
  return e;
}
