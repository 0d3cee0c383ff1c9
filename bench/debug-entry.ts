// The bundle bench/debug-cost.mjs measures: the runtime and the debugger in one build.
export * from '../src/index.js';
export { Debugger, debug, loadSourceInfo } from '../src/debug/index.js';
