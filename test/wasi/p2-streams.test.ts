// WASI 0.2 streams and clocks on their own: end of input is `closed`, stdout writes land in order, and a
// timer pollable really waits (poll blocks until the earliest deadline, without spinning).
import { describe, expect, it } from 'vitest';
import type { ResourceHandle } from '../../src/component/runtime/index.js';
import { hosted } from './host-functions.js';
import { portableWasiHost } from '../../src/wasi/index.js';
import { WasiP2 } from '../../src/wasi/p2/index.js';

describe('WASI 0.2 streams and clocks', () => {
  it('reads stdin to its end, then reports the stream closed', () => {
    const hostFn = hosted(new WasiP2(portableWasiHost({ stdin: 'abc' })));
    const stdin = hostFn('wasi:cli/stdin@0.2.12', 'get-stdin')() as ResourceHandle;
    const read = hostFn('wasi:io/streams@0.2.12', '[method]input-stream.blocking-read');
    expect(read(stdin, 2n)).toEqual({ tag: 'ok', val: new Uint8Array([97, 98]) });
    expect(read(stdin, 10n)).toEqual({ tag: 'ok', val: new Uint8Array([99]) });
    expect(read(stdin, 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
    expect(read(stdin, 10n)).toEqual({ tag: 'err', val: { tag: 'closed' } });
  });

  it('writes stdout in order', () => {
    const out: number[] = [];
    const hostFn = hosted(new WasiP2(portableWasiHost({ stdout: (b) => out.push(...b) })));
    const stdout = hostFn('wasi:cli/stdout@0.2.12', 'get-stdout')() as ResourceHandle;
    const write = hostFn('wasi:io/streams@0.2.12', '[method]output-stream.blocking-write-and-flush');
    expect(write(stdout, new Uint8Array([1, 2]))).toEqual({ tag: 'ok' });
    expect(write(stdout, new Uint8Array([3]))).toEqual({ tag: 'ok' });
    expect(out).toEqual([1, 2, 3]);
  });

  it('poll waits for the earliest timer', () => {
    const hostFn = hosted(new WasiP2(portableWasiHost()));
    const sub = hostFn('wasi:clocks/monotonic-clock@0.2.12', 'subscribe-duration');
    const poll = hostFn('wasi:io/poll@0.2.12', 'poll');
    const late = sub(5_000_000_000n) as ResourceHandle;
    const soon = sub(30_000_000n) as ResourceHandle;
    const t0 = Date.now();
    expect([...poll([late, soon])]).toEqual([1]);
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(25);
    expect(waited).toBeLessThan(5000); // not the late timer's 5 s
  });
});
