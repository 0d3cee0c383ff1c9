// Builds test guests: a core module in .wat (test/wasi/fixtures) with a world's WIT embedded, made a
// component by jco (test-only tool; componentNew checks every import and export signature against the
// WIT, so a slip in a hand-written canonical-ABI signature fails here, not at run time).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco';
import { SHARED } from '../shared.js';

const WIT = `${SHARED}/fixtures/wit/wasi/0.2.12`;

/** The world source plus every WASI 0.2.12 package it may use, as one WIT document (nested packages). */
export function witSource(world: string): string {
  let src = world;
  for (const p of ['http', 'io', 'clocks', 'random', 'cli', 'filesystem', 'sockets']) {
    let body = '';
    for (const f of readdirSync(join(WIT, p)).filter((f) => f.endsWith('.wit')).sort()) {
      body += readFileSync(join(WIT, p, f), 'utf8').replace(/^\s*package [^;]+;/m, '') + '\n';
    }
    src += `package wasi:${p}@0.2.12 {\n${body}\n}\n`;
  }
  return src;
}

/** The component of fixtures/`watFile` for `world` (named `worldName` in `worldSource`). */
export async function buildComponent(watFile: string, worldSource: string, worldName: string): Promise<Uint8Array> {
  const core = await parse(readFileSync(join(__dirname, 'fixtures', watFile), 'utf8'));
  return componentNew(await componentEmbed({ binary: core, witSource: witSource(worldSource), world: worldName }));
}
