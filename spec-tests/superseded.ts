// Assertions of the 2.0 and threads suites that Wasm 3.0 dropped. Our validator implements 3.0, which made
// some 2.0 errors legal (several memories or tables, memory-index immediates where 2.0 wanted a zero byte,
// `global.get` of any earlier immutable global in constant expressions). An `assert_invalid`/`assert_malformed`
// of those suites that we accept is skipped, not failed, when the same form appears in no assertion of the
// 3.0 suite: the 3.0 suite is the judge of what 3.0 rejects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SUITES, listFiles } from './suites.js';
import { type ModuleForm, readCommands } from './wast/commands.js';
import { parseSExprs } from './wast/sexpr.js';

export const SUPERSEDED = '2.0-era assertion that Wasm 3.0 dropped (not in the 3.0 suite; 3.0 accepts this module)';

let index: Set<string> | undefined;

function keyOf(form: ModuleForm): string {
  if (form.shape === 'binary') return `b:${Buffer.from(form.bytes!).toString('hex')}`;
  return `t:${form.text.replace(/\s+/g, ' ').trim()}`;
}

/** Whether this form is asserted invalid or malformed anywhere in the 3.0 suite. */
export function assertedIn30(form: ModuleForm, shared: string): boolean {
  if (!index) {
    index = new Set();
    const suite = SUITES.find((s) => s.name === 'core-3.0')!;
    for (const f of listFiles(suite, shared)) {
      const src = readFileSync(join(f.path), 'utf8');
      for (const c of readCommands(parseSExprs(src), src)) {
        if (c.type === 'assert_invalid' || c.type === 'assert_malformed') index.add(keyOf(c.form));
      }
    }
  }
  return index.has(keyOf(form));
}
