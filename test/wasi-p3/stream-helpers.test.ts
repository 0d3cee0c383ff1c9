// The two shapes in which WASI 0.3 moves bytes (src/wasi/p3/common.ts), driven from JS alone: a host source
// handed out as a stream plus a result future (sourceStream), and a stream drained into a host sink with a
// result future (drainStream). The guest side is the component runtime's host reader/writer here, so what
// is checked is the WASI contract: everything arrives in order, the source is pulled only on demand, the
// future says ok at the end or when the reader drops the stream, and an I/O failure is err(error-code).
import { describe, expect, it } from 'vitest';
import { HostFutureReader, HostStreamReader, hostStream } from '../../src/async/index.js';
import { Errno, WasiError } from '../../src/wasi/index.js';
import { cliErrorCode, drainStream, fsErrorCode, sourceStream, type Chunk } from '../../src/wasi/p3/common.js';

const futureValue = (f: unknown): Promise<unknown> => new HostFutureReader((f as { shared: never }).shared).read();
const bytes = (...xs: number[]) => Uint8Array.from(xs);

/** The stream half of a sourceStream as the reader a guest would be. */
function readerOf(source: AsyncIterable<Chunk>): HostStreamReader<number> {
  return new HostStreamReader(hostStream(source));
}

describe('sourceStream: a host source as tuple<stream<u8>, future<result<_, error-code>>>', () => {
  it('delivers the chunks in order, pulls only when read, and resolves ok at the end', async () => {
    const chunks = [bytes(1, 2), bytes(3), bytes(4, 5, 6)];
    let pulls = 0;
    const [stream, future] = sourceStream(() => {
      pulls++;
      return chunks.shift() ?? null;
    }, fsErrorCode);
    const reader = readerOf(stream);
    await new Promise((r) => setTimeout(r, 5));
    expect(pulls).toBe(0); // nobody reads yet: a blocking stdin is not touched
    const got: number[] = [];
    for (let c = await reader.read(); c !== null; c = await reader.read()) got.push(...c);
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await futureValue(future)).toEqual({ tag: 'ok' });
  });

  it('reports a failing source as err(error-code) (a variant for the filesystem, the enum for stdio)', async () => {
    const [s1, f1] = sourceStream(() => {
      throw new WasiError(Errno.NOENT);
    }, fsErrorCode);
    expect(await readerOf(s1).read()).toBeNull();
    expect(await futureValue(f1)).toEqual({ tag: 'err', val: { tag: 'no-entry' } });
    const [s2, f2] = sourceStream(() => {
      throw Object.assign(new Error('broken pipe'), { code: 'EPIPE' });
    }, cliErrorCode);
    expect(await readerOf(s2).read()).toBeNull();
    expect(await futureValue(f2)).toEqual({ tag: 'err', val: 'pipe' });
  });

  it('resolves ok when the reader drops the stream early, and pulls no more', async () => {
    let pulls = 0;
    const [stream, future] = sourceStream(() => {
      pulls++;
      return bytes(pulls);
    }, fsErrorCode);
    const reader = readerOf(stream);
    expect(await reader.read()).toEqual([1]);
    reader.cancel();
    expect(await futureValue(future)).toEqual({ tag: 'ok' });
    await new Promise((r) => setTimeout(r, 5));
    expect(pulls).toBe(1);
  });

  it('an error that is not an I/O failure (a host bug) is not turned into an error-code', async () => {
    const [stream, future] = sourceStream(() => {
      throw new TypeError('bug');
    }, fsErrorCode);
    expect(await readerOf(stream).read()).toBeNull();
    await expect(futureValue(future)).rejects.toThrow(/dropped it without writing a value/);
  });
});

describe('drainStream: a stream<u8> into a host sink, answering future<result<_, error-code>>', () => {
  it('writes every chunk, in order, and resolves ok once the writer is done', async () => {
    const written: number[] = [];
    const future = drainStream(new HostStreamReader(hostStream([bytes(1, 2), bytes(3)])), (b) => void written.push(...b), cliErrorCode);
    expect(await futureValue(future)).toEqual({ tag: 'ok' });
    expect(written).toEqual([1, 2, 3]);
  });

  it('a failing write answers err(error-code) and drops the stream (the writer stops)', async () => {
    let offered = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        offered++;
        yield bytes(i);
      }
    }
    const future = drainStream(new HostStreamReader(hostStream(source())), () => {
      throw new WasiError(Errno.NOSPC);
    }, fsErrorCode);
    expect(await futureValue(future)).toEqual({ tag: 'err', val: { tag: 'insufficient-space' } });
    await new Promise((r) => setTimeout(r, 5));
    expect(offered).toBeLessThan(10);
  });

  it('an error-code 0.3 does not have becomes other(name)', () => {
    expect(fsErrorCode(new WasiError(Errno.AGAIN))).toEqual({ tag: 'other', val: 'would-block' });
    expect(() => fsErrorCode(new RangeError('not an I/O failure'))).toThrow(RangeError);
  });
});
