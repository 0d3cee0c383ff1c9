// Comparing purewasm's outcomes of a cases file with V8's recorded ones (oracle-run.ts on Node; the engine
// driver, test/engines/driver/polyfill.ts, in every engine). Engine-neutral: no Node APIs.

/**
 * What differs between purewasm's `outcomes` and `expected` (V8's), case by case, as lines (empty: nothing),
 * leaving out the `kept` differences (case → the reason); a kept one that is no difference any more, or a case
 * missing on either side, is a line too.
 */
export function outcomeDifferences(expected: Readonly<Record<string, string>>, outcomes: Readonly<Record<string, string>>, kept: Readonly<Record<string, string>>): string[] {
  const lines: string[] = [];
  for (const k of new Set([...Object.keys(expected), ...Object.keys(outcomes)])) {
    const v8 = expected[k];
    const ours = outcomes[k];
    if (kept[k] !== undefined) {
      if (ours === v8) lines.push(`${k}: kept as a difference (${kept[k]}), but purewasm now agrees with V8`);
    } else if (ours !== v8) lines.push(`${k}: V8 ${v8 ?? '(no such case)'}, purewasm ${ours ?? '(no such case)'}`);
  }
  return lines;
}
