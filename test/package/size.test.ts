// What an app pays for the core VM alone and for everything, minified as its bundler would. The goals of
// issue #12 (core ≤ 120 KB, everything ≤ 250 KB) are not met yet and `make build` reports them; this test
// holds the line meanwhile: a change that grows either bundle past its budget fails here.
import { describe, expect, it } from 'vitest';
import { SIZE_BUDGET, measureSizes } from '../../scripts/build.mjs';

describe('bundle size', () => {
  it('stays within its budget', async () => {
    const sizes = await measureSizes();
    expect(sizes.core.minified).toBeLessThanOrEqual(SIZE_BUDGET.core);
    expect(sizes.purewasm.minified).toBeLessThanOrEqual(SIZE_BUDGET.purewasm);
  });
});
