// What a debugger scenario's program must have done once it ran to its end under DAP (the fixtures'
// ground truth, scenarios.json `run`): exit code, stdout and files written for WASI programs, the printed
// result for the others. Shared by the forward scenarios and the time-travel tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Json } from './dwarf/fixtures.js';
import type { DapClient } from './dap-client.js';

/** Waits for the `exited` event and checks the run against `sc.run`; `outDir` is the host side of /out. */
export async function expectScenarioOutcome(c: DapClient, sc: Json, wasi: unknown, outDir: string | undefined): Promise<void> {
  const exited = await c.event('exited');
  expect(exited.body.exitCode).toBe(wasi !== undefined ? sc.run.exit_code : 0);
  if (wasi !== undefined) {
    expect(c.output.filter((o) => o.category === 'stdout').map((o) => o.text).join('')).toBe(sc.run.stdout);
    for (const [path, text] of Object.entries(sc.run.files_written as Record<string, string>)) {
      expect(readFileSync(join(outDir!, path.slice('/out/'.length)), 'utf8')).toBe(text);
    }
  } else if (sc.run.result !== null) {
    expect(c.output.filter((o) => o.category === 'console').map((o) => o.text).join('')).toBe(`${sc.run.result}\n`);
  }
}
