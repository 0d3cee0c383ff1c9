// Engine side: counts assertions and prints failures with the engine's own print function. No Node APIs.

export type Print = (line: string) => void;

/**
 * `console.log` in Node and browsers, `print` in Hermes and QuickJS. Console first: a browser's `print`
 * is window.print(), which opens a print dialog.
 */
export function enginePrint(): Print {
  const g = globalThis as unknown as { print?: (s: string) => void; console?: { log?(s: string): void } };
  if (typeof g.console?.log === 'function') return (s) => g.console!.log!(s);
  return (s) => g.print!(s);
}

/** The most failures printed one by one; the count covers all of them. */
const MAX_PRINTED = 60;

export class Tally {
  passed = 0;
  failed = 0;
  skipped = 0;
  private readonly skipReasons: Record<string, number> = {};

  constructor(private readonly print: Print) {}

  pass(): void {
    this.passed++;
  }

  /** `where`: suite/file:line, or the smoke test's name. */
  fail(where: string, message: string): void {
    this.failed++;
    if (this.failed <= MAX_PRINTED) this.print(`FAIL ${where}: ${message.replace(/\s+/g, ' ').slice(0, 400)}`);
    else if (this.failed === MAX_PRINTED + 1) this.print('FAIL … (more failures not printed)');
  }

  /** How long one part took: the harness reports the slowest parts, for sizing subset.ts. */
  time(where: string, ms: number): void {
    this.print(`TIME ${Math.round(ms)} ${where}`);
  }

  skip(reason: string): void {
    this.skipped++;
    this.skipReasons[reason] = (this.skipReasons[reason] ?? 0) + 1;
  }

  /** The last line the harness reads: one JSON object. */
  finish(ms: number): void {
    for (const r of Object.keys(this.skipReasons)) this.print(`SKIP ${this.skipReasons[r]}x ${r}`);
    this.print(`ENGINE-RESULT ${JSON.stringify({ passed: this.passed, failed: this.failed, skipped: this.skipped, ms: Math.round(ms) })}`);
  }
}

/** `Name: message` of anything thrown. */
export function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Whether `e` is the library's error `name` (by class name, so the check works across bundles). */
export function isNamed(e: unknown, name: string): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const ctor = (e as { constructor?: { name?: string } }).constructor;
  return (e as { name?: unknown }).name === name || ctor?.name === name;
}

/** The library reports a feature it does not have yet: the spec runner counts those as skips too. */
export function unsupportedReason(e: unknown): string | undefined {
  return isNamed(e, 'Unsupported') ? `not implemented yet: ${(e as Error).message}` : undefined;
}
