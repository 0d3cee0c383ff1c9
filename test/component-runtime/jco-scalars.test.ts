import { describe, expect, it } from 'vitest';
import { runEntry } from './runner.js';

const echo = (...a: unknown[]) => (a.length === 1 ? a[0] : a);

describe('jco runtime fixtures: scalars and strings', () => {
  it('smoke: export thunk calls the imported thunk once', () => {
    let called = 0;
    const { calls } = runEntry('transpile/runtime/smoke.component.wasm', { 'test:smoke/imports#thunk': () => void called++ });
    expect(calls).toBe(1);
    expect(called).toBe(1);
  });

  it('numbers: all scalar widths both ways', () => {
    let scalar = 0;
    const impls: Record<string, (...a: any[]) => unknown> = {
      'test:numbers/test#set-scalar': (v: number) => void (scalar = v),
      'test:numbers/test#get-scalar': () => scalar,
    };
    for (const t of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64', 'char']) impls[`test:numbers/test#roundtrip-${t}`] = echo;
    const { calls } = runEntry('transpile/runtime/numbers.component.wasm', impls);
    expect(calls).toBe(36);
  });

  it('strings: both directions incl. astral characters', () => {
    const seen: string[] = [];
    const { calls } = runEntry('transpile/runtime/strings.component.wasm', {
      'test:strings/imports#take-basic': (s: string) => {
        seen.push(s);
        if (s !== 'latin utf16') throw new Error(`take-basic got ${s}`);
      },
      'test:strings/imports#return-unicode': () => '🚀🚀🚀 𠈄𓀀',
    });
    expect(calls).toBe(4);
    expect(seen).toEqual(['latin utf16']);
  });
});
