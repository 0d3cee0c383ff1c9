// Deterministic record and replay (issue 16): a trace of everything a guest received from outside, and a
// re-execution from it alone. `record`/`replay` run WASI programs; `Recorder`/`Replayer` are the parts for
// embedders with their own host imports. Format and the cut between guest and host: trace.ts,
// wasi-bridge.ts, docs/ARCHITECTURE.md ("Record and replay").
export { record, recordAsync, replay, replayAsync, isComponentBinary, recordingHost, replayingHost, wasiMeta, memoryHash } from './session.js';
export type { RecordOptions, ReplayOptions, RunOutcome, Recording } from './session.js';
export { Recorder, type LivePredicate } from './recorder.js';
export { Replayer } from './replayer.js';
export { ReplayDivergence, readHeader, readEnd, TRACE_VERSION } from './trace.js';
export type { TraceHeader, TraceEnd } from './trace.js';
export { TraceFormatError, TraceReader } from './trace-codec.js';
export { sha256, hex } from './sha256.js';
export { Timeline } from './timeline.js';
export { ReplayedHostObject } from './host-values.js';
export type { TimelineMark } from './timeline.js';
