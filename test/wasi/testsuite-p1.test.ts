// wasi-testsuite, preview1: all 72 wasip1 programs (Rust, C, AssemblyScript) through `purewasm run`'s code.
// Reference: node:wasi passes 60/72, jco 64/72 (reference-results.json); wasmtime lists no expected failure.
import { describe, expect, it } from 'vitest';
import { programs, runProgram } from './testsuite-harness.js';

const all = programs('wasip1');

describe('wasi-testsuite wasip1', () => {
  it('has the 72 programs the README counts', () => {
    expect(all.length).toBe(72);
  });
  for (const p of all) {
    it(p.name, () => {
      const r = runProgram(p);
      expect(r.failure, `${r.failure}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`).toBeUndefined();
    });
  }
});
