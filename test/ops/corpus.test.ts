import { it, expect } from 'vitest';
import { specCorpus } from './helpers.js';
it('spec corpus is loaded', () => {
  const n = { v128: specCorpus.v128.length, f32: specCorpus.f32.length, f64: specCorpus.f64.length, i32: specCorpus.i32.length, i64: specCorpus.i64.length };
  console.log(n);
  expect(n.v128).toBeGreaterThan(1000);
  expect(n.f32).toBeGreaterThan(100);
  expect(n.f64).toBeGreaterThan(100);
  expect(n.i64).toBeGreaterThan(100);
});
