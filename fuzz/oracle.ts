// The newer oracle: a Node whose V8 judges what Node 20's cannot (exnref, GC, memory64, multi-memory),
// installed by scripts/install-oracle-node.mjs. Each module runs in a child process of it under the same
// harness code as purewasm's tiers (oracle-child.ts, bundled with esbuild so that Node runs it as is).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { oracleNodePath } from '../scripts/install-oracle-node.mjs';
import type { ModuleShape } from './ttf-shell.js';

/** An oracle out of process: the harness's log of a module, or why the oracle did not compile it. */
export interface Oracle {
  run(bytes: Uint8Array, shape: ModuleShape): { log: string[] } | { compileError: string };
}

export class NewerNode implements Oracle {
  private readonly script = join(dirname(oracleNodePath), 'oracle-child.mjs');

  /** Undefined when the oracle is not installed (`node scripts/install-oracle-node.mjs` installs it). */
  static find(): NewerNode | undefined {
    return existsSync(oracleNodePath) ? new NewerNode() : undefined;
  }

  private constructor() {
    mkdirSync(dirname(this.script), { recursive: true });
    const child = join(dirname(new URL(import.meta.url).pathname), 'oracle-child.ts');
    // (written aside and renamed: another fuzzer process may be running the script)
    const written = `${this.script}.${process.pid}.tmp`;
    buildSync({ entryPoints: [child], bundle: true, platform: 'node', format: 'esm', outfile: written, logLevel: 'error' });
    renameSync(written, this.script);
  }

  /** The harness's log of `bytes` in the newer Node, or why it did not compile the module. */
  run(bytes: Uint8Array, shape: ModuleShape): { log: string[] } | { compileError: string } {
    const request = JSON.stringify({ bytes: Buffer.from(bytes).toString('base64'), params: [...shape.params], importedGlobals: shape.importedGlobals, tags: [...shape.tags] });
    // The modules' loops have hang limits: a minute is far past any run's time.
    const r = spawnSync(oracleNodePath, [this.script], { input: request, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
    if (r.status !== 0) throw new Error(`the oracle (${oracleNodePath}) failed: ${r.error?.message ?? r.stderr}`);
    return JSON.parse(r.stdout) as { log: string[] } | { compileError: string };
  }
}
