// The JS API's exception objects, against Node's own WebAssembly: tags made in JS (`Tag`), exceptions made
// in JS (`Exception`) thrown into wasm by a host function, and `is` / `getArg` on exceptions either side made.
import { describe, expect, it } from 'vitest';
import { Exception, Instance, LinkError, Module, Tag, WasmException } from '../../src/index.js';
import { PACKS } from '../packs.js';
import { NodeWasm } from './wasm-builder.js';

function str(s: string): number[] {
  const b = Array.from(Buffer.from(s, 'utf8'));
  return [b.length, ...b];
}
function section(id: number, payload: number[]): number[] {
  return [id, payload.length, ...payload];
}
function body(locals: number[], code: number[]): number[] {
  const b = [...locals, ...code, 0x0b];
  return [b.length, ...b];
}

// (type 0 (func (param i32 i64 f32 f64 externref)))  (type 1 (func (param i32 f64)))
// (type 2 (func (result f64)))  (type 3 (func))
// (import "env" "tag" (tag $j (type 1)))  (import "env" "host" (func $host (type 3)))
// (tag $t (type 0)) (export "t" (tag $t))
// (func (export "throwAll") (type 0) local.get 0 … local.get 4 throw $t)
// (func (export "catchJs") (result f64) (local f64)
//   try (result f64) call $host f64.const 0 catch $j local.set 0 f64.convert_i32_s local.get 0 f64.add end)
// Legacy try/catch: Node 20's V8 runs no try_table.
const bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [4, 0x60, 5, 0x7f, 0x7e, 0x7d, 0x7c, 0x6f, 0, 0x60, 2, 0x7f, 0x7c, 0, 0x60, 0, 1, 0x7c, 0x60, 0, 0]),
  ...section(2, [2, ...str('env'), ...str('tag'), 0x04, 0x00, 1, ...str('env'), ...str('host'), 0x00, 3]),
  ...section(3, [2, 0, 2]),
  ...section(13, [1, 0x00, 0]),
  ...section(7, [3, ...str('t'), 0x04, 1, ...str('throwAll'), 0x00, 1, ...str('catchJs'), 0x00, 2]),
  ...section(10, [2,
    ...body([0], [0x20, 0, 0x20, 1, 0x20, 2, 0x20, 3, 0x20, 4, 0x08, 1]),
    ...body([1, 1, 0x7c], [0x06, 0x7c, 0x10, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x07, 0, 0x21, 0, 0xb7, 0x20, 0, 0xa0, 0x0b]),
  ]),
]);

/** One engine as the tests drive it: the JS API's Tag, Exception and a module instantiated with imports. */
interface Engine {
  Tag: new (desc: { parameters: string[] }) => object;
  Exception: new (tag: object, payload: unknown[]) => { is(t: object): boolean; getArg(t: object, i: number): unknown };
  instantiate(imports: Record<string, Record<string, unknown>>): Record<string, any>;
}

const engines: Record<string, Engine> = {
  purewasm: {
    Tag: Tag as never,
    Exception: Exception as never,
    instantiate: (imports) => new Instance(new Module(bytes, PACKS), imports as never).exports,
  },
  node: {
    Tag: NodeWasm.Tag,
    Exception: NodeWasm.Exception,
    instantiate: (imports) => new NodeWasm.Instance(new NodeWasm.Module(bytes), imports).exports,
  },
};

/** What `f` returns, or the class of what it throws. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `threw ${(e as Error).constructor.name === 'LinkError' || e instanceof LinkError ? 'LinkError' : (e as Error).constructor.name}`;
  }
}

/** Runs `scenario` in both engines and expects the same outcome. */
function agree(scenario: (e: Engine) => unknown): unknown {
  const ours = outcome(() => scenario(engines.purewasm));
  const node = outcome(() => scenario(engines.node));
  expect(ours).toEqual(node);
  return ours;
}

describe('JS API exceptions against Node', () => {
  const host = { x: 1 };

  it('reads every payload value of an exception wasm threw, by its exported tag', () => {
    const thrown = (e: Engine): { caught: any; t: object } => {
      const jsTag = new e.Tag({ parameters: ['i32', 'f64'] });
      const x = e.instantiate({ env: { tag: jsTag, host: () => {} } });
      try {
        x.throwAll(-1, 2n ** 40n + 5n, 1.5, -0, host);
      } catch (caught) {
        return { caught, t: x.t };
      }
      throw new Error('no exception');
    };
    const values = agree((e) => {
      const { caught, t } = thrown(e);
      return [caught.is(t), ...[0, 1, 2, 3, 4].map((i) => caught.getArg(t, i))];
    }) as unknown[];
    expect(values.slice(0, 4)).toEqual([true, -1, 2n ** 40n + 5n, 1.5]);
    expect(Object.is(values[4], -0)).toBe(true);
    expect(values[5]).toBe(host);
    expect(thrown(engines.purewasm).caught).toBeInstanceOf(WasmException);
    // another tag: is says no, getArg is a TypeError; an index past the payload a RangeError
    agree((e) => {
      const { caught } = thrown(e);
      return caught.is(new e.Tag({ parameters: ['i32'] }));
    });
    expect(agree((e) => {
      const { caught } = thrown(e);
      return caught.getArg(new e.Tag({ parameters: ['i32'] }), 0);
    })).toBe('threw TypeError');
    // (the index is a WebIDL [EnforceRange] unsigned long: a fraction dropped, a negative or NaN a TypeError)
    for (const [index, expected] of [[5, 'threw RangeError'], [-1, 'threw TypeError'], [Number.NaN, 'threw TypeError'], [2 ** 32, 'threw TypeError'], [1.5, 2n ** 40n + 5n]] as const) {
      expect(agree((e) => {
        const { caught, t } = thrown(e);
        return caught.getArg(t, index);
      })).toBe(expected);
    }
  });

  it('catches in wasm an exception a host function made and threw, of a tag made in JS', () => {
    expect(agree((e) => {
      const tag = new e.Tag({ parameters: ['i32', 'f64'] });
      const x = e.instantiate({ env: { tag, host: () => { throw new e.Exception(tag, [7, 2.5]); } } });
      return x.catchJs();
    })).toBe(9.5);
  });

  it('lets an exception of a tag wasm does not catch through, as the same object', () => {
    expect(agree((e) => {
      const tag = new e.Tag({ parameters: ['i32', 'f64'] });
      const other = new e.Tag({ parameters: ['i32', 'f64'] });
      const mine = new e.Exception(other, [1, 2]);
      const x = e.instantiate({ env: { tag, host: () => { throw mine; } } });
      try {
        x.catchJs();
      } catch (caught) {
        return [caught === mine, mine.is(other), mine.is(tag), mine.getArg(other, 1)];
      }
      return 'returned';
    })).toEqual([true, true, false, 2]);
  });

  it('converts payload values as the JS API does, and refuses a payload of the wrong length', () => {
    expect(agree((e) => {
      const tag = new e.Tag({ parameters: ['i32', 'f64'] });
      const x = new e.Exception(tag, ['7', '2.5']);
      return [x.getArg(tag, 0), x.getArg(tag, 1), new e.Exception(tag, [2 ** 32 + 3, 0]).getArg(tag, 0)];
    })).toEqual([7, 2.5, 3]);
    // (Node 20's V8 makes this one, with the missing value 0; the JS API and Node 26 throw a TypeError)
    expect(outcome(() => new Exception(new Tag({ parameters: ['i32', 'f64'] }), [7]))).toBe('threw TypeError');
    expect(agree((e) => new e.Exception(new e.Tag({ parameters: ['i64'] }), [7]))).toBe('threw TypeError');
    expect(agree((e) => new e.Exception({} as never, []))).toBe('threw TypeError');
  });

  it('links a tag made in JS only where the payload types are the same', () => {
    expect(agree((e) => {
      e.instantiate({ env: { tag: new e.Tag({ parameters: ['i64'] }), host: () => {} } });
      return 'linked';
    })).toBe('threw LinkError');
    expect(agree((e) => new e.Tag({ parameters: ['i128'] }))).toBe('threw TypeError');
  });
});
