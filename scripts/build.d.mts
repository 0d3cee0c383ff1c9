// Types of what scripts/build.mjs exports for the tests.
export interface EntrySize {
  readonly minified: number;
  readonly gzipped: number;
}
export declare const SIZE_GOALS: { readonly core: number; readonly purewasm: number };
export declare const SIZE_BUDGET: { readonly core: number; readonly purewasm: number };
export declare function measureSizes(): Promise<{ core: EntrySize; purewasm: EntrySize }>;
