// Every function of the WASI 0.3.0 WIT (../shared/fixtures/wit/wasi/0.3.0) in the packages WasiP3 implements
// is defined by addToLinker, under the interface name and version components import, and nothing is defined
// that the WIT does not have (a misspelt name would link nothing). Sockets and HTTP are the network part.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linker, type LinkerInstance } from '../../src/index.js';
import { WASI_P3_INTERFACES, WASI_P3_VERSION, WasiP3, portableWasiHost } from '../../src/wasi/index.js';
import { SHARED } from '../shared.js';

const WIT = `${SHARED}/fixtures/wit/wasi/0.3.0`;

/** interface name (ns:pkg/iface) → the functions it has, resource methods as `[method]r.f`. */
function witFunctions(pkg: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(join(WIT, pkg)).filter((f) => f.endsWith('.wit'))) {
    let iface: string | undefined;
    let resource: string | undefined;
    let depth = 0;
    for (const raw of readFileSync(join(WIT, pkg, f), 'utf8').split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      const i = /^interface ([\w-]+) \{/.exec(line);
      if (i !== null && depth === 0) {
        iface = `wasi:${pkg}/${i[1]}`;
        out.set(iface, []);
      }
      const r = /^resource ([\w-]+) \{/.exec(line);
      if (r !== null && depth === 1) resource = r[1];
      const fn = /^(%?[\w-]+): (static )?(?:async )?func\b/.exec(line);
      const inResource = resource !== undefined && depth === 2;
      if (fn !== null && iface !== undefined) {
        const name = fn[1].replace(/^%/, '');
        const kind = fn[2] !== undefined ? 'static' : 'method';
        out.get(iface)!.push(inResource ? `[${kind}]${resource}.${name}` : name);
      }
      if (/^constructor\(/.test(line) && iface !== undefined && inResource) out.get(iface)!.push(`[constructor]${resource}`);
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      if (depth < 2) resource = undefined;
      if (depth === 0) iface = undefined;
    }
  }
  return out;
}

function definedFunctions(li: LinkerInstance): string[] {
  return [...li.defs].filter(([, d]) => d.kind === 'func').map(([n]) => n).sort();
}

describe('WasiP3 defines the WASI 0.3.0 interfaces it claims, function by function', () => {
  const linker = new Linker();
  new WasiP3(portableWasiHost()).addToLinker(linker);
  const wit = new Map(['cli', 'clocks', 'random', 'filesystem', 'sockets', 'http'].flatMap((p) => [...witFunctions(p)]));

  it('WASI_P3_INTERFACES is every interface of those packages a command imports (not the types-only ones, which link without a definition, nor run and handler, which it exports)', () => {
    const notImported = ['wasi:cli/types', 'wasi:clocks/types', 'wasi:cli/run', 'wasi:http/handler'];
    expect([...WASI_P3_INTERFACES].sort()).toEqual([...wit.keys()].filter((n) => !notImported.includes(n)).sort());
  });

  for (const name of WASI_P3_INTERFACES) {
    it(name, () => {
      const li = linker.instance(`${name}@${WASI_P3_VERSION}`);
      expect(definedFunctions(li)).toEqual([...(wit.get(name) ?? [])].sort());
    });
  }
});
