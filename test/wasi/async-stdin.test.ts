// An asynchronous stdin (pushInput: the embedder feeds bytes as they arrive, as a browser console would)
// really waits: poll_oneoff and fd_read suspend the guest (run with startAsync, i.e. callAsync) until
// input is pushed, and WASI 0.2's blocking-read does the same.
import { describe, expect, it, vi } from 'vitest';
import { parse } from '@bytecodealliance/jco';
import { Instance, Module } from '../../src/index.js';
import { WasiP1, WasiP2, portableWasiHost, pushInput, type InputStream } from '../../src/wasi/index.js';
import type { ResourceHandle } from '../../src/component/runtime/index.js';
import { hosted } from './host-functions.js';

// _start: poll_oneoff on fd 0 (fd_read), print the number of events, then echo stdin to stdout until EOF.
const ECHO = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $n i32)
    ;; subscription at 0: userdata 7, tag 1 (fd_read), fd 0; the event at 48, nevents at 96
    (i64.store (i32.const 0) (i64.const 7))
    (i32.store8 (i32.const 8) (i32.const 1))
    (i32.store (i32.const 16) (i32.const 0))
    (drop (call $poll (i32.const 0) (i32.const 48) (i32.const 1) (i32.const 96)))
    (i32.store8 (i32.const 256) (i32.add (i32.const 48) (i32.load (i32.const 96))))
    (i32.store (i32.const 128) (i32.const 256))
    (i32.store (i32.const 132) (i32.const 1))
    (drop (call $write (i32.const 1) (i32.const 128) (i32.const 1) (i32.const 136)))
    (loop $more
      (i32.store (i32.const 128) (i32.const 256))
      (i32.store (i32.const 132) (i32.const 64))
      (drop (call $read (i32.const 0) (i32.const 128) (i32.const 1) (i32.const 136)))
      (local.set $n (i32.load (i32.const 136)))
      (if (local.get $n)
        (then
          (i32.store (i32.const 132) (local.get $n))
          (drop (call $write (i32.const 1) (i32.const 128) (i32.const 1) (i32.const 136)))
          (br $more)))))
)`;

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('asynchronous stdin', () => {
  it('preview1: poll_oneoff and fd_read suspend the guest until input is pushed', async () => {
    const input = pushInput();
    let out = '';
    const wasi = new WasiP1(portableWasiHost({ stdin: input.stream, stdout: (b) => void (out += Buffer.from(b).toString()) }));
    const instance = new Instance(new Module(await parse(ECHO)), wasi.imports);
    const done = wasi.startAsync(instance);
    await tick();
    expect(out).toBe(''); // waiting in poll_oneoff: nothing is ready
    input.push('hello ');
    // one event, then the first chunk echoed; now waiting in fd_read (waited for: a loaded machine is slow)
    await vi.waitFor(() => expect(out).toBe('1hello '), { timeout: 10_000, interval: 5 });
    input.push('world');
    input.end();
    expect(await done).toBe(0);
    expect(out).toBe('1hello world');
  });

  it('preview1: a synchronous start that reaches the wait traps with a message naming callAsync', async () => {
    const input = pushInput();
    const wasi = new WasiP1(portableWasiHost({ stdin: input.stream }));
    const instance = new Instance(new Module(await parse(ECHO)), wasi.imports);
    expect(() => wasi.start(instance)).toThrow(/callAsync/);
  });

  it('WASI 0.2: subscribe reports the stream not ready, blocking-read waits for the push', async () => {
    const input = pushInput();
    const host = hosted(new WasiP2(portableWasiHost({ stdin: input.stream as InputStream })));
    const fn = (i: string, n: string) => host(`wasi:${i}@0.2.12`, n);
    const stdin = fn('cli/stdin', 'get-stdin')() as ResourceHandle;
    const pollable = fn('io/streams', '[method]input-stream.subscribe')(stdin) as ResourceHandle;
    expect(fn('io/poll', '[method]pollable.ready')(pollable)).toBe(false);
    // A non-blocking read returns nothing rather than waiting.
    expect(fn('io/streams', '[method]input-stream.read')(stdin, 10n)).toEqual({ tag: 'ok', val: new Uint8Array(0) });
    const reading = fn('io/streams', '[method]input-stream.blocking-read')(stdin, 10n) as Promise<unknown>;
    expect(reading).toBeInstanceOf(Promise);
    input.push('abc');
    expect(await reading).toEqual({ tag: 'ok', val: new Uint8Array([97, 98, 99]) });
    expect(fn('io/poll', '[method]pollable.ready')(pollable)).toBe(false);
    input.end();
    expect(fn('io/poll', '[method]pollable.ready')(pollable)).toBe(true);
    expect(await fn('io/streams', '[method]input-stream.blocking-read')(stdin, 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });
});
