// How the component layer refuses what needs a component-side pack it was not given (`purewasm/async`,
// `purewasm/component-memory64`, the GC ABI of `purewasm/gc`, issue #12), in one wording: the definition, its
// offset, what it needs and the fix — and what it says when an option is given another object than its pack.
import { CompileError } from '../decoder/errors.js';

/** Throws the CompileError of canon definition `what` at `offset`, which `needs` the pack `option` of `purewasm/<entry>`. */
export function refuseWithoutPack(what: string, offset: number, needs: string, option: string, entry: string): never {
  throw new CompileError(
    `canon ${what} at offset 0x${offset.toString(16)} ${needs}: new Component(bytes, { ${option} }) with import { ${option} } from 'purewasm/${entry}'`,
    'canon', offset, 'invalid',
  );
}

/** Whether `pack` (the option `option`'s value) is given; a TypeError when it is another object than `purewasm/<entry>`'s pack of `family`. */
export function packGiven(pack: { readonly family: string } | undefined, family: string, option: string, entry: string): boolean {
  if (pack === undefined) return false;
  // (a plain JS caller could pass another pack)
  if (pack.family !== family) throw new TypeError(`the ${option} option is given the ${String(pack.family)} pack, not purewasm/${entry}'s ${option}`);
  return true;
}
