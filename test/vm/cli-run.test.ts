// `purewasm run --invoke`: float formatting as wasmtime prints them, and a whole run on a benchmark module.
import { describe, expect, it, vi } from 'vitest';
import run, { formatFloat } from '../../src/cli/run.js';

describe('purewasm run', () => {
  it('formats floats like wasmtime', () => {
    expect(formatFloat(1.5, false)).toBe('1.5');
    expect(formatFloat(3, false)).toBe('3');
    expect(formatFloat(-0, false)).toBe('-0');
    expect(formatFloat(1e21, false)).toBe('1000000000000000000000');
    expect(formatFloat(1e-7, false)).toBe('0.0000001');
    expect(formatFloat(NaN, false)).toBe('NaN');
    expect(formatFloat(-Infinity, true)).toBe('-inf');
    expect(formatFloat(Math.fround(0.1), true)).toBe('0.1');
  });

  it('invokes an export and prints its result', () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      expect(run(['--invoke', 'default_n', '/work/shared/bench/wasm/nbody.wasm'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toMatch(/^\d+\n$/);
  });

  it('exits 1 on errors', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(run(['--invoke', 'nope', '/work/shared/bench/wasm/nbody.wasm'])).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
