// Legacy exception handling (try/catch/catch_all/delegate/rethrow: the purewasm/legacy-exceptions pack). The
// spec runner's text converter cannot read these instructions, so the bodies are hand-assembled; Node's
// validator (which implements legacy exceptions) is the oracle.
import { describe, expect, it } from 'vitest';
import { validate, compile } from '../../src/validate/index.js';
import { CompileError } from '../../src/decoder/errors.js';
import { legacyExceptions } from '../../src/legacy-exceptions/index.js';
import { code, module, section } from '../decoder/helpers.js';

const NodeWasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

/** Types: 0 = [] -> [], 1 = [i32] -> []; one tag of type 1; one function of type 0 with `body`. */
function withBody(body: number[]): Uint8Array {
  return module(
    section(1, [2, 0x60, 0, 0, 0x60, 1, 0x7f, 0]),
    section(3, [1, 0]),
    section(13, [1, 0x00, 1]),
    code([0, ...body]),
  );
}

function reason(bytes: Uint8Array): string {
  try {
    compile(bytes, { legacyExceptions });
  } catch (e) {
    expect(e).toBeInstanceOf(CompileError);
    return (e as CompileError).reason;
  }
  return 'valid';
}

const cases: [string, number[], string][] = [
  ['catch pushes the tag params', [0x06, 0x7f, 0x41, 0x01, 0x07, 0x00, 0x0b, 0x1a, 0x0b], 'valid'],
  ['rethrow inside catch_all', [0x06, 0x40, 0x19, 0x09, 0x00, 0x0b, 0x0b], 'valid'],
  ['rethrow from a nested block inside catch', [0x06, 0x40, 0x07, 0x00, 0x1a, 0x02, 0x40, 0x09, 0x01, 0x0b, 0x0b, 0x0b], 'valid'],
  ['delegate to an enclosing block', [0x02, 0x40, 0x06, 0x40, 0x18, 0x00, 0x0b, 0x0b], 'valid'],
  ['delegate to the function', [0x06, 0x40, 0x18, 0x00, 0x0b], 'valid'],
  ['try with several catches', [0x06, 0x40, 0x07, 0x00, 0x1a, 0x07, 0x00, 0x1a, 0x19, 0x0b, 0x0b], 'valid'],
  ['rethrow outside a catch', [0x06, 0x40, 0x09, 0x00, 0x0b, 0x0b], 'invalid rethrow label'],
  ['catch_all arm missing the result', [0x06, 0x7f, 0x41, 0x01, 0x19, 0x0b, 0x1a, 0x0b], 'type mismatch: instruction requires [i32] but stack has []'],
  ['delegate beyond the outermost frame', [0x06, 0x40, 0x18, 0x01, 0x0b], 'unknown label'],
  ['catch with an unknown tag', [0x06, 0x40, 0x07, 0x05, 0x0b, 0x0b], 'unknown tag'],
  ['catch outside try', [0x02, 0x40, 0x07, 0x00, 0x0b, 0x0b], 'catch without try'],
];

describe('legacy exceptions', () => {
  for (const [name, body, expected] of cases) {
    it(name, () => {
      const bytes = withBody(body);
      expect(reason(bytes)).toBe(expected);
      expect(NodeWasm.validate(bytes)).toBe(expected === 'valid');
      expect(validate(bytes, { legacyExceptions })).toBe(expected === 'valid');
    });
  }

  it('without the pack, each instruction is refused naming it, its function and offset, and the pack', () => {
    // try (0x06) first; then catch_all, catch, rethrow and delegate, each after a try the pack does not see
    // (a try_table block shares their frame shape, but only the legacy instructions need the pack)
    const bodies: [number[], string, number][] = [
      [[0x06, 0x40, 0x0b, 0x0b], 'try (0x06)', 0],
      [[0x02, 0x40, 0x19, 0x0b, 0x0b], 'catch_all (0x19)', 2],
      [[0x02, 0x40, 0x07, 0x00, 0x0b, 0x0b], 'catch (0x07)', 2],
      [[0x02, 0x40, 0x09, 0x00, 0x0b, 0x0b], 'rethrow (0x09)', 2],
      [[0x02, 0x40, 0x18, 0x00, 0x0b], 'delegate (0x18)', 2],
    ];
    for (const [body, what, at] of bodies) {
      const bytes = withBody(body);
      let error: unknown;
      try {
        compile(bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CompileError);
      const e = error as CompileError;
      // the body's first instruction follows the section id and size, the body size and the locals count
      const offset = bytes.length - body.length + at;
      expect(e.offset).toBe(offset);
      expect(e.reason).toBe(
        `legacy exception instruction ${what} in function 0 at offset 0x${offset.toString(16)} needs the ` +
          "legacy-exceptions pack: new Module(bytes, { legacyExceptions }) with import { legacyExceptions } from 'purewasm/legacy-exceptions'",
      );
      expect(validate(bytes)).toBe(false);
    }
  });
});
