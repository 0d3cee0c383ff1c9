// `purewasm wit FILE`: print the WIT of a component (root world, then every interface it uses).
import { readFileSync } from 'node:fs';
import { Component } from '../component/component.js';
import { CompileError } from '../decoder/errors.js';

export default function wit(args: string[]): number {
  const file = args.find((a) => !a.startsWith('-'));
  if (file === undefined || args.includes('--help') || args.includes('-h')) {
    process.stderr.write('usage: purewasm wit FILE\n');
    return file === undefined ? 2 : 0;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(`purewasm wit: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  try {
    process.stdout.write(Component.decode(bytes).toWit());
    return 0;
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`purewasm wit: ${file}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
