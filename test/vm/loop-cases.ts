// The hot loop's cases as text, for the tests that check written-out copies against their originals
// (pairs.test.ts: pairs and tuples; packed.test.ts: packed operands).
import { readFileSync } from 'node:fs';

const src = readFileSync(new URL('../../src/vm/exec/interpreter.ts', import.meta.url), 'utf8').split('\n');
const CASE = /^ {8}case (\d+): \/\* (\w+) \*\/( \{)?$/;

/** Body lines of every case of the hot loop that has one case label (and of the pairs), by opcode name. */
export function caseBodies(): Map<string, string[]> {
  const start = src.indexOf('      switch (code[pc]) {');
  const end = src.findIndex((l, i) => i > start && l.startsWith('        default:'));
  const bodies = new Map<string, string[]>();
  for (let i = start + 1; i < end; i++) {
    const m = CASE.exec(src[i]);
    if (m === null) continue;
    const body: string[] = [];
    let j = i + 1;
    if (m[3] !== undefined) {
      while (src[j] !== '        }') body.push(src[j++]);
    } else {
      while (src[j] !== '          break;' && !CASE.test(src[j]) && !src[j].startsWith('        //')) body.push(src[j++]);
      if (src[j] === '          break;') body.push(src[j]);
    }
    if (body.length > 0) bodies.set(m[2], body);
    i = j - 1;
  }
  return bodies;
}
