// `purewasm validate` end to end: run the CLI as a user would (npx tsx src/cli/main.ts validate FILE) on valid,
// invalid and malformed modules and components, and check exit codes and messages.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { describe, expect, it } from 'vitest';
import { projectRoot, sharedDir } from '../real-modules/corpus.js';

const tmp = mkdtempSync(join(tmpdir(), 'purewasm-cli-'));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'validate', ...args], { cwd: projectRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function wat(name: string, text: string): Promise<string> {
  const p = join(tmp, name);
  writeFileSync(p, await parse(text));
  return p;
}

describe('purewasm validate', () => {
  it('accepts a valid core module', () => {
    const r = cli(join(sharedDir, 'bench/wasm/fib.wasm'));
    expect(r.stderr).not.toMatch(/invalid|purewasm/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid core module');
  });

  it('accepts a valid component', () => {
    const r = cli(join(sharedDir, 'fixtures/components/jco/transpile/runtime/asmjs_bigint.component.wasm'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('valid component');
  });

  it('rejects an invalid module with section and offset', async () => {
    const f = await wat('bad-type.wasm', '(module (func (result i32) i64.const 0))');
    const r = cli(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid module: .*type mismatch.*\(code section, at byte offset \d+\)/);
  });

  it('rejects a malformed (truncated) module', () => {
    const bytes = readFileSync(join(sharedDir, 'bench/wasm/fib.wasm'));
    const f = join(tmp, 'truncated.wasm');
    writeFileSync(f, bytes.subarray(0, bytes.length - 5));
    const r = cli(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid module: .*at byte offset \d+/);
  });

  it('rejects a malformed (truncated) component', () => {
    const bytes = readFileSync(join(sharedDir, 'fixtures/components/jco/transpile/runtime/asmjs_bigint.component.wasm'));
    const f = join(tmp, 'truncated-component.wasm');
    writeFileSync(f, bytes.subarray(0, bytes.length - 3));
    const r = cli(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid component: .*at byte offset \d+/);
  });

  it('rejects an invalid component (two imports with the same name)', async () => {
    const ok = await wat('component.wasm', '(component (import "a" (func)) (import "b" (func)))');
    expect(cli(ok).code).toBe(0);
    const bad = await wat('bad-component.wasm', '(component (import "a" (func)) (import "a" (func)))');
    const r = cli(bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/invalid component: .*at byte offset \d+/);
  });

  it('reports a missing file and a missing argument', () => {
    expect(cli(join(tmp, 'nope.wasm')).code).toBe(1);
    expect(cli().code).toBe(2);
  });
});
