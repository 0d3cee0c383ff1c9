// The sandbox and the errors of bad input: nothing is granted by default, a path never leaves its
// preopen (`..`, absolute paths, symlinks pointing outside — host-made or guest-made), the result is
// the WASI errno and the host is never touched outside the grant. Calls go straight to the preview1
// functions with a memory the test controls, on the Node backend (real files) and the portable one.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Instance, LinkError, Memory, Module } from '../../src/vm/index.js';
import { Errno, MemoryFilesystem, WasiP1, portableWasiHost, type WasiHost } from '../../src/wasi/index.js';
import { nodeWasiHost } from '../../src/wasi/node/index.js';
import { buildModule, i32 } from '../vm/wasm-builder.js';

const PATH = 1024; // where the test writes a path
const OUT = 64; // where results land

/** preview1 called directly: writes strings into a memory of its own. */
class Guest {
  readonly memory = new Memory({ initial: 1 });
  readonly wasi: WasiP1;
  readonly f: Record<string, (...a: any[]) => number>;
  constructor(host: WasiHost) {
    this.wasi = new WasiP1(host);
    this.wasi.bindMemory(this.memory);
    this.f = this.wasi.imports.wasi_snapshot_preview1 as Record<string, (...a: any[]) => number>;
  }
  private put(s: string, at = PATH): [number, number] {
    const b = Buffer.from(s, 'utf8');
    new Uint8Array(this.memory.buffer).set(b, at);
    return [at, b.length];
  }
  u32(at: number): number {
    return new DataView(this.memory.buffer).getUint32(at, true);
  }
  /** path_open(fd, follow?, path, oflags, rights) → errno; the new fd at OUT. */
  open(fd: number, path: string, opts: { follow?: boolean; oflags?: number; rights?: bigint } = {}): number {
    const [p, n] = this.put(path);
    return this.f.path_open(fd, opts.follow ? 1 : 0, p, n, opts.oflags ?? 0, opts.rights ?? 0x1fffffffn, 0x1fffffffn, 0, OUT);
  }
  stat(fd: number, path: string, follow = false): number {
    const [p, n] = this.put(path);
    return this.f.path_filestat_get(fd, follow ? 1 : 0, p, n, OUT);
  }
  symlink(target: string, fd: number, path: string): number {
    const [t, tn] = this.put(target, 2048);
    const [p, n] = this.put(path);
    return this.f.path_symlink(t, tn, fd, p, n);
  }
  mkdir(fd: number, path: string): number {
    const [p, n] = this.put(path);
    return this.f.path_create_directory(fd, p, n);
  }
}

let root: string;
let sandbox: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'purewasm-sandbox-'));
  sandbox = join(root, 'sandbox');
  mkdirSync(join(sandbox, 'sub'), { recursive: true });
  writeFileSync(join(root, 'secret.txt'), 'outside');
  writeFileSync(join(sandbox, 'inside.txt'), 'inside');
  // Symlinks planted by the host that point out of the sandbox.
  symlinkSync(join(root, 'secret.txt'), join(sandbox, 'abs-link'));
  symlinkSync('../secret.txt', join(sandbox, 'rel-link'));
  symlinkSync('../..', join(sandbox, 'sub', 'up2'));
  symlinkSync('..', join(sandbox, 'sub', 'up1'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sandboxed by default', () => {
  it('grants no directory, no environment variable and no argument', () => {
    const g = new Guest(nodeWasiHost());
    expect(g.f.fd_prestat_get(3, OUT)).toBe(Errno.BADF);
    expect(g.f.environ_sizes_get(OUT, OUT + 4)).toBe(0);
    expect([g.u32(OUT), g.u32(OUT + 4)]).toEqual([0, 0]);
    expect(g.f.args_sizes_get(OUT, OUT + 4)).toBe(0);
    expect(g.u32(OUT)).toBe(0);
    // No preopen: no path can be opened at all.
    expect(g.open(3, 'etc/passwd')).toBe(Errno.BADF);
  });

  it('names a missing or non-directory preopen', () => {
    expect(() => nodeWasiHost({ preopens: { '/': join(root, 'nope') } })).toThrow(/preopen "\/".*nope.*does not exist/);
    expect(() => nodeWasiHost({ preopens: { '/': join(root, 'secret.txt') } })).toThrow(/not a directory/);
    expect(() => portableWasiHost({ preopens: { '/': '/missing' } })).toThrow(/"\/missing" is not a directory/);
  });
});

describe.each([
  ['node', () => nodeWasiHost({ preopens: { '/': sandbox } })],
  [
    'portable',
    () => {
      const files = new MemoryFilesystem();
      files.writeFile('/secret.txt', 'outside');
      files.writeFile('/sandbox/inside.txt', 'inside');
      files.mkdirp('/sandbox/sub');
      files.symlinkAt('/sandbox/abs-link', '/secret.txt');
      files.symlinkAt('/sandbox/rel-link', '../secret.txt');
      files.symlinkAt('/sandbox/sub/up2', '../..');
      files.symlinkAt('/sandbox/sub/up1', '..');
      return portableWasiHost({ fs: files, preopens: { '/': '/sandbox' } });
    },
  ],
] as const)('paths never leave the preopen (%s backend)', (_name, makeHost) => {
  it('opens what is inside', () => {
    const g = new Guest(makeHost());
    expect(g.open(3, 'inside.txt')).toBe(0);
    expect(g.open(3, 'sub/../inside.txt')).toBe(0);
    expect(g.open(3, 'sub/up1/inside.txt', { follow: true })).toBe(0);
  });

  it('refuses `..` above the preopen and absolute paths with PERM', () => {
    const g = new Guest(makeHost());
    expect(g.open(3, '../secret.txt')).toBe(Errno.PERM);
    expect(g.open(3, 'sub/../../secret.txt')).toBe(Errno.PERM);
    expect(g.open(3, '/secret.txt')).toBe(Errno.PERM);
    expect(g.stat(3, '..')).toBe(Errno.PERM);
  });

  it('refuses symlinks that lead outside, wherever they are in the path', () => {
    const g = new Guest(makeHost());
    expect(g.open(3, 'abs-link', { follow: true })).toBe(Errno.PERM);
    expect(g.open(3, 'rel-link', { follow: true })).toBe(Errno.PERM);
    expect(g.open(3, 'sub/up2/secret.txt')).toBe(Errno.PERM);
    expect(g.stat(3, 'sub/up2', true)).toBe(Errno.PERM);
    // Without following, the link itself (inside) may be inspected, not opened.
    expect(g.stat(3, 'abs-link')).toBe(0);
    expect(g.open(3, 'abs-link')).toBe(Errno.LOOP);
  });

  it('refuses guest-made escapes: a symlink to an absolute path, then one through ".."', () => {
    const g = new Guest(makeHost());
    expect(g.symlink('/etc', 3, 'evil')).toBe(Errno.PERM);
    expect(g.symlink('../../..', 3, 'evil2')).toBe(0);
    expect(g.open(3, 'evil2/secret.txt', { follow: true })).toBe(Errno.PERM);
    expect(g.mkdir(3, 'evil2/x')).toBe(Errno.PERM);
  });

  it('reports NUL bytes and bad UTF-8 in paths as errors, not host accesses', () => {
    const g = new Guest(makeHost());
    expect(g.open(3, 'inside.txt\0')).toBe(Errno.ILSEQ);
    new Uint8Array(g.memory.buffer).set([0xff, 0xfe], PATH);
    expect(g.f.path_open(3, 0, PATH, 2, 0, 0n, 0n, 0, OUT)).toBe(Errno.ILSEQ);
  });

  it('reports guest pointers outside memory as FAULT', () => {
    const g = new Guest(makeHost());
    expect(g.f.path_open(3, 0, 65530, 100, 0, 0n, 0n, 0, OUT)).toBe(Errno.FAULT);
    expect(g.f.fd_prestat_get(3, 70000)).toBe(Errno.FAULT);
  });
});

describe('nothing outside the grant is touched', () => {
  it('leaves the host file outside untouched after every escape attempt', () => {
    const g = new Guest(nodeWasiHost({ preopens: { '/': sandbox } }));
    const O_CREAT = 1;
    const O_TRUNC = 8;
    expect(g.open(3, '../secret.txt', { oflags: O_CREAT | O_TRUNC })).toBe(Errno.PERM);
    expect(g.open(3, 'rel-link', { follow: true, oflags: O_CREAT | O_TRUNC })).toBe(Errno.PERM);
    expect(g.open(3, '../new-file', { oflags: O_CREAT })).toBe(Errno.PERM);
    expect(existsSync(join(root, 'new-file'))).toBe(false);
    expect(readFileSync(join(root, 'secret.txt'), 'utf8')).toBe('outside');
  });
});

describe('exit and linking', () => {
  const proc = (extra: { module: string; name: string; params: number[]; results: number[] }[] = []) =>
    buildModule({
      imports: [{ module: 'wasi_snapshot_preview1', name: 'proc_exit', params: [i32], results: [] }, ...extra],
      memory: { min: 1, export: 'memory' },
      funcs: [
        // _start calls a helper that calls proc_exit(42): the exit must unwind both frames.
        { params: [], results: [], body: [0x10, 2 + extra.length], export: '_start' },
        { params: [], results: [], body: [0x41, 42, 0x10, 0, 0x00] },
      ],
    });

  it('proc_exit unwinds the guest and the run returns its code; the VM runs on afterwards', () => {
    for (let i = 0; i < 3; i++) {
      const wasi = new WasiP1(portableWasiHost());
      expect(wasi.start(new Instance(new Module(proc()), wasi.imports))).toBe(42);
    }
  });

  it('an import WASI does not have is a LinkError naming module and field', () => {
    const wasi = new WasiP1(portableWasiHost());
    const bytes = proc([{ module: 'wasi_snapshot_preview1', name: 'fd_frobnicate', params: [], results: [] }]);
    expect(() => new Instance(new Module(bytes), wasi.imports)).toThrow(LinkError);
    expect(() => new Instance(new Module(bytes), wasi.imports)).toThrow(/wasi_snapshot_preview1.*fd_frobnicate/);
  });

  it('the portable host refuses to run without a secure random source', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
    try {
      expect(() => portableWasiHost()).toThrow(/no secure random source.*options\.random/);
      const bytes: number[] = [];
      const host = portableWasiHost({ random: (b) => { b.fill(7); bytes.push(b.length); } });
      const buf = new Uint8Array(3);
      host.random(buf);
      expect([...buf]).toEqual([7, 7, 7]);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'crypto', saved);
    }
  });
});

describe('poll_oneoff', () => {
  it('sleeps until a relative clock deadline (no spinning) and reports the clock event', () => {
    const g = new Guest(portableWasiHost());
    const dv = new DataView(g.memory.buffer);
    const sub = 2048;
    dv.setBigUint64(sub, 0xabcdn, true); // userdata
    dv.setUint8(sub + 8, 0); // clock
    dv.setUint32(sub + 16, 1, true); // monotonic
    dv.setBigUint64(sub + 24, 30_000_000n, true); // 30 ms
    dv.setUint16(sub + 40, 0, true); // relative
    const t0 = Date.now();
    expect(g.f.poll_oneoff(sub, 4096, 1, OUT)).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(g.u32(OUT)).toBe(1);
    expect(dv.getBigUint64(4096, true)).toBe(0xabcdn);
    expect(dv.getUint16(4096 + 8, true)).toBe(0); // no error
    expect(dv.getUint8(4096 + 10)).toBe(0); // clock event
  });

  it('reports an fd subscription at once, and a bad descriptor as the event error', () => {
    const g = new Guest(portableWasiHost());
    const dv = new DataView(g.memory.buffer);
    const sub = 2048;
    for (const [i, fd] of [1, 99].entries()) {
      dv.setBigUint64(sub + i * 48, BigInt(fd), true);
      dv.setUint8(sub + i * 48 + 8, 2); // fd_write
      dv.setUint32(sub + i * 48 + 16, fd, true);
    }
    expect(g.f.poll_oneoff(sub, 4096, 2, OUT)).toBe(0);
    expect(g.u32(OUT)).toBe(2);
    expect(dv.getUint16(4096 + 8, true)).toBe(0);
    expect(dv.getUint16(4096 + 32 + 8, true)).toBe(Errno.BADF);
    expect(g.f.poll_oneoff(sub, 4096, 0, OUT)).toBe(Errno.INVAL);
  });
});

describe('stdio', () => {
  it('is a character device (a tty to libc) only when the host stream is a terminal', () => {
    const piped = new Guest(portableWasiHost());
    expect(piped.f.fd_fdstat_get(1, OUT)).toBe(0);
    expect(new DataView(piped.memory.buffer).getUint8(OUT)).toBe(0); // unknown
    const tty = new Guest(portableWasiHost({ stdout: { write: () => undefined, isTerminal: true } }));
    expect(tty.f.fd_fdstat_get(1, OUT)).toBe(0);
    expect(new DataView(tty.memory.buffer).getUint8(OUT)).toBe(2); // character device
    // Never seekable either way.
    expect(tty.f.fd_seek(1, 0n, 0, OUT)).toBe(Errno.NOTCAPABLE);
  });
});
