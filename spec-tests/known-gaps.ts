// Known gaps: failures that are understood and tracked by an open issue, reported as skips with their
// reason instead of failures, so CI stays a regression gate while features are still being built.
//
// Two sources, applied to the collected results after every run:
// 1. `Unsupported` errors from the VM ("not implemented: <feature>"): the engine says itself that it does
//    not have the feature yet. Only the VM throws them, and only for real gaps, never for bugs.
// 2. `known-gaps.json`: `"<suite>/<file>:<line>"` (one directive) or `"<suite>/<file>"` (every failure of
//    the file, e.g. a timeout) → reason with its issue number. A listed directive that no longer fails is
//    itself a failure ("remove it from the list"), so the list cannot silently go stale.
//
// `--write-known-gaps` rewrites the list from the current failures (review the reasons before committing).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FileResult } from './run-file.js';

const LIST = new URL('./known-gaps.json', import.meta.url);
const UNSUPPORTED = /Unsupported: not implemented: ([^\n]+?)(?:\)|$)/;

type Gaps = Record<string, string>;

function load(): Gaps {
  return existsSync(LIST) ? (JSON.parse(readFileSync(LIST, 'utf8')) as Gaps) : {};
}

function toSkip(r: FileResult, kind: string, line: number, reason: string): void {
  const k = r.byKind[kind];
  if (k) {
    k.failed--;
    k.skipped++;
  }
  const s = r.skips.find((x) => x.reason === reason);
  if (s) s.count++;
  else r.skips.push({ reason, count: 1, line });
}

/** Turns known and self-declared gaps into skips; flags listed gaps that now pass. */
export function applyKnownGaps(results: FileResult[]): void {
  const gaps = load();
  for (const r of results) {
    const file = `${r.suite}/${r.file}`;
    const remaining = [];
    const seen = new Set<string>();
    for (const f of r.failures) {
      const key = `${file}:${f.line}`;
      const unsupported = UNSUPPORTED.exec(f.message);
      const listed = gaps[key] ?? gaps[file];
      if (unsupported) toSkip(r, f.kind, f.line, `not implemented yet: ${unsupported[1]}`);
      else if (listed !== undefined) {
        seen.add(key);
        toSkip(r, f.kind, f.line, `known gap: ${listed}`);
      } else remaining.push(f);
    }
    for (const key of Object.keys(gaps)) {
      if (!key.startsWith(`${file}:`) || seen.has(key)) continue;
      const line = Number(key.slice(file.length + 1));
      remaining.push({ line, kind: 'known-gap', message: `listed in spec-tests/known-gaps.json but passes now: remove it` });
      (r.byKind['known-gap'] ??= { passed: 0, failed: 0, skipped: 0 }).failed++;
    }
    r.failures.splice(0, r.failures.length, ...remaining);
  }
}

/** Writes the current failures as the known-gap list, each with a reason derived from its message. */
export function writeKnownGaps(results: FileResult[]): number {
  const gaps: Gaps = {};
  for (const r of results) {
    for (const f of r.failures) {
      if (UNSUPPORTED.test(f.message)) continue;
      const issue = issueFor(r.suite, f.kind);
      gaps[`${r.suite}/${r.file}${f.line > 0 ? `:${f.line}` : ''}`] = `${f.message.replace(/\s+/g, ' ').slice(0, 160)} (issue #${issue})`;
    }
  }
  writeFileSync(LIST, JSON.stringify(gaps, null, 1) + '\n');
  return Object.keys(gaps).length;
}

function issueFor(suite: string, kind: string): number {
  if (suite.startsWith('core') || suite === 'threads') return 5;
  return kind === 'assert_invalid' || kind === 'assert_malformed' || kind === 'component' ? 6 : 8;
}
