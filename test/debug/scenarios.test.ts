// Every scenario of ../shared/fixtures/debug/scenarios.json driven through the DAP server (an in-process
// DapSession, the one `purewasm debug --dap` serves) by a DAP client: breakpoints resolved and hit the
// scenario's number of times, stop reasons, the whole stack (function, file, line, pc), the names in scope,
// locals with their types and values, expressions, caller frames' locals, raw wasm locals, step over / into /
// out landing lines — then the program runs to its end with the scenario's output and exit code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEBUG_DIR, scenarios, type Json } from './dwarf/fixtures.js';
import { DapClient, type Msg } from './dap-client.js';
import { expectScenarioOutcome } from './scenario-outcome.js';

const REQUEST: Record<string, string> = { step_over: 'next', step_into: 'stepIn', step_out: 'stepOut', continue: 'continue' };

/** Compares a DAP variable with a scenario value (numbers, chars by code, pointers as addresses, strings,
 *  arrays and structs through their children). */
async function expectValue(c: DapClient, v: Msg, expected: Json, what: string): Promise<void> {
  if (Array.isArray(expected)) {
    expect(v.variablesReference, `${what}: an array has children`).toBeGreaterThan(0);
    const kids = await c.variables(v.variablesReference);
    expect(kids.length, `${what}: length`).toBeGreaterThanOrEqual(expected.length);
    for (let i = 0; i < expected.length; i++) await expectValue(c, kids[i], expected[i], `${what}[${i}]`);
  } else if (typeof expected === 'object' && expected !== null) {
    expect(v.variablesReference, `${what}: a struct has children`).toBeGreaterThan(0);
    const kids = await c.variables(v.variablesReference);
    for (const [k, e] of Object.entries(expected)) {
      const kid = kids.find((x: Msg) => x.name === k);
      expect(kid, `${what}.${k} exists`).toBeDefined();
      await expectValue(c, kid, e, `${what}.${k}`);
    }
  } else if (typeof expected === 'string') {
    expect(v.value, what).toContain(JSON.stringify(expected));
  } else {
    expect(numberOf(v.value), `${what} = ${v.value}`).toBe(expected);
  }
}

function numberOf(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+/i.test(t)) return parseInt(t, 16);
  const n = /^-?\d+(\.\d+)?/.exec(t);
  if (n !== null) return Number(n[0]);
  const ch = /^'(.)'/.exec(t);
  return ch === null ? undefined : ch[1].charCodeAt(0);
}

async function scopeVars(c: DapClient, frameId: number, name: string): Promise<Msg[]> {
  const scopes = (await c.request('scopes', { frameId })).body.scopes;
  const s = scopes.find((x: Msg) => x.name === name);
  expect(s, `scope ${name} of frame ${frameId}`).toBeDefined();
  return c.variables(s.variablesReference);
}

async function expectLocals(c: DapClient, frameId: number, locals: Record<string, Json>, skip: string[], what: string): Promise<void> {
  const vars = await scopeVars(c, frameId, 'Locals');
  for (const [name, l] of Object.entries(locals)) {
    if (skip.includes(name)) continue;
    const v = vars.find((x) => x.name === name);
    expect(v, `${what}: local ${name}`).toBeDefined();
    expect(v.type, `${what}: type of ${name}`).toBe(l.type);
    await expectValue(c, v, l.value, `${what}: ${name}`);
  }
}

async function checkStop(c: DapClient, st: Json, ev: Msg, what: string): Promise<void> {
  const reason = st.reason === 'step-out' ? 'step' : st.reason;
  expect(ev.body.reason, `${what}: reason`).toBe(reason);
  if (st.reason === 'step-out') expect(ev.body.description).toBe('step out');
  const frames = (await c.request('stackTrace', { threadId: 1 })).body.stackFrames.filter((f: Msg) => f.presentationHint !== 'label');
  expect(frames.map((f: Msg) => ({ function: f.name, line: f.line === 0 && f.source === undefined ? null : f.line, pc: parseInt(f.instructionPointerReference, 16) })), `${what}: stack`)
    .toEqual(st.stack.map((f: Json) => ({ function: f.function, line: f.line, pc: f.pc })));
  st.stack.forEach((f: Json, i: number) => {
    if (f.file !== null) expect(frames[i].source.path.endsWith('/' + f.file), `${what}: frame ${i} file`).toBe(true);
    if (f.file === null) expect(frames[i].source, `${what}: frame ${i} has no source`).toBeUndefined();
  });
  expect(frames[0].column, `${what}: column`).toBe(st.column ?? 0);
  const dwarf = st.stack[0].has_dwarf as boolean;
  if (dwarf) {
    const names = (await scopeVars(c, 1, 'Locals')).map((v) => v.name);
    expect(names, `${what}: in scope`).toEqual(st.in_scope);
    await expectLocals(c, 1, st.locals ?? {}, st.uninitialized ?? [], what);
    const vars = await scopeVars(c, 1, 'Locals');
    for (const o of st.optimized_out ?? []) expect(vars.find((v) => v.name === o.name)?.value, `${what}: ${o.name} optimized out`).toMatch(/optimized out/);
    for (const [name, o] of Object.entries((st.operand_stack_values ?? {}) as Record<string, Json>)) {
      await expectValue(c, vars.find((v) => v.name === name), o.value, `${what}: ${name} (operand stack)`);
    }
  }
  for (const [expr, value] of Object.entries((st.expressions ?? {}) as Record<string, Json>)) {
    const r = (await c.request('evaluate', { expression: expr, frameId: 1, context: 'watch' })).body;
    await expectValue(c, { value: r.result, variablesReference: r.variablesReference }, value, `${what}: ${expr}`);
  }
  for (const [k, cf] of Object.entries((st.caller_frames ?? {}) as Record<string, Json>)) {
    expect(frames[Number(k)].name).toBe(cf.function);
    await expectLocals(c, Number(k) + 1, cf.locals ?? {}, [], `${what}: frame ${k}`);
  }
  const wasmLocals = async (frameId: number, expected: Record<string, number>) => {
    const vars = await scopeVars(c, frameId, 'Wasm locals');
    for (const [i, v] of Object.entries(expected)) expect(numberOf(vars[Number(i)].value), `${what}: frame ${frameId} wasm local ${i}`).toBe(v);
  };
  if (st.wasm_locals !== undefined) await wasmLocals(1, st.wasm_locals);
  for (const [k, l] of Object.entries((st.caller_wasm_locals ?? {}) as Record<string, Json>)) await wasmLocals(Number(k) + 1, l);
}

async function setBreakpoints(c: DapClient, specs: string[]): Promise<Msg[]> {
  const out: Msg[] = [];
  const files = new Map<string, number[]>();
  const functions: string[] = [];
  for (const s of specs) {
    if (s.startsWith('function:')) functions.push(s.slice('function:'.length));
    else {
      const i = s.lastIndexOf(':');
      files.set(s.slice(0, i), [...(files.get(s.slice(0, i)) ?? []), Number(s.slice(i + 1))]);
    }
  }
  for (const [file, lines] of files) {
    const r = await c.request('setBreakpoints', { source: { path: join(DEBUG_DIR, file) }, breakpoints: lines.map((line) => ({ line })) });
    out.push(...r.body.breakpoints);
  }
  if (functions.length > 0 || specs.length === 0) {
    const r = await c.request('setFunctionBreakpoints', { breakpoints: functions.map((name) => ({ name })) });
    out.push(...r.body.breakpoints);
  }
  return out;
}

describe('debugger scenarios through the DAP server', () => {
  for (const sc of scenarios()) {
    it(sc.id, async () => {
      const c = new DapClient();
      const init = await c.request('initialize', { adapterID: 'purewasm', linesStartAt1: true, columnsStartAt1: true });
      expect(init.body.supportsConfigurationDoneRequest).toBe(true);
      const wasi = sc.run.wasi_preview1;
      const outDir = wasi !== undefined ? mkdtempSync(join(tmpdir(), 'pwdbg-')) : undefined;
      try {
        const program = join(DEBUG_DIR, sc.binary);
        const launch = c.request('launch', wasi !== undefined
          ? { program, argv0: wasi.args[0], args: wasi.args.slice(1), env: wasi.env, preopens: { '/out': outDir } }
          : { program, invoke: sc.run.invoke, args: sc.run.args.map(String) });
        // VS Code's order: the launch is answered only after configurationDone
        await c.event('initialized');
        const bps = await setBreakpoints(c, sc.breakpoints.map((b: Json) => b.spec));
        sc.breakpoints.forEach((b: Json, i: number) => {
          expect(bps[i].verified, `${b.spec} verified`).toBe(true);
          expect(parseInt(bps[i].instructionReference, 16), `${b.spec} resolves`).toBe(Math.min(...b.addresses.map((a: Json) => a.pc)));
        });
        await c.request('configurationDone');
        await launch;
        const hit = Number(/hit number (\d+)/.exec(sc.first_stop)![1]);
        let n = 0;
        for (const cmd of sc.commands as string[]) {
          if (cmd === 'delete_breakpoints') {
            await setBreakpoints(c, []);
            for (const file of new Set(sc.breakpoints.map((b: Json) => b.spec.split(':')[0]).filter((f: string) => f !== 'function'))) {
              await c.request('setBreakpoints', { source: { path: join(DEBUG_DIR, file as string) }, breakpoints: [] });
            }
            continue;
          }
          if (cmd === 'run') {
            for (let k = 1; k < hit; k++) {
              expect((await c.event('stopped')).body.reason).toBe('breakpoint');
              await c.request('continue', { threadId: 1 });
            }
          } else {
            await c.request(REQUEST[cmd], { threadId: 1 });
          }
          await checkStop(c, sc.stops[n], await c.event('stopped'), `${sc.id} stop ${n} (${cmd})`);
          n++;
        }
        // the rest of the program: no breakpoints, to its end
        for (const file of new Set(sc.breakpoints.map((b: Json) => b.spec.split(':')[0]))) {
          if (file !== 'function') await c.request('setBreakpoints', { source: { path: join(DEBUG_DIR, file as string) }, breakpoints: [] });
        }
        await c.request('setFunctionBreakpoints', { breakpoints: [] });
        await c.request('continue', { threadId: 1 });
        await expectScenarioOutcome(c, sc, wasi, outDir);
        await c.event('terminated');
        await c.request('disconnect');
      } finally {
        if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
      }
    }, 60000);
  }
});
