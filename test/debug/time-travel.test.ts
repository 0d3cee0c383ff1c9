// Time travel through the DAP server, over every scenario of ../shared/fixtures/debug/scenarios.json: the
// program runs to the scenario's first stop; from there forward, one wasm instruction at a time, the full
// state is digested at every stop (memory, globals, every frame's pc, wasm locals and operand stack, all
// read through DAP requests); then `stepBack` (instruction and line granularity) and `reverseContinue` go
// back, and every place they land must have exactly the digest forward execution had at that moment.
// Snapshots are taken every 1,000 instructions, so landings restore snapshots of suspended calls, not only
// the start. After the travels the program runs to its end with the scenario's output (written once: a
// re-execution answers from the recording and prints nothing again) and exit code.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DapSession, type Debugger } from '../../src/debug/index.js';
import { dapLauncher } from '../../src/cli/debug.js';
import { DEBUG_DIR, scenarios, type Json } from './dwarf/fixtures.js';
import { DapClient, type Msg } from './dap-client.js';
import { expectScenarioOutcome } from './scenario-outcome.js';

/** A client whose session also hands the test the launched debugger: the moment of each stop (clock, frame
 *  depth) is read from it to know which forward stop a landing must equal; everything else goes through DAP. */
function client(): { c: DapClient; dbg: () => Debugger } {
  let dbg: Debugger | null = null;
  const c = new DapClient((m) => session.handle(m));
  const session = new DapSession((m) => setTimeout(() => c.deliver(m), 0), (a, out) => {
    const p = dapLauncher(a, out);
    dbg = p.debugger;
    return p;
  });
  return { c, dbg: () => dbg! };
}

/** The state at a stop, as DAP shows it: memory, globals, and per frame its pc, wasm locals and operand stack. */
async function digest(c: DapClient): Promise<string> {
  const h = createHash('sha256');
  const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames.filter((f: Msg) => f.presentationHint !== 'label');
  for (const f of frames) {
    h.update(`${f.name}@${f.instructionPointerReference}:${f.line}|`);
    const scopes = (await c.request('scopes', { frameId: f.id })).body.scopes;
    for (const name of ['Wasm locals', 'Operand stack', ...(f.id === 1 ? ['Globals'] : [])]) {
      const s = scopes.find((x: Msg) => x.name === name);
      for (const v of await c.variables(s.variablesReference)) h.update(`${name}:${v.name}=${v.type} ${v.value};`);
    }
  }
  const mem = (await c.request('readMemory', { memoryReference: '0x0', count: 1 << 24 })).body;
  h.update(mem.data ?? '');
  return h.digest('hex');
}

interface Seen {
  key: string;
  time: number;
  depth: number;
  fp: number;
  pos: number;
  digest: string;
  reason: string;
}

/** A stop, keyed by its moment, frame and instruction address (not its code position: one instruction has
 *  one in a function's fused code and another in its exact code, src/vm/exec/debug.ts). */
async function stopped(c: DapClient, dbg: Debugger): Promise<Seen> {
  const ev = await c.event('stopped');
  const s = dbg.stopped!;
  return { key: `${s.time}/${s.frame.depth}/${s.frame.fp}/${s.frame.address}`, time: s.time, depth: s.frame.depth, fp: s.frame.fp, pos: s.frame.pos, digest: await digest(c), reason: ev.body.reason };
}

async function setBreakpoints(c: DapClient, specs: string[]): Promise<void> {
  const files = new Map<string, number[]>();
  const functions: string[] = [];
  for (const s of specs) {
    if (s.startsWith('function:')) functions.push(s.slice('function:'.length));
    else {
      const i = s.lastIndexOf(':');
      files.set(s.slice(0, i), [...(files.get(s.slice(0, i)) ?? []), Number(s.slice(i + 1))]);
    }
  }
  for (const [file, lines] of files) await c.request('setBreakpoints', { source: { path: join(DEBUG_DIR, file) }, breakpoints: lines.map((line) => ({ line })) });
  await c.request('setFunctionBreakpoints', { breakpoints: functions.map((name) => ({ name })) });
}

const FORWARD = 40;

/** Whether moment a comes before moment b (b a forward stop): an earlier clock, or the same clock (one
 *  straight-line segment) in the same frame at an earlier position. */
function before(a: Seen, b: Seen): boolean {
  return a.time < b.time || (a.time === b.time && a.depth === b.depth && a.fp === b.fp && a.pos < b.pos);
}

describe('time travel through the DAP server', () => {
  for (const sc of scenarios()) {
    it(sc.id, async () => {
      const { c, dbg } = client();
      const init = await c.request('initialize', { adapterID: 'purewasm' });
      expect(init.body.supportsStepBack).toBe(true);
      const wasi = sc.run.wasi_preview1;
      const outDir = wasi !== undefined ? mkdtempSync(join(tmpdir(), 'pwtt-')) : undefined;
      try {
        const program = join(DEBUG_DIR, sc.binary);
        const launch = c.request('launch', wasi !== undefined
          ? { program, argv0: wasi.args[0], args: wasi.args.slice(1), env: wasi.env, preopens: { '/out': outDir }, snapshotInterval: 1000 }
          : { program, invoke: sc.run.invoke, args: sc.run.args.map(String), snapshotInterval: 1000 });
        await c.event('initialized');
        await setBreakpoints(c, sc.breakpoints.map((b: Json) => b.spec));
        await c.request('configurationDone');
        await launch;
        const hit = Number(/hit number (\d+)/.exec(sc.first_stop)![1]);
        const hits: Seen[] = [];
        for (let k = 1; k <= hit; k++) {
          if (k > 1) await c.request('continue', { threadId: 1 });
          hits.push(await stopped(c, dbg()));
        }
        const first = hits[hit - 1];

        // forward, one instruction at a time: the ground truth of every moment in this window
        const byKey = new Map<string, Seen>([[first.key, first]]);
        const forward: Seen[] = [first];
        for (const h of hits) byKey.set(h.key, h);
        for (let i = 0; i < FORWARD; i++) {
          await c.request('stepIn', { threadId: 1, granularity: 'instruction' });
          const s = await stopped(c, dbg());
          forward.push(s);
          byKey.set(s.key, s);
        }
        const expectSeen = (s: Seen, what: string) => {
          const f = byKey.get(s.key);
          expect(f, `${what}: lands on a moment forward execution stopped at (${s.key})`).toBeDefined();
          expect(s.digest, `${what}: the state forward execution had there`).toBe(f!.digest);
        };

        // back one instruction at a time (DAP stepBack is the reverse of `next`: calls made since are skipped)
        let j = forward.length - 1;
        let steps = 0;
        for (;;) {
          let i = j - 1;
          while (i >= 0 && forward[i].depth > forward[j].depth) i--;
          if (i < 0) break; // the step would leave the window
          await c.request('stepBack', { threadId: 1, granularity: 'instruction' });
          const s = await stopped(c, dbg());
          expect(s.key, `reverse instruction step from forward stop ${j}`).toBe(forward[i].key);
          expectSeen(s, `reverse instruction step to forward stop ${i}`);
          j = i;
          steps++;
        }
        expect(steps).toBeGreaterThan(0);

        // forward again to the end of the window: the same states (re-execution is deterministic)
        for (let i = j + 1; i < forward.length; i++) {
          await c.request('stepIn', { threadId: 1, granularity: 'instruction' });
          const s = await stopped(c, dbg());
          expect(s.key).toBe(forward[i].key);
          expect(s.digest, `forward stop ${i} after going back`).toBe(forward[i].digest);
        }

        // back by source lines: each landing a forward state, earlier each time (until it leaves the window)
        let last = forward[forward.length - 1];
        for (let n = 0; n < 3 && last.time >= first.time; n++) {
          await c.request('stepBack', { threadId: 1, granularity: 'line' });
          const s = await stopped(c, dbg());
          expect(s.time, 'a reverse line step goes back in time').toBeLessThanOrEqual(last.time);
          expect(s.key).not.toBe(last.key);
          if (!before(s, first)) expectSeen(s, `reverse line step ${n}`);
          last = s;
        }

        // reverse-continue down to the program's start: every landing a breakpoint hit forward execution
        // stopped at, latest first; then the program's first instruction
        const bpHits = new Map<string, Seen>();
        for (const s of [...hits, ...forward.filter((f) => f.reason === 'breakpoint')]) bpHits.set(s.key, s);
        const start = last;
        const expected = [...bpHits.values()].filter((s) => before(s, start)).sort((a, b) => b.time - a.time).map((s) => s.key);
        const landed: Seen[] = [];
        for (let guard = 0; guard < FORWARD + hit + 2; guard++) {
          await c.request('reverseContinue', { threadId: 1 });
          const s = await stopped(c, dbg());
          if (s.reason === 'entry') {
            expect(dbg().stopped!.frame.depth, "the start: the entry function, called from the host").toBe(0);
            break;
          }
          expect(s.reason).toBe('breakpoint');
          expect(s.time).toBeLessThanOrEqual(last.time);
          expectSeen(s, 'reverse continue');
          landed.push(s);
          last = s;
        }
        expect(landed.map((s) => s.key)).toEqual(expected);
        // and forward again through the breakpoints to the first stop
        for (let k = 0; k < hit; k++) {
          await c.request('continue', { threadId: 1 });
          const again = await stopped(c, dbg());
          expect(again.key).toBe(hits[k].key);
          expect(again.digest, `breakpoint hit ${k + 1} after going back`).toBe(hits[k].digest);
        }

        // the rest of the program, live from where the recording ends
        await setBreakpoints(c, []);
        for (const file of new Set(sc.breakpoints.map((b: Json) => b.spec.split(':')[0]).filter((f: string) => f !== 'function'))) {
          await c.request('setBreakpoints', { source: { path: join(DEBUG_DIR, file as string) }, breakpoints: [] });
        }
        await c.request('continue', { threadId: 1 });
        await expectScenarioOutcome(c, sc, wasi, outDir);
        await c.request('disconnect');
      } finally {
        if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
      }
    }, 120000);
  }
});
