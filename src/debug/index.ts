// purewasm's debugger (issue #15): the engine over a debug store (`new Store({ debug })` with `debug` of this
// entry: the debug-store support, src/vm/exec/debug.ts), the DWARF reader that gives it source lines and
// variables, and the Debug Adapter Protocol session the CLI serves.
export { debug } from '../vm/exec/debug.js';
export type { DebugPack } from '../vm/exec/debug.js';
export { Debugger, displayFrames } from './engine/debugger.js';
export type { Breakpoint, BreakpointLocation, BreakpointSpec, DebugEvent, DebuggerOptions, StackFrame, Stop, StopReason } from './engine/debugger.js';
export { TimeTravel } from './engine/time-travel.js';
export type { HostHistory, TimeTravelOptions } from './engine/time-travel.js';
export { CodeMap } from './engine/code-map.js';
export type { SourceInfoLoader } from './engine/code-map.js';
export { formatWasm, typeName } from './engine/frames.js';
export type { PhysicalFrame } from './engine/frames.js';
export { Inspector } from './engine/inspect.js';
export type { Scope, Variable } from './engine/inspect.js';
export { loadSourceInfo } from './dwarf/index.js';
export { trapSources } from './dwarf/trap-sources.js';
export type { TrapSource } from './dwarf/trap-sources.js';
export { DebugInfoError } from './source-info.js';
export type { SourceInfo, SourceLocation, SourceFrame, VariableView, FrameAccess } from './source-info.js';
/** @internal The CLI's `disas` (they take the VM's function objects, which are not API). */
export { disassembleFunction, disassembleAround } from './engine/disassemble.js';
export type { DisassemblyLine } from './engine/disassemble.js';
export { DapSession } from './dap/session.js';
export { toBase64, fromBase64 } from './dap/base64.js';
export type { DapLaunchArguments, DapLauncher, DapMessage, DapProgram } from './dap/session.js';
