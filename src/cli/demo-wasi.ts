// The WASI half of `purewasm demo`: real WASI programs run exactly as `purewasm run FILE` runs them (the
// same runCommand), with their output captured and shown. Returns the number of failures.
import { join } from 'node:path';
import { bytesInput, callbackOutput } from '../wasi/index.js';
import { runCommand, type RunIo } from './run.js';

interface Program {
  readonly file: string;
  readonly what: string;
  readonly stdout: string;
}

const PROGRAMS: readonly Program[] = [
  { file: 'fixtures/components/jco/jco/components/hello_stdout.component.wasm', what: 'WASI 0.2 component', stdout: 'writing to stdout: hello, world\n' },
  { file: 'fixtures/components/jco/jco/modules/hello_stdout.wasm', what: 'WASI preview1 module', stdout: 'writing to stdout: hello, world\n' },
];

export function runWasiDemo(shared: string, write: (s: string) => void): number {
  let failures = 0;
  write('\nreal WASI programs, run as `purewasm run FILE` runs them\n');
  for (const p of PROGRAMS) {
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    let messages = '';
    const io: RunIo = {
      out: (t) => (messages += t),
      err: (t) => (messages += t),
      stdin: bytesInput(''),
      stdout: callbackOutput((b) => out.push(b)),
      stderr: callbackOutput((b) => err.push(b)),
      env: {},
    };
    const code = runCommand([join(shared, p.file)], io);
    // Decoded once at the end: a chunk boundary may split a UTF-8 sequence.
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8') + messages;
    const ok = code === 0 && stdout === p.stdout;
    if (!ok) failures++;
    write(`  ${p.file.split('/').pop()} (${p.what}): exit ${code}  ${ok ? 'ok' : `MISMATCH (expected exit 0 and ${JSON.stringify(p.stdout)})`}\n`);
    for (const line of stdout.split('\n').filter((l) => l !== '')) write(`    stdout | ${line}\n`);
    for (const line of stderr.split('\n').filter((l) => l !== '')) write(`    stderr | ${line}\n`);
  }
  return failures;
}
