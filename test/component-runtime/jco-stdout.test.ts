// Composed components that only print: a few lines of fake stdout are enough to check them (the real
// WASI host lives elsewhere). utf8-utf16.composed moves strings between a UTF-8 and a UTF-16 component.
import { describe, expect, it } from 'vitest';
import { ResourceType, hostResource, type ResourceHandle } from '../../src/component/runtime/index.js';
import { decodeUtf8 } from '../../src/abi/index.js';
import { linkerWith, runSteps } from './runner.js';
import { expectationsFor, loadComponent } from './helpers.js';

function fakeStdout(version: string, args: string[]) {
  const out: number[] = [];
  const OS = new ResourceType('host', 'output-stream');
  const S = `wasi:io/streams@${version}#[method]output-stream.`;
  const write = (_self: ResourceHandle, bytes: Uint8Array) => {
    out.push(...bytes);
    return { tag: 'ok' };
  };
  const impls = {
    [`wasi:cli/environment@${version}#get-arguments`]: () => args,
    [`wasi:cli/stdout@${version}#get-stdout`]: () => hostResource(OS, 'stdout'),
    [`wasi:cli/stderr@${version}#get-stderr`]: () => hostResource(OS, 'stdout'),
    [`${S}check-write`]: () => ({ tag: 'ok', val: 4096n }),
    [`${S}write`]: write,
    [`${S}blocking-write-and-flush`]: write,
    [`${S}blocking-flush`]: () => ({ tag: 'ok' }),
    [`${S}flush`]: () => ({ tag: 'ok' }),
  };
  return { impls, OS, text: () => decodeUtf8(new Uint8Array(out), 0, out.length) };
}

describe('composed components printing to stdout', () => {
  // The WASI preview1 adapter's import allocator accepts one allocation per string ("assertion failed at
  // adapter line 373" otherwise): src/abi/strings.ts lowers host strings at their exact UTF-8 length.
  it('utf8-utf16.composed: string transcoding between composed components', () => {
    const c = loadComponent('jco/components/utf8-utf16.composed.wasm');
    const arg = 'asdf中文🀄️⏰';
    const io = fakeStdout('0.2.0', ['utf8-utf16', arg]);
    // stderr's output-stream is the same resource (stubbed, but with this type).
    const linker = linkerWith(c, io.impls, { 'wasi:io/streams@0.2.0#output-stream': io.OS, 'wasi:cli/stdout@0.2.0#output-stream': io.OS });
    const inst = linker.instantiate(c);
    expect(inst.exports.func('wasi:cli/run@0.2.0#run').call([])).toEqual({ tag: 'ok' });
    expect(io.text()).toBe(`ret: ${arg}${arg}\n`);
  });

  it('stdio.composed: test-stdio prints through a virtualized stdio', () => {
    const c = loadComponent('jco/components/stdio.composed.wasm');
    const io = fakeStdout('0.2.1', []);
    // stderr's output-stream is the same resource (stubbed, but with this type).
    const linker = linkerWith(c, io.impls, { 'wasi:io/streams@0.2.1#output-stream': io.OS, 'wasi:cli/stdout@0.2.1#output-stream': io.OS });
    const inst = linker.instantiate(c);
    runSteps(inst, expectationsFor('jco/components/stdio.composed.wasm').steps);
    expect(io.text()).toBe('Hello world\n');
  });
});
