// Differential check against Node's own validator (test-only oracle): random byte mutations of real
// modules must be accepted or rejected exactly as Node does, and never crash with anything but CompileError.
// Node 20 lacks some 3.0 features (memory64, typed function references …): when we accept and Node rejects,
// Node's message must name a disabled feature.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../src/validate/index.js';

/** Node's WebAssembly, used only as an oracle (not typed in this project's lib settings). */
const NodeWasm = (globalThis as unknown as {
  WebAssembly: { validate(b: Uint8Array): boolean; Module: new (b: Uint8Array) => unknown };
}).WebAssembly;
import { CompileError } from '../../src/decoder/errors.js';

const dir = join(__dirname, '../../../shared/bench/wasm');
const modules = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.wasm')).map((f) => new Uint8Array(readFileSync(join(dir, f))))
  : [];

function nodeVerdict(b: Uint8Array): { ok: boolean; message: string } {
  try {
    new NodeWasm.Module(b);
    return { ok: true, message: '' };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

describe('differential validation against Node', () => {
  it('agrees on mutated real modules', () => {
    fc.assert(
      fc.property(
        fc.nat(modules.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }),
        (which, edits) => {
          const b = modules[which].slice();
          for (const [p, v] of edits) b[8 + (p % (b.length - 8))] = v;
          let ours = true;
          try {
            compile(b);
          } catch (e) {
            expect(e).toBeInstanceOf(CompileError);
            ours = false;
          }
          const node = nodeVerdict(b);
          if (ours && !node.ok) expect(node.message).toMatch(/enable|experimental/);
          if (!ours) expect(node.ok).toBe(false);
        },
      ),
      { numRuns: 3000, seed: 42 },
    );
  });
});
