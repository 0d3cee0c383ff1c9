// The newer oracle's side (run by the Node of scripts/install-oracle-node.mjs, bundled by oracle.ts): reads
// one request {bytes (base64), params, importedGlobals, tags} from stdin, runs the module under the harness in this
// Node's WebAssembly and writes {log} or {compileError} to stdout as JSON.
import { readFileSync } from 'node:fs';
import { nodeEngine } from './ttf-node.js';
import type { NodeWasm } from './ttf-node.js';
import { runShell } from './ttf-shell.js';
import type { ModuleShape } from './ttf-shell.js';
import type { ValType } from '../src/decoder/module.js';

const wasm = (globalThis as unknown as { WebAssembly: NodeWasm }).WebAssembly;
const request = JSON.parse(readFileSync(0, 'utf8')) as { bytes: string; params: [string, ValType[]][]; importedGlobals: ModuleShape['importedGlobals']; tags: [string, ValType[]][] };
const bytes = new Uint8Array(Buffer.from(request.bytes, 'base64'));
let answer: { log: string[] } | { compileError: string };
try {
  new wasm.Module(bytes);
  answer = { log: runShell(nodeEngine(wasm), bytes, { params: new Map(request.params), importedGlobals: request.importedGlobals, tags: new Map(request.tags) }) };
} catch (e) {
  answer = { compileError: e instanceof Error ? e.message : String(e) };
}
process.stdout.write(JSON.stringify(answer));
