// Shared by the engine tests: runs a call under a Debugger and hands each stop to a callback.
import type { Debugger, Stop } from '../../src/debug/index.js';

/** Runs `call` under the debugger and gives each stop to `onStop` (which resumes the program). */
export async function drive(dbg: Debugger, call: () => Promise<unknown>, onStop: (s: Stop, n: number) => void): Promise<unknown> {
  let n = 0;
  const off = dbg.on((e) => {
    if (e.kind === 'stopped') onStop(e.stop, n++);
  });
  try {
    return await dbg.run(call);
  } finally {
    off();
  }
}
