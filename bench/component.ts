// Component-call benchmark (issue #8): nanoseconds per call of a component export, purewasm against jco
// (jco-transpiled JS on Node's own WebAssembly), both in this process; purewasm twice, its core code
// interpreted (the default, `purewasm_ns`) and with the JS tier (`compiler: jit`, `purewasm_js_ns`).
// `npm run --silent bench -- --component --json` prints
//   {"component": {"add": {"purewasm_ns": …, "purewasm_js_ns": …, "jco_ns": …}, "string_16b": …, "string_1k": …, "string_1m": …}}
// BENCH_CPU=1 times in process CPU time (component/timing.ts).
// Cases: `docs:adder/add@0.1.0#add(1, 2)` of the adder component, and `roundtrip(s)` of the strings
// component (a UTF-16 guest) with non-ASCII strings of 16 B, 1 KiB and 1 MiB (the same size in UTF-8 and
// UTF-16; see component/fixtures.ts). Each engine's result is checked against the expected value; an
// engine that fails to load, throws or returns something else gets an `error` for that case.
// Direct run: `npx tsx bench/component.ts`.
import { benchString, type AdderApi, type StringsApi } from './component/fixtures.js';
import { jcoAdder, jcoStrings } from './component/jco.js';
import { purewasmAdder, purewasmStrings } from './component/purewasm.js';
import { timePerCall, type TimingOptions } from './component/timing.js';

export interface ComponentCaseResult {
  purewasm_ns?: number;
  purewasm_js_ns?: number;
  jco_ns?: number;
  error?: string;
}

type Engine = 'purewasm' | 'purewasm_js' | 'jco';
const ENGINES: readonly Engine[] = ['purewasm', 'purewasm_js', 'jco'];

type Loaded<T> = { ok: true; api: T } | { ok: false; error: string };

function message(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

async function settle<T>(p: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, api: await p() };
  } catch (e) {
    return { ok: false, error: message(e) };
  }
}

/** A short description of a value for mismatch messages (1 MiB strings are not printed). */
function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} code units` : JSON.stringify(v);
  return typeof v === 'bigint' ? `${v}n` : JSON.stringify(v) ?? String(v);
}

interface Case {
  readonly name: string;
  readonly call: Record<Engine, (() => unknown) | string>; // the call, or why it cannot run
  readonly expected: unknown;
  readonly timing?: TimingOptions;
}

function round(ns: number): number {
  return ns >= 100 ? Math.round(ns) : Math.round(ns * 10) / 10;
}

function runCase(c: Case): ComponentCaseResult {
  const out: ComponentCaseResult = {};
  const errors: string[] = [];
  const results = new Map<Engine, unknown>();
  for (const engine of ENGINES) {
    const call = c.call[engine];
    if (typeof call === 'string') {
      errors.push(`${engine}: ${call}`);
      continue;
    }
    try {
      const r = call();
      results.set(engine, r);
      if (r !== c.expected) errors.push(`${engine}: returned ${describe(r)}, expected ${describe(c.expected)}`);
      out[`${engine}_ns`] = round(timePerCall(call, c.timing));
    } catch (e) {
      errors.push(`${engine}: ${message(e)}`);
    }
  }
  for (const engine of ['purewasm_js', 'jco'] as const) {
    if (results.has('purewasm') && results.has(engine) && results.get('purewasm') !== results.get(engine)) {
      errors.push(`mismatch: purewasm returned ${describe(results.get('purewasm'))}, ${engine} ${describe(results.get(engine))}`);
    }
  }
  if (errors.length > 0) out.error = errors.join('; ');
  return out;
}

export async function runComponentBench(): Promise<{ component: Record<string, ComponentCaseResult> }> {
  const adder: Record<Engine, Loaded<AdderApi>> = {
    purewasm: await settle(() => purewasmAdder()),
    purewasm_js: await settle(() => purewasmAdder(true)),
    jco: await settle(jcoAdder),
  };
  const strings: Record<Engine, Loaded<StringsApi>> = {
    purewasm: await settle(() => purewasmStrings()),
    purewasm_js: await settle(() => purewasmStrings(true)),
    jco: await settle(jcoStrings),
  };
  // The fixture's own check (not timed): test-imports calls both host imports.
  for (const engine of ENGINES) {
    const s = strings[engine];
    if (!s.ok) continue;
    try {
      s.api.testImports();
    } catch (e) {
      strings[engine] = { ok: false, error: `test-imports failed: ${message(e)}` };
    }
  }

  const addCall = (l: Loaded<AdderApi>): (() => unknown) | string => {
    if (!l.ok) return l.error;
    const api = l.api;
    return () => api.add(1, 2);
  };
  const roundtripCall = (l: Loaded<StringsApi>, s: string): (() => unknown) | string => {
    if (!l.ok) return l.error;
    const api = l.api;
    return () => api.roundtrip(s);
  };

  const cases: Case[] = [{ name: 'add', call: { purewasm: addCall(adder.purewasm), purewasm_js: addCall(adder.purewasm_js), jco: addCall(adder.jco) }, expected: 3 }];
  for (const [name, bytes, timing] of [
    ['string_16b', 16, undefined],
    ['string_1k', 1024, undefined],
    ['string_1m', 1 << 20, { totalMs: 500, maxPerBatch: 50 }],
  ] as const) {
    const s = benchString(bytes);
    cases.push({
      name,
      call: { purewasm: roundtripCall(strings.purewasm, s), purewasm_js: roundtripCall(strings.purewasm_js, s), jco: roundtripCall(strings.jco, s) },
      expected: s,
      timing,
    });
  }

  const component: Record<string, ComponentCaseResult> = {};
  for (const c of cases) component[c.name] = runCase(c);
  return { component };
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  runComponentBench().then(
    (r) => process.stdout.write(JSON.stringify(r, null, 2) + '\n'),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
