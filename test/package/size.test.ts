// The size goals of the package (issue #12): what an app pays for the core VM alone and for everything,
// minified as its bundler would. `make build` prints the same figures.
import { describe, expect, it } from 'vitest';
import { SIZE_LIMITS, measureSizes } from '../../scripts/build.mjs';

describe('bundle size', () => {
  it('stays within the goals (core VM ≤ 120 KB, everything ≤ 250 KB minified)', async () => {
    const sizes = await measureSizes();
    expect(sizes.core.minified).toBeLessThanOrEqual(SIZE_LIMITS.core);
    expect(sizes.purewasm.minified).toBeLessThanOrEqual(SIZE_LIMITS.purewasm);
    expect(SIZE_LIMITS).toEqual({ core: 120 * 1024, purewasm: 250 * 1024 });
  });
});
