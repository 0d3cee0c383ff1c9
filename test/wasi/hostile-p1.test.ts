// Properties: a preview1 guest calling any function with any arguments — pointers past the end or negative
// (an i32 ≥ 2^31 arrives as a negative number), lengths and counts of 2^32 - 1, offsets and sizes up to 2^63,
// paths that climb out with `..`, through symlinks or from `/`, invalid UTF-8, unknown descriptors and flags —
// gets an errno back (or its proc_exit), never a JS exception, and never reaches a file outside its preopen.
// Values are what the VM passes a host function: i32 as a signed number, i64 as a signed bigint. The host is
// the portable one over a MemoryFilesystem, so nothing touches the disk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FileType, MemoryFilesystem, WasiExit, WasiP1, portableWasiHost } from '../../src/wasi/index.js';
import { DIR_RIGHTS, FILE_RIGHTS } from '../../src/wasi/rights.js';
import { seededRandom } from '../seeded-random.js';

const MEMORY_BYTES = 1 << 16;
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const CALLS = 40;

// Each function's core parameters, one letter each: f descriptor, p pointer, s string (a pointer and a
// length: two i32), n count or length, x flags or an enum, c clock id, I i64 (offset, size, time, rights)
// (the witx of wasi_snapshot_preview1).
const SIGNATURES: Record<string, string> = {
  args_get: 'pp', args_sizes_get: 'pp', environ_get: 'pp', environ_sizes_get: 'pp',
  clock_res_get: 'cp', clock_time_get: 'cIp',
  fd_advise: 'fIIx', fd_allocate: 'fII', fd_close: 'f', fd_datasync: 'f',
  fd_fdstat_get: 'fp', fd_fdstat_set_flags: 'fx', fd_fdstat_set_rights: 'fII',
  fd_filestat_get: 'fp', fd_filestat_set_size: 'fI', fd_filestat_set_times: 'fIIx',
  fd_pread: 'fpnIp', fd_prestat_get: 'fp', fd_prestat_dir_name: 'fpn', fd_pwrite: 'fpnIp', fd_read: 'fpnp',
  fd_readdir: 'fpnIp', fd_renumber: 'ff', fd_seek: 'fIxp', fd_sync: 'f', fd_tell: 'fp', fd_write: 'fpnp',
  path_create_directory: 'fs', path_filestat_get: 'fxsp', path_filestat_set_times: 'fxsIIx',
  path_link: 'fxsfs', path_open: 'fxsxIIxp', path_readlink: 'fspnp', path_remove_directory: 'fs',
  path_rename: 'fsfs', path_symlink: 'sfs', path_unlink_file: 'fs',
  poll_oneoff: 'ppnp', proc_exit: 'n', proc_raise: 'x', sched_yield: '', random_get: 'pn',
  sock_accept: 'fxp', sock_recv: 'fpnxpp', sock_send: 'fpnxp', sock_shutdown: 'fx',
};

// Paths a guest may try, planted in its memory (their UTF-8 bytes; the last two are not UTF-8).
const PATHS = [
  'a', 'a/b', 'a/b/c.txt', 'f.txt', 'new', 'new/x', '.', '..', '../outside', '../outside/secret',
  'a/../../outside/secret', '/', '/outside/secret', 'up', 'up/secret', 'loop', 'loop/x', 'a/./b/../b', '',
  'x'.repeat(300), 'a\0b',
];
const BAD_UTF8 = [new Uint8Array([0x61, 0xff, 0x62]), new Uint8Array([0xed, 0xa0, 0x80])];
const STRINGS_AT = 0x8000;

/** The sandbox: /sandbox preopened as `/work`, with a secret beside it and links that point out of it. */
function files(): MemoryFilesystem {
  const fs = new MemoryFilesystem();
  fs.mkdirp('/sandbox/a/b');
  fs.writeFile('/sandbox/a/b/c.txt', 'inside');
  fs.writeFile('/sandbox/f.txt', 'hello');
  fs.symlinkAt('/sandbox/up', '../outside');
  fs.symlinkAt('/sandbox/loop', 'loop');
  fs.mkdirp('/outside');
  fs.writeFile('/outside/secret', 'secret');
  return fs;
}

/** Every path below `dir` with its contents (files) or '/' (directories) or '-> target' (symlinks). */
function tree(fs: MemoryFilesystem, dir: string): string[] {
  const out: string[] = [];
  for (const name of fs.list(dir)) {
    const path = `${dir}/${name}`;
    const type = fs.lstat(path).filetype;
    if (type === FileType.SYMBOLIC_LINK) out.push(`${path} -> ${fs.readlink(path)}`);
    else if (type === FileType.DIRECTORY) out.push(`${path}/`, ...tree(fs, path));
    else out.push(`${path} = ${new TextDecoder().decode(fs.readFile(path))}`);
  }
  return out;
}

/** A guest: its memory (guest words, then the planted paths) and a source of arguments. */
function guest(seed: number) {
  const bytes = new Uint8Array(4);
  const next = seededRandom(seed || 1);
  const rand = (): number => {
    next(bytes);
    return (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  };
  const strings: [number, number][] = [];
  const memory = new Uint8Array(MEMORY_BYTES);
  const dv = new DataView(memory.buffer);
  for (let i = 0; i < STRINGS_AT; i += 4) dv.setUint32(i, rand() % 8 < 5 ? rand() % 64 : rand() % MEMORY_BYTES, true);
  let at = STRINGS_AT;
  for (const b of [...PATHS.map((p) => new TextEncoder().encode(p)), ...BAD_UTF8]) {
    memory.set(b, at);
    strings.push([at, b.length]);
    at += b.length + 1;
  }
  const pointer = (): number => {
    const r = rand();
    switch (r % 8) {
      case 0: return MEMORY_BYTES - (r % 24); // near or at the end
      case 1: return MEMORY_BYTES + (r % 8);
      case 2: return r | 0x80000000; // negative as an i32
      default: return r % STRINGS_AT & ~3;
    }
  };
  const count = (): number => {
    const r = rand();
    return r % 8 < 5 ? r % 4 : r % 8 === 5 ? 0xffffffff : r % 8 === 6 ? 0x7fffffff : r % 600;
  };
  const i64 = (): bigint => {
    const r = rand();
    switch (r % 8) {
      case 0: return -1n;
      case 1: return (1n << 63n) - 1n;
      case 2: return 1n << BigInt(32 + (r % 31));
      case 3: return BigInt(r % 4096);
      case 4: return BigInt(rand()) * 1_000_000n;
      default: return BigInt(r % 16);
    }
  };
  const args = (sig: string): (number | bigint)[] => {
    const out: (number | bigint)[] = [];
    for (const k of sig) {
      const r = rand();
      switch (k) {
        case 'f': out.push(r % 10 < 7 ? 3 + (r % 5) : r % 10 === 7 ? r % 3 : r % 10 === 8 ? r % 64 : r); break; // mostly the preopen and 4–7
        case 'p': out.push(pointer()); break;
        case 'n': out.push(count()); break;
        case 'x': out.push(r % 4 === 0 ? r : r % 64); break;
        case 'c': out.push(r % 6); break;
        case 'I': out.push(i64()); break;
        case 's': {
          const [ptr, len] = r % 8 < 6 ? strings[r % strings.length]! : [pointer(), count()];
          out.push(ptr, len);
          break;
        }
      }
    }
    // as the VM passes them: i32 signed, i64 signed
    return out.map((v) => (typeof v === 'bigint' ? BigInt.asIntN(64, v) : v | 0));
  };
  return { memory, args, rand };
}

/** Opens descriptors 4–7 as a guest would, so that calls on descriptors reach files and directories: two files
 *  with every right, a directory, and a file created empty. */
function openFiles(fns: Record<string, (...args: any[]) => unknown>, memory: Uint8Array): void {
  const file = BigInt(FILE_RIGHTS), dir = BigInt(DIR_RIGHTS);
  let fd = 4;
  for (const [path, oflags, rights] of [['f.txt', 0, file], ['a/b/c.txt', 0, file], ['a', 2, dir], ['created', 1, file]] as const) {
    const bytes = new TextEncoder().encode(path);
    memory.set(bytes, 0x100);
    expect(fns.path_open!(3, 1, 0x100, bytes.length, oflags, rights, rights, 0, 0x200)).toBe(0);
    expect(new DataView(memory.buffer).getUint32(0x200, true)).toBe(fd++);
  }
}

describe('a hostile preview1 guest', () => {
  it('knows every function the host defines', () => {
    const wasi = new WasiP1(portableWasiHost());
    expect(Object.keys(wasi.imports.wasi_snapshot_preview1).sort()).toEqual(Object.keys(SIGNATURES).sort());
  });

  it('gets errnos back and stays in its sandbox, whatever it calls', () => {
    const names = Object.keys(SIGNATURES);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0x7fffffff }), (seed) => {
        const fs = files();
        const outside = tree(fs, '/outside');
        const wasi = new WasiP1(portableWasiHost({ fs, preopens: { '/work': '/sandbox' }, args: ['prog', 'x'], env: { A: 'b' }, stdin: 'input' }));
        const g = guest(seed);
        wasi.bindMemory({ buffer: g.memory.buffer as ArrayBuffer });
        const fns = wasi.imports.wasi_snapshot_preview1;
        openFiles(fns, g.memory);
        for (let i = 0; i < CALLS; i++) {
          const name = names[g.rand() % names.length]!;
          const args = g.args(SIGNATURES[name]!);
          const call = `${name}(${args.join(', ')})`;
          let r: unknown;
          try {
            r = fns[name]!(...args);
          } catch (e) {
            if (name === 'proc_exit' && e instanceof WasiExit) continue;
            throw new Error(`${call} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
          }
          if (typeof r !== 'number' || !Number.isInteger(r) || r < 0 || r > 76) throw new Error(`${call} returned ${String(r)}`);
        }
        expect(tree(fs, '/outside')).toEqual(outside);
        expect(fs.exists('/sandbox')).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
