// Prints results: a per-file table with the first failure/skip reasons, per-suite totals, or one JSON object.
import type { FileResult, Tally } from './run-file.js';

export interface SuiteTotals extends Tally {
  byKind: Record<string, Tally>;
}

export function totals(results: FileResult[]): Record<string, SuiteTotals> {
  const out: Record<string, SuiteTotals> = {};
  for (const r of results) {
    const s = (out[r.suite] ??= { passed: 0, failed: 0, skipped: 0, byKind: {} });
    for (const [kind, t] of Object.entries(r.byKind)) {
      const k = (s.byKind[kind] ??= { passed: 0, failed: 0, skipped: 0 });
      k.passed += t.passed;
      k.failed += t.failed;
      k.skipped += t.skipped;
      s.passed += t.passed;
      s.failed += t.failed;
      s.skipped += t.skipped;
    }
  }
  return out;
}

const sum = (r: FileResult, f: keyof Tally): number => Object.values(r.byKind).reduce((n, t) => n + t[f], 0);
const clip = (s: string, n: number): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function printTable(results: FileResult[], verbose: boolean, write: (s: string) => void): void {
  const width = Math.min(48, Math.max(4, ...results.map((r) => r.suite.length + r.file.length + 1)));
  write(`${'file'.padEnd(width)}  ${'pass'.padStart(6)} ${'fail'.padStart(5)} ${'skip'.padStart(5)}  first failure / skip reasons\n`);
  for (const r of results) {
    const name = clip(`${r.suite}/${r.file}`, width).padEnd(width);
    const reasons: string[] = [];
    if (r.failures.length > 0) {
      const f = r.failures[0]!;
      reasons.push(`FAIL ${f.line}: ${f.kind}: ${clip(f.message, 140)}`);
    }
    for (const s of r.skips.slice(0, 3)) reasons.push(`skip ×${s.count} (line ${s.line}): ${clip(s.reason, 120)}`);
    if (r.skips.length > 3) reasons.push(`… ${r.skips.length - 3} more skip reasons`);
    const counts = `${String(sum(r, 'passed')).padStart(6)} ${String(sum(r, 'failed')).padStart(5)} ${String(sum(r, 'skipped')).padStart(5)}`;
    write(`${name}  ${counts}  ${reasons[0] ?? ''}\n`);
    for (const extra of reasons.slice(1)) write(`${' '.repeat(width + 20)}  ${extra}\n`);
    if (verbose) for (const f of r.failures) write(`    ${r.suite}/${r.file}:${f.line}: ${f.kind}: ${f.message}\n`);
  }
  write('\n');
  const t = totals(results);
  for (const [suite, s] of Object.entries(t)) {
    write(`${suite.padEnd(22)} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped\n`);
    for (const [kind, k] of Object.entries(s.byKind).sort()) {
      write(`    ${kind.padEnd(24)} ${String(k.passed).padStart(6)} passed ${String(k.failed).padStart(6)} failed ${String(k.skipped).padStart(6)} skipped\n`);
    }
  }
}

/**
 * One JSON object: per suite the totals, every skip with its reason (`count` directives of `file` skipped for
 * `reason`, the first at `line`), so what remains skipped can be counted by reason, and every failure as a line
 * (`file:line kind: message`), so a summary can say what failed.
 */
export function jsonReport(results: FileResult[]): string {
  type Extra = { skips?: { file: string; line: number; count: number; reason: string }[]; failures?: string[] };
  const suites = totals(results) as Record<string, SuiteTotals & Extra>;
  for (const r of results) {
    const suite = suites[r.suite]!;
    for (const k of r.skips) (suite.skips ??= []).push({ file: r.file, line: k.line, count: k.count, reason: k.reason });
    for (const f of r.failures) (suite.failures ??= []).push(`${r.file}:${f.line} ${f.kind}: ${f.message.slice(0, 300)}`);
  }
  return JSON.stringify({ suites });
}

/** The most frequent failure messages across files (numbers normalized), to show what to fix first. */
export function printTopFailures(results: FileResult[], limit: number, write: (s: string) => void): void {
  const counts = new Map<string, { count: number; example: string }>();
  for (const r of results) {
    for (const f of r.failures) {
      const key = `${r.suite.startsWith('component') ? 'component' : 'core'} ${f.kind}: ${f.message.replace(/0x[0-9a-f]+|\d+/gi, 'N').slice(0, 160)}`;
      const e = counts.get(key);
      if (e) e.count++;
      else counts.set(key, { count: 1, example: `${r.suite}/${r.file}:${f.line}` });
    }
  }
  if (counts.size === 0) return;
  write(`\nmost frequent failures:\n`);
  for (const [key, { count, example }] of [...counts].sort((a, b) => b[1].count - a[1].count).slice(0, limit)) {
    write(`${String(count).padStart(7)}  ${key}  (e.g. ${example})\n`);
  }
}
