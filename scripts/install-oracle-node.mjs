// Installs the fuzzer's newer oracle: a Node whose V8 runs what Node 20's cannot (exception handling with
// exnref, GC, memory64, multi-memory, relaxed SIMD), from the npm registry's `node-<platform>-<arch>` package,
// into .cache/oracle-node/<version>/node. Not a package.json dependency: it is a 57 MB download that only
// `npm run fuzz` over those feature sets needs. Prints the binary's path; does nothing when it is there.
//
//   node scripts/install-oracle-node.mjs      (or: npm run fuzz:oracle)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oracle's version: fuzz/oracle.ts finds the binary by it (change both together). */
export const ORACLE_NODE_VERSION = '26.12.1';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const oracleNodePath = join(root, '.cache', 'oracle-node', ORACLE_NODE_VERSION, 'node');

function install() {
  if (existsSync(oracleNodePath)) return oracleNodePath;
  const pkg = `node-${process.platform}-${process.arch}@${ORACLE_NODE_VERSION}`;
  const scratch = mkdtempSync(join(tmpdir(), 'purewasm-oracle-'));
  try {
    // npm pack checks the tarball's integrity against the registry's; only bin/node is kept.
    const tarball = execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', scratch], { encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['-xzf', join(scratch, tarball), '-C', scratch, 'package/bin/node']);
    mkdirSync(dirname(oracleNodePath), { recursive: true });
    renameSync(join(scratch, 'package/bin/node'), oracleNodePath);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return oracleNodePath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(install());
