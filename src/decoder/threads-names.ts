// The names of the 0xFE (threads: atomics) instructions. Not in the core: the threads pack
// (`purewasm/threads`) and the text printer carry them.
import { defineOpcodes } from './opcode-lists.js';

/** Names by instruction number (0xfe00..). */
export const threadsNames: string[] = [];

defineOpcodes(threadsNames, null, 0xfe00, 'memory.atomic.notify memory.atomic.wait32 memory.atomic.wait64 atomic.fence');
{
  // Each load, store and read-modify-write comes in the same seven accesses: i32, i64, then the narrow ones
  // (zero-extending: `_u`). `seven(f)` names them, f getting the value type and the width ('' for full).
  const seven = (f: (t: string, w: string, u: string) => string) =>
    ['i32', 'i64', 'i32 8', 'i32 16', 'i64 8', 'i64 16', 'i64 32']
      .map((x) => {
        const [t, w = ''] = x.split(' ');
        return f(t, w, w && '_u');
      })
      .join(' ');
  defineOpcodes(
    threadsNames,
    null,
    0xfe10,
    seven((t, w, u) => `${t}.atomic.load${w}${u}`) + ' ' + seven((t, w) => `${t}.atomic.store${w}`) + ' ' +
      'add sub and or xor xchg cmpxchg'.split(' ').map((o) => seven((t, w, u) => `${t}.atomic.rmw${w}.${o}${u}`)).join(' '),
  );
}
