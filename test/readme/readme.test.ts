// The README's code, checked as written. Every ```ts block after a `<!-- readme-test: NAME -->` marker is
// type-checked strictly (with `purewasm` and `purewasm/core` mapped to the sources) and run from the project
// root; a line `console.log(EXPR); // SHOWN` must print SHOWN (compared with whitespace collapsed, since
// Node's console.log breaks long arrays over lines).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const dir = join(root, '.cache/readme');

interface Block {
  readonly name: string;
  readonly code: string;
}

function readmeBlocks(): Block[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/<!-- readme-test: ([\w-]+) -->\n```ts\n([\s\S]*?)\n```/g)].map((m) => ({ name: m[1]!, code: m[2]! }));
}

/** Turns each `console.log(EXPR); // SHOWN` into a check that EXPR prints SHOWN. */
function instrument(code: string): { source: string; checks: number } {
  let checks = 0;
  const body = code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.*)$/.exec(line);
      if (!m) return line;
      checks++;
      return `${m[1]}__check(${JSON.stringify(line.trim())}, ${m[2]}, ${JSON.stringify(m[3])});`;
    })
    .join('\n');
  const helper = `
import { format as __format } from 'node:util';
function __check(line: string, value: unknown, shown: string): void {
  const printed = __format(value).replace(/\\s+/g, ' ');
  if (printed !== shown.replace(/\\s+/g, ' ')) throw new Error(\`README line \${line} prints \${printed}, not \${shown}\`);
  console.log('checked:', line);
}
`;
  return { source: `${body}\n${helper}`, checks };
}

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

const blocks = readmeBlocks();
mkdirSync(dir, { recursive: true });
const checks = new Map<string, number>();
for (const b of blocks) {
  const { source, checks: n } = instrument(b.code);
  writeFileSync(join(dir, `${b.name}.ts`), source);
  checks.set(b.name, n);
}
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.node.json',
    compilerOptions: { noEmit: true, baseUrl: '../..', paths: { purewasm: ['src/index.ts'], 'purewasm/core': ['src/vm/index.ts'], 'purewasm/jit': ['src/jit/index.ts'], 'purewasm/js-runtime': ['src/js-runtime/index.ts'], 'purewasm/wasi': ['src/wasi/index.ts'], 'purewasm/wasi/node': ['src/wasi/node/index.ts'], 'purewasm/replay': ['src/replay/index.ts'], 'purewasm/debug': ['src/debug/index.ts'], 'purewasm/snapshot': ['src/snapshot/index.ts'], 'purewasm/wit': ['src/wit/index.ts'], 'purewasm/simd': ['src/simd/index.ts'], 'purewasm/gc': ['src/gc/index.ts'], 'purewasm/threads': ['src/threads/index.ts'], 'purewasm/legacy-exceptions': ['src/legacy-exceptions/index.ts'], 'purewasm/wide-arithmetic': ['src/wide-arithmetic/index.ts'], 'purewasm/async': ['src/async/index.ts'], 'purewasm/polyfill': ['src/polyfill/index.ts'] } },
    include: blocks.map((b) => `${b.name}.ts`),
  }),
);

describe('README', () => {
  it('has the examples this test expects', () => {
    expect(blocks.map((b) => b.name)).toEqual(expect.arrayContaining(['core', 'components', 'wasi', 'stores']));
  });

  it('type-checks every example strictly', () => {
    expect(run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir])).toBe('');
  });

  for (const b of blocks) {
    it(`example "${b.name}" runs and prints what the README shows`, () => {
      const out = run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(dir, 'tsconfig.json'), join(dir, `${b.name}.ts`)]);
      const done = out.split('\n').filter((l) => l.startsWith('checked:'));
      expect(done.length).toBe(checks.get(b.name));
      expect(done.length).toBeGreaterThan(0);
    });
  }
});
